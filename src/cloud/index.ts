// The cloud layer's public surface: what the extension requires lazily from dist/cloud.js and the
// CLI imports directly. Loading this module loads the AWS SDK, so nothing may import it at activation.
export { createLambdaClient, createLogsClient, lambdaClientFor, logsClientFor, forgetClients, type ConnectionTarget, type EndpointConnection } from './clients';
export { listFunctionPages, type FunctionPage } from './listFunctions';
export { listProfiles } from './profiles';
export { deleteFunction, versionsAndAliases, recentInvocations, latestLogStreams, streamEvents, type Invocation } from './functions';
export { deployFunction, DeployError, type DeployRequest, type DeployResult } from './deploy/deployFunction';
export { preparePackage, type PackageRequest, type PreparedPackage, type BuiltPackage } from './deploy/packageFolder';
export { PackagingError } from './deploy/packagingError';
export { loadFunctionDefinitions, guessFromFolder, type WorkspaceDefinitions, type FolderGuesses } from './deploy/functionDefinitions';
export type { DeployProgress, DeployStage, LiveState } from '../core/deploy/deployOutcome';
export type { FunctionDefinition, DefinitionProblem } from '../core/deploy/functionDefinition';
