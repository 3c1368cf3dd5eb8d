// Maps Lambda's REST paths (/2015-03-31/functions/…) to the operations.
import { fail } from '../../core/apiProblem';
import { json, type Exchange, type Reply } from '../http/exchange';
import type { LambdaContext } from './context';
import * as absent from './absentFeatures';
import * as changes from './absentFeatureChanges';
import * as aliases from './aliases';
import * as eic from './eventInvokeConfig';
import * as functions from './functions';
import * as urls from './functionUrls';
import * as other from './tagsAndSettings';
import * as permissions from './permissions';
import * as settings from './functionSettings';
import * as versions from './versions';
import { resolveFunction } from './lookup';
import { invokeWithResponseStream } from './invokeWithResponseStream';

type Handler = (ctx: LambdaContext, exchange: Exchange, params: string[]) => Reply | Promise<Reply>;
/** `operation` is the API's name for it, as AWS uses it in some error messages. */
interface Route {
  method: string;
  operation: string;
  pattern: string[];
  handler: Handler;
}

// '*' is a path parameter. Trailing empty segments (a trailing slash) are ignored when matching.
const ROUTES: Route[] = [
  {
    method: 'POST',
    operation: 'CreateFunction',
    pattern: ['2015-03-31', 'functions'],
    handler: (c, e) => functions.createFunction(c, e),
  },
  {
    method: 'GET',
    operation: 'ListFunctions',
    pattern: ['2015-03-31', 'functions'],
    handler: (c, e) => functions.listFunctions(c, e),
  },
  {
    method: 'GET',
    operation: 'GetFunction',
    pattern: ['2015-03-31', 'functions', '*'],
    handler: (c, e, [n]) => functions.getFunction(c, e, n!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteFunction',
    pattern: ['2015-03-31', 'functions', '*'],
    handler: (c, e, [n]) => functions.deleteFunction(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'GetFunctionConfiguration',
    pattern: ['2015-03-31', 'functions', '*', 'configuration'],
    handler: (c, e, [n]) => functions.getFunctionConfiguration(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'UpdateFunctionConfiguration',
    pattern: ['2015-03-31', 'functions', '*', 'configuration'],
    handler: (c, e, [n]) => functions.updateFunctionConfiguration(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'UpdateFunctionCode',
    pattern: ['2015-03-31', 'functions', '*', 'code'],
    handler: (c, e, [n]) => functions.updateFunctionCode(c, e, n!),
  },
  {
    method: 'POST',
    operation: 'PublishVersion',
    pattern: ['2015-03-31', 'functions', '*', 'versions'],
    handler: (c, e, [n]) => versions.publishVersionApi(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'ListVersionsByFunction',
    pattern: ['2015-03-31', 'functions', '*', 'versions'],
    handler: (c, e, [n]) => versions.listVersionsByFunction(c, e, n!),
  },
  {
    method: 'POST',
    operation: 'CreateAlias',
    pattern: ['2015-03-31', 'functions', '*', 'aliases'],
    handler: (c, e, [n]) => aliases.createAlias(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'ListAliases',
    pattern: ['2015-03-31', 'functions', '*', 'aliases'],
    handler: (c, e, [n]) => aliases.listAliases(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'GetAlias',
    pattern: ['2015-03-31', 'functions', '*', 'aliases', '*'],
    handler: (c, e, [n, a]) => aliases.getAlias(c, e, n!, a!),
  },
  {
    method: 'PUT',
    operation: 'UpdateAlias',
    pattern: ['2015-03-31', 'functions', '*', 'aliases', '*'],
    handler: (c, e, [n, a]) => aliases.updateAlias(c, e, n!, a!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteAlias',
    pattern: ['2015-03-31', 'functions', '*', 'aliases', '*'],
    handler: (c, e, [n, a]) => aliases.deleteAlias(c, e, n!, a!),
  },
  {
    method: 'POST',
    operation: 'InvokeFunction',
    pattern: ['2015-03-31', 'functions', '*', 'invocations'],
    handler: invoke,
  },
  {
    method: 'POST',
    operation: 'CreateFunctionUrlConfig',
    pattern: ['2021-10-31', 'functions', '*', 'url'],
    handler: (c, e, [n]) => urls.createFunctionUrlConfig(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'GetFunctionUrlConfig',
    pattern: ['2021-10-31', 'functions', '*', 'url'],
    handler: (c, e, [n]) => urls.getFunctionUrlConfig(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'UpdateFunctionUrlConfig',
    pattern: ['2021-10-31', 'functions', '*', 'url'],
    handler: (c, e, [n]) => urls.updateFunctionUrlConfig(c, e, n!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteFunctionUrlConfig',
    pattern: ['2021-10-31', 'functions', '*', 'url'],
    handler: (c, e, [n]) => urls.deleteFunctionUrlConfig(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'ListFunctionUrlConfigs',
    pattern: ['2021-10-31', 'functions', '*', 'urls'],
    handler: (c, e, [n]) => urls.listFunctionUrlConfigs(c, e, n!),
  },
  {
    method: 'POST',
    operation: 'InvokeWithResponseStream',
    pattern: ['2021-11-15', 'functions', '*', 'response-streaming-invocations'],
    handler: (c, e, [n]) => invokeWithResponseStream(c, e, n!),
  },
  {
    method: 'POST',
    operation: 'TagResource',
    pattern: ['2017-03-31', 'tags', '*'],
    handler: (c, e, [r]) => other.tagResource(c, e, r!),
  },
  {
    method: 'DELETE',
    operation: 'UntagResource',
    pattern: ['2017-03-31', 'tags', '*'],
    handler: (c, e, [r]) => other.untagResource(c, e, r!),
  },
  {
    method: 'GET',
    operation: 'ListTags',
    pattern: ['2017-03-31', 'tags', '*'],
    handler: (c, e, [r]) => other.listTags(c, e, r!),
  },
  {
    method: 'PUT',
    operation: 'PutFunctionConcurrency',
    pattern: ['2017-10-31', 'functions', '*', 'concurrency'],
    handler: (c, e, [n]) => other.putFunctionConcurrency(c, e, n!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteFunctionConcurrency',
    pattern: ['2017-10-31', 'functions', '*', 'concurrency'],
    handler: (c, e, [n]) => other.deleteFunctionConcurrency(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'GetFunctionConcurrency',
    pattern: ['2019-09-30', 'functions', '*', 'concurrency'],
    handler: (c, e, [n]) => other.getFunctionConcurrency(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'PutFunctionEventInvokeConfig',
    pattern: ['2019-09-25', 'functions', '*', 'event-invoke-config'],
    handler: (c, e, [n]) => eic.putFunctionEventInvokeConfig(c, e, n!),
  },
  {
    method: 'POST',
    operation: 'UpdateFunctionEventInvokeConfig',
    pattern: ['2019-09-25', 'functions', '*', 'event-invoke-config'],
    handler: (c, e, [n]) => eic.updateFunctionEventInvokeConfig(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'GetFunctionEventInvokeConfig',
    pattern: ['2019-09-25', 'functions', '*', 'event-invoke-config'],
    handler: (c, e, [n]) => eic.getFunctionEventInvokeConfig(c, e, n!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteFunctionEventInvokeConfig',
    pattern: ['2019-09-25', 'functions', '*', 'event-invoke-config'],
    handler: (c, e, [n]) => eic.deleteFunctionEventInvokeConfig(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'ListFunctionEventInvokeConfigs',
    pattern: ['2019-09-25', 'functions', '*', 'event-invoke-config', 'list'],
    handler: (c, e, [n]) => eic.listFunctionEventInvokeConfigs(c, e, n!),
  },
  {
    method: 'POST',
    operation: 'InvokeAsync',
    pattern: ['2014-11-13', 'functions', '*', 'invoke-async'],
    handler: invokeAsync,
  },
  // Features the endpoint does not run: reads answer as for a function without them (absentFeatures.ts), changes as
  // absentFeatureChanges.ts says; policies, recursion and runtime management settings are stored.
  {
    method: 'GET',
    operation: 'GetFunctionCodeSigningConfig',
    pattern: ['2020-06-30', 'functions', '*', 'code-signing-config'],
    handler: (c, e, [n]) => absent.getFunctionCodeSigningConfig(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'PutFunctionCodeSigningConfig',
    pattern: ['2020-06-30', 'functions', '*', 'code-signing-config'],
    handler: (c, e, [n]) => changes.putFunctionCodeSigningConfig(c, e, n!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteFunctionCodeSigningConfig',
    pattern: ['2020-06-30', 'functions', '*', 'code-signing-config'],
    handler: (c, e, [n]) => changes.deleteFunctionCodeSigningConfig(c, e, n!),
  },
  {
    method: 'POST',
    operation: 'CreateCodeSigningConfig',
    pattern: ['2020-04-22', 'code-signing-configs'],
    handler: () => changes.createCodeSigningConfig(),
  },
  {
    method: 'GET',
    operation: 'ListCodeSigningConfigs',
    pattern: ['2020-04-22', 'code-signing-configs'],
    handler: () => absent.listCodeSigningConfigs(),
  },
  {
    method: 'GET',
    operation: 'GetCodeSigningConfig',
    pattern: ['2020-04-22', 'code-signing-configs', '*'],
    handler: (c, e, [a]) => changes.codeSigningConfigNotFound(c, e, a!),
  },
  {
    method: 'PUT',
    operation: 'UpdateCodeSigningConfig',
    pattern: ['2020-04-22', 'code-signing-configs', '*'],
    handler: (c, e, [a]) => changes.codeSigningConfigNotFound(c, e, a!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteCodeSigningConfig',
    pattern: ['2020-04-22', 'code-signing-configs', '*'],
    handler: (c, e, [a]) => changes.codeSigningConfigNotFound(c, e, a!),
  },
  {
    method: 'GET',
    operation: 'ListFunctionsByCodeSigningConfig',
    pattern: ['2020-04-22', 'code-signing-configs', '*', 'functions'],
    handler: (c, e, [a]) => changes.codeSigningConfigNotFound(c, e, a!),
  },
  {
    method: 'GET',
    operation: 'GetPolicy',
    pattern: ['2015-03-31', 'functions', '*', 'policy'],
    handler: (c, e, [n]) => permissions.getPolicy(c, e, n!),
  },
  {
    method: 'POST',
    operation: 'AddPermission',
    pattern: ['2015-03-31', 'functions', '*', 'policy'],
    handler: (c, e, [n]) => permissions.addPermission(c, e, n!),
  },
  {
    method: 'DELETE',
    operation: 'RemovePermission',
    pattern: ['2015-03-31', 'functions', '*', 'policy', '*'],
    handler: (c, e, [n, s]) => permissions.removePermission(c, e, n!, s!),
  },
  {
    method: 'GET',
    operation: 'GetFunctionRecursionConfig',
    pattern: ['2024-08-31', 'functions', '*', 'recursion-config'],
    handler: (c, e, [n]) => settings.getFunctionRecursionConfig(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'PutFunctionRecursionConfig',
    pattern: ['2024-08-31', 'functions', '*', 'recursion-config'],
    handler: (c, e, [n]) => settings.putFunctionRecursionConfig(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'GetRuntimeManagementConfig',
    pattern: ['2021-07-20', 'functions', '*', 'runtime-management-config'],
    handler: (c, e, [n]) => settings.getRuntimeManagementConfig(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'PutRuntimeManagementConfig',
    pattern: ['2021-07-20', 'functions', '*', 'runtime-management-config'],
    handler: (c, e, [n]) => settings.putRuntimeManagementConfig(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'GetProvisionedConcurrencyConfig',
    pattern: ['2019-09-30', 'functions', '*', 'provisioned-concurrency'],
    handler: (c, e, [n]) => absent.getProvisionedConcurrency(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'PutProvisionedConcurrencyConfig',
    pattern: ['2019-09-30', 'functions', '*', 'provisioned-concurrency'],
    handler: (c, e, [n]) => changes.putProvisionedConcurrencyConfig(c, e, n!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteProvisionedConcurrencyConfig',
    pattern: ['2019-09-30', 'functions', '*', 'provisioned-concurrency'],
    handler: (c, e, [n]) => changes.deleteProvisionedConcurrencyConfig(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'ListEventSourceMappings',
    pattern: ['2015-03-31', 'event-source-mappings'],
    handler: () => absent.listEventSourceMappings(),
  },
  {
    method: 'POST',
    operation: 'CreateEventSourceMapping',
    pattern: ['2015-03-31', 'event-source-mappings'],
    handler: () => changes.createEventSourceMapping(),
  },
  {
    method: 'GET',
    operation: 'GetEventSourceMapping',
    pattern: ['2015-03-31', 'event-source-mappings', '*'],
    handler: () => changes.eventSourceMappingNotFound(),
  },
  {
    method: 'PUT',
    operation: 'UpdateEventSourceMapping',
    pattern: ['2015-03-31', 'event-source-mappings', '*'],
    handler: () => changes.eventSourceMappingNotFound(),
  },
  {
    method: 'DELETE',
    operation: 'DeleteEventSourceMapping',
    pattern: ['2015-03-31', 'event-source-mappings', '*'],
    handler: () => changes.eventSourceMappingNotFound(),
  },
  {
    method: 'GET',
    operation: 'ListLayers',
    pattern: ['2018-10-31', 'layers'],
    handler: (c, e) => absent.listLayers(c, e),
  },
  {
    method: 'POST',
    operation: 'PublishLayerVersion',
    pattern: ['2018-10-31', 'layers', '*', 'versions'],
    handler: () => changes.publishLayerVersion(),
  },
  {
    method: 'GET',
    operation: 'ListLayerVersions',
    pattern: ['2018-10-31', 'layers', '*', 'versions'],
    handler: () => changes.listLayerVersions(),
  },
  {
    method: 'GET',
    operation: 'GetLayerVersion',
    pattern: ['2018-10-31', 'layers', '*', 'versions', '*'],
    handler: (c, e, [, v]) => changes.getLayerVersion(c, e, v!),
  },
  {
    method: 'DELETE',
    operation: 'DeleteLayerVersion',
    pattern: ['2018-10-31', 'layers', '*', 'versions', '*'],
    handler: (c, e, [, v]) => changes.deleteLayerVersion(c, e, v!),
  },
  {
    method: 'GET',
    operation: 'GetLayerVersionPolicy',
    pattern: ['2018-10-31', 'layers', '*', 'versions', '*', 'policy'],
    handler: (c, e, [l, v]) => changes.layerVersionNotFound(c, e, l!, v!),
  },
  {
    method: 'POST',
    operation: 'AddLayerVersionPermission',
    pattern: ['2018-10-31', 'layers', '*', 'versions', '*', 'policy'],
    handler: (c, e, [l, v]) => changes.layerVersionNotFound(c, e, l!, v!),
  },
  {
    method: 'DELETE',
    operation: 'RemoveLayerVersionPermission',
    pattern: ['2018-10-31', 'layers', '*', 'versions', '*', 'policy', '*'],
    handler: (c, e, [l, v]) => changes.layerVersionNotFound(c, e, l!, v!),
  },
  {
    method: 'POST',
    operation: 'CreateCapacityProvider',
    pattern: ['2025-11-30', 'capacity-providers'],
    handler: () => changes.createCapacityProvider(),
  },
  {
    method: 'GET',
    operation: 'ListCapacityProviders',
    pattern: ['2025-11-30', 'capacity-providers'],
    handler: () => changes.listCapacityProviders(),
  },
  {
    method: 'GET',
    operation: 'GetCapacityProvider',
    pattern: ['2025-11-30', 'capacity-providers', '*'],
    handler: () => changes.capacityProviderNotFound(),
  },
  {
    method: 'PUT',
    operation: 'UpdateCapacityProvider',
    pattern: ['2025-11-30', 'capacity-providers', '*'],
    handler: () => changes.capacityProviderNotFound(),
  },
  {
    method: 'DELETE',
    operation: 'DeleteCapacityProvider',
    pattern: ['2025-11-30', 'capacity-providers', '*'],
    handler: () => changes.capacityProviderNotFound(),
  },
  {
    method: 'GET',
    operation: 'ListFunctionVersionsByCapacityProvider',
    pattern: ['2025-11-30', 'capacity-providers', '*', 'function-versions'],
    handler: () => changes.capacityProviderNotFound(),
  },
  {
    method: 'GET',
    operation: 'GetFunctionScalingConfig',
    pattern: ['2025-11-30', 'functions', '*', 'function-scaling-config'],
    handler: (c, e, [n]) => changes.getFunctionScalingConfig(c, e, n!),
  },
  {
    method: 'PUT',
    operation: 'PutFunctionScalingConfig',
    pattern: ['2025-11-30', 'functions', '*', 'function-scaling-config'],
    handler: (c, e, [n]) => changes.putFunctionScalingConfig(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'ListDurableExecutionsByFunction',
    pattern: ['2025-12-01', 'functions', '*', 'durable-executions'],
    handler: (c, e, [n]) => changes.listDurableExecutionsByFunction(c, e, n!),
  },
  {
    method: 'GET',
    operation: 'GetDurableExecution',
    pattern: ['2025-12-01', 'durable-executions', '*'],
    handler: () => changes.durableExecutionNotFound(),
  },
  {
    method: 'GET',
    operation: 'GetDurableExecutionHistory',
    pattern: ['2025-12-01', 'durable-executions', '*', 'history'],
    handler: () => changes.durableExecutionNotFound(),
  },
  {
    method: 'GET',
    operation: 'GetDurableExecutionState',
    pattern: ['2025-12-01', 'durable-executions', '*', 'state'],
    handler: () => changes.durableExecutionNotFound(),
  },
  {
    method: 'POST',
    operation: 'CheckpointDurableExecution',
    pattern: ['2025-12-01', 'durable-executions', '*', 'checkpoint'],
    handler: () => changes.durableExecutionNotFound(),
  },
  {
    method: 'POST',
    operation: 'StopDurableExecution',
    pattern: ['2025-12-01', 'durable-executions', '*', 'stop'],
    handler: () => changes.durableExecutionNotFound(),
  },
  {
    method: 'POST',
    operation: 'SendDurableExecutionCallbackSuccess',
    pattern: ['2025-12-01', 'durable-execution-callbacks', '*', 'succeed'],
    handler: () => changes.durableExecutionNotFound(),
  },
  {
    method: 'POST',
    operation: 'SendDurableExecutionCallbackFailure',
    pattern: ['2025-12-01', 'durable-execution-callbacks', '*', 'fail'],
    handler: () => changes.durableExecutionNotFound(),
  },
  {
    method: 'POST',
    operation: 'SendDurableExecutionCallbackHeartbeat',
    pattern: ['2025-12-01', 'durable-execution-callbacks', '*', 'heartbeat'],
    handler: () => changes.durableExecutionNotFound(),
  },
  {
    method: 'PUT',
    operation: 'PutResourcePolicy',
    pattern: ['2026-07-09', 'resource-policy', '*'],
    handler: () => changes.putResourcePolicy(),
  },
  {
    method: 'GET',
    operation: 'GetResourcePolicy',
    pattern: ['2026-07-09', 'resource-policy', '*'],
    handler: () => changes.resourcePolicyNotFound(),
  },
  {
    method: 'DELETE',
    operation: 'DeleteResourcePolicy',
    pattern: ['2026-07-09', 'resource-policy', '*'],
    handler: () => changes.resourcePolicyNotFound(),
  },
  {
    method: 'GET',
    operation: 'GetAccountSettings',
    pattern: ['2016-08-19', 'account-settings'],
    handler: (c, e) => other.getAccountSettings(c, e),
  },
];

/** Every route as [method, '/path/with/*'], for tests that must reach each of them (the fuzz). */
export const ROUTE_TEMPLATES: readonly (readonly [string, string])[] = ROUTES.map(
  (route) => [route.method, `/${route.pattern.join('/')}`] as const,
);

function invoke(ctx: LambdaContext, exchange: Exchange, [name]: string[]): Promise<Reply> {
  const { record, qualifier } = resolveFunction(ctx, exchange, name!, 'latest');
  return ctx.invoker.invoke(exchange, record, qualifier);
}

/** The deprecated InvokeAsync: an Event invocation, answered in its own shape (202, Status 202). */
async function invokeAsync(
  ctx: LambdaContext,
  exchange: Exchange,
  [name]: string[],
): Promise<Reply> {
  const { record, qualifier } = resolveFunction(ctx, exchange, name!, 'latest');
  await ctx.invoker.invoke(
    { ...exchange, headers: { ...exchange.headers, 'x-amz-invocation-type': 'Event' } },
    record,
    qualifier,
  );
  return json(202, { Status: 202 });
}

function match(pattern: string[], segments: readonly string[]): string[] | undefined {
  const trimmed = segments[segments.length - 1] === '' ? segments.slice(0, -1) : segments;
  if (trimmed.length !== pattern.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*') params.push(trimmed[i]!);
    else if (pattern[i] !== trimmed[i]) return undefined;
  }
  return params;
}

/** Invoke and InvokeWithResponseStream: their bodies are events (6 MB, RequestTooLargeException). */
export function isInvokePath(segments: readonly string[]): boolean {
  return (
    match(['2015-03-31', 'functions', '*', 'invocations'], segments) !== undefined ||
    match(['2021-11-15', 'functions', '*', 'response-streaming-invocations'], segments) !==
      undefined
  );
}

/** The operation a request is for, or undefined when no route matches it. */
export function operationOf(method: string, segments: readonly string[]): string | undefined {
  return ROUTES.find((route) => route.method === method && match(route.pattern, segments))
    ?.operation;
}

export async function routeLambda(ctx: LambdaContext, exchange: Exchange): Promise<Reply> {
  let pathMatched = false;
  for (const route of ROUTES) {
    const params = match(route.pattern, exchange.segments);
    if (!params) continue;
    pathMatched = true;
    if (route.method === exchange.method)
      return route.handler(ctx, { ...exchange, operation: route.operation }, params);
  }
  if (pathMatched)
    fail(
      'MethodNotAllowedException',
      `The operation ${exchange.method} /${exchange.segments.join('/')} is not supported.`,
      405,
    );
  fail(
    'UnknownOperationException',
    `Unknown operation ${exchange.method} /${exchange.segments.join('/')}. The local endpoint implements the operations listed in docs/LOCAL-ENDPOINT.md.`,
    404,
  );
}
