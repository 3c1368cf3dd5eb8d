// Read operations of features the local endpoint does not have (code signing, resource policies,
// provisioned concurrency, event source mappings, layers, recursion and runtime management
// settings), answered as AWS answers them for a function that does not use the feature, so that
// tools that read them work. Recorded answers: LocalStack's AWS-validated snapshot
// tests/aws/services/lambda_/test_lambda_api.snapshot.json (keys named below).
import { fail } from '../../core/apiProblem';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { LambdaContext } from './context';
import { findFunction, resolveQualifier } from './lookup';
import { arnOf } from './render';

/** TestCodeSigningConfig::* / get_function_csc_fnwithoutcsc: 200 with an empty body. */
export function getFunctionCodeSigningConfig(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  findFunction(ctx, exchange, functionName, { notFound: 'none' });
  return json(200, {});
}

/** TestLambdaPermissions::test_remove_multi_permissions / get_policy_exception_removed_all. */
export function getPolicy(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  findFunction(ctx, exchange, functionName, { notFound: 'none' });
  fail('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
}

/** TestLambdaRecursion::* / get_recursion_default_terminate_response. */
export function getFunctionRecursionConfig(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  findFunction(ctx, exchange, functionName, { notFound: 'none' });
  return json(200, { RecursiveLoop: 'Terminate' });
}

/** Runtime updates are automatic unless a function says otherwise (DG "Runtime version updates"). */
export function getRuntimeManagementConfig(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName, { notFound: 'none' });
  return json(200, { UpdateRuntimeOn: 'Auto', FunctionArn: arnOf(record, ctx.account) });
}

/** Get (with Qualifier) and List (?List=ALL) share a path (TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions). */
export function getProvisionedConcurrency(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const listing = queryString(exchange, 'List') === 'ALL';
  const { record, qualifier } = findFunction(ctx, exchange, functionName, { notFound: 'none', ...(listing ? {} : optional(queryString(exchange, 'Qualifier'))) });
  if (listing) return json(200, { ProvisionedConcurrencyConfigs: [] });
  if (qualifier === undefined || qualifier === '$LATEST') fail('InvalidParameterValueException', 'The function resource provided must be an alias or a published version.');
  if (!/^\d+$/.test(qualifier) && !record.aliases.some((a) => a.name === qualifier)) {
    fail('ResourceNotFoundException', `Cannot find alias arn: ${arnOf(record, ctx.account, qualifier)}`, 404);
  }
  resolveQualifier(ctx.account, record, qualifier);
  fail('ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function', 404);
}

function optional(qualifier: string | undefined): { qualifier?: string } {
  return qualifier !== undefined ? { qualifier } : {};
}

export const listEventSourceMappings = (): Reply => json(200, { EventSourceMappings: [] });
export const listLayers = (): Reply => json(200, { Layers: [] });
export const listCodeSigningConfigs = (): Reply => json(200, { CodeSigningConfigs: [] });
