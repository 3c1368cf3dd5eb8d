// The cloud layer's public surface: what the extension requires lazily from dist/cloud.js and the
// CLI imports directly. Loading this module loads the AWS SDK, so nothing may import it at activation.
export { createLambdaClient, createLogsClient, lambdaClientFor, logsClientFor, forgetClients, type ConnectionTarget, type EndpointConnection } from './clients';
export { listFunctionPages, type FunctionPage } from './listFunctions';
export { listProfiles } from './profiles';
export { invokeFunction, type InvokeRequest } from './invoke';
export { deleteFunction, versionsAndAliases, recentInvocations, latestLogStreams, streamEvents, type Invocation } from './functions';
