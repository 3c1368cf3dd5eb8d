// Changes to features the local endpoint does not run (code signing, provisioned concurrency, event
// source mappings, layers, capacity providers, durable executions, resource policies of the
// 2026-07-09 API). Nothing is ever stored for them, so:
// - creating or setting one is refused with an error that says so and what to do instead (never
//   a success that stores nothing);
// - a delete of what cannot exist answers as AWS does when there is nothing to delete;
// - naming one by its id or ARN answers as AWS does for one that does not exist.
// Recorded answers: LocalStack's AWS-validated snapshot tests/aws/services/lambda_/
// test_lambda_api.snapshot.json (keys named below).
import { fail, validationError } from '../../core/apiProblem';
import { functionArn, partitionOf } from '../../core/arn';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import { jsonBody } from './body';
import type { LambdaContext } from './context';
import { findFunction, optionalQualifier, readFunctionRef, resolveQualifier } from './lookup';
import { arnOf } from './render';

/** The refusal's words: what does not run here, that nothing changed, and what to do instead. */
export function notRunLocallyText(what: string, instead: string): string {
  return `The local endpoint does not run ${what}: nothing was created or changed. ${instead}`;
}

/** The refusal: InvalidParameterValueException, as AWS answers a feature a region does not offer. */
export function notRunLocally(what: string, instead: string): never {
  fail('InvalidParameterValueException', notRunLocallyText(what, instead));
}

const NO_SUCH_RESOURCE = 'The resource you requested does not exist.';
const noSuchResource = (): never => fail('ResourceNotFoundException', NO_SUCH_RESOURCE, 404);

// --- Code signing (TestCodeSigningConfig::test_code_signing_not_found_excs) ---

export const CODE_SIGNING =
  'code signing: it keeps no code signing configurations, and every function runs its package unsigned';

/** get_csc_invalid, update_csc_invalid_csc_arn, delete_csc_notfound, list_functions_by_csc_invalid_cscarn. */
export function codeSigningConfigNotFound(
  _ctx: LambdaContext,
  _exchange: Exchange,
  arn: string,
): never {
  fail(
    'ResourceNotFoundException',
    `The Lambda code signing configuration ${arn} can not be found.`,
    404,
  );
}

export function createCodeSigningConfig(): never {
  notRunLocally(
    CODE_SIGNING,
    'Create the configuration in AWS, where deploys are checked against it.',
  );
}

/** put_function_csc_invalid_fnname, then put_function_csc_invalid_csc_arn: no configuration exists here. */
export function putFunctionCodeSigningConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  findFunction(ctx, exchange, functionName, { notFound: 'none' });
  const arn = jsonBody(exchange).CodeSigningConfigArn;
  fail(
    'CodeSigningConfigNotFoundException',
    `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${String(arn)}. The local endpoint does not run ${CODE_SIGNING}.`,
    404,
  );
}

/** delete_function_csc_fnnotfound, nothing_to_delete_response. */
export function deleteFunctionCodeSigningConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  findFunction(ctx, exchange, functionName, { notFound: 'none' });
  return { status: 204 };
}

// --- Provisioned concurrency (TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions) ---

/** The version or alias a provisioned-concurrency call names, with AWS's not-found words for each. */
function provisionedTarget(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  latestMessage: string,
): void {
  const { name, qualifier } = readFunctionRef(
    ctx,
    exchange,
    functionName,
    queryString(exchange, 'Qualifier'),
  );
  const record = ctx.functions.get(exchange.region, name);
  const arn = functionArn(
    partitionOf(exchange.region),
    exchange.region,
    ctx.account,
    name,
    qualifier,
  );
  const isVersion = qualifier !== undefined && /^\d+$/.test(qualifier);
  // *_functionname_doesnotexist, *_qualifier_doesnotexist, *_version_doesnotexist
  if (!record && qualifier !== undefined && qualifier !== '$LATEST')
    fail(
      'ResourceNotFoundException',
      isVersion ? `Function not found: ${arn}` : `Cannot find alias arn: ${arn}`,
      404,
    );
  if (!record) fail('ResourceNotFoundException', `Function not found: ${arn}`, 404);
  // put_provisioned_latest, delete_provisioned_latest
  if (qualifier === undefined || qualifier === '$LATEST')
    fail('InvalidParameterValueException', latestMessage);
  if (!isVersion && !record.aliases.some((a) => a.name === qualifier))
    fail(
      'ResourceNotFoundException',
      `Cannot find alias arn: ${arnOf(record, ctx.account, qualifier)}`,
      404,
    );
  resolveQualifier(ctx.account, record, qualifier);
}

export function putProvisionedConcurrencyConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const executions = jsonBody(exchange).ProvisionedConcurrentExecutions;
  // put_provisioned_invalid_param_0
  if (typeof executions !== 'number' || !Number.isInteger(executions) || executions < 1) {
    validationError(
      executions ?? null,
      'provisionedConcurrentExecutions',
      'Member must have value greater than or equal to 1',
    );
  }
  provisionedTarget(
    ctx,
    exchange,
    functionName,
    'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
  );
  notRunLocally(
    'provisioned concurrency: it starts an execution environment at the first invoke and keeps it warm for the next ones',
    'To measure a cold start, invoke once; to compare with a warm one, invoke again.',
  );
}

/** delete_provisioned_config_doesnotexist: 204 when there is none. */
export function deleteProvisionedConcurrencyConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  provisionedTarget(
    ctx,
    exchange,
    functionName,
    'The function resource provided must be an alias or a published version.',
  );
  return { status: 204 };
}

// --- Event source mappings ---

export function createEventSourceMapping(): never {
  notRunLocally(
    'event source mappings: it polls no queue, stream or broker (SQS, Kinesis, DynamoDB Streams, Kafka, MQ, DocumentDB)',
    'Invoke the function with a sample event of that source instead (lambda-lens events generate sqs receive-message, kinesis get-records, dynamodb update …), or create the mapping in AWS.',
  );
}

/** Get, Update and DeleteEventSourceMapping by UUID: none exists here. */
export const eventSourceMappingNotFound = (): never => noSuchResource();

// --- Layers (TestLambdaLayer::test_layer_exceptions, test_layer_policy_exceptions) ---

export const LAYERS = 'layers: a function runs with the files of its own package only';

export const LAYER_FILES_INSTEAD =
  "Put the layer's files in the function's package (Node.js modules under node_modules/, Python packages at its root)";

export function publishLayerVersion(): never {
  notRunLocally(LAYERS, `${LAYER_FILES_INSTEAD}, or publish the layer in AWS.`);
}

/** get_layer_version_exc_layer_version_doesnotexist_negative, _zero. */
function checkLayerVersion(version: string): void {
  if (!/^\d+$/.test(version) || Number(version) < 1)
    fail('InvalidParameterValueException', 'Layer Version Cannot be less than 1');
}

/** get_layer_version_exc_layer_doesnotexist, get_layer_version_by_arn_exc_nonexistentversion. */
export function getLayerVersion(_ctx: LambdaContext, _exchange: Exchange, version: string): never {
  checkLayerVersion(version);
  return noSuchResource();
}

/** delete_nonexistent_response, delete_nonexistent_version_response: 204. */
export function deleteLayerVersion(
  _ctx: LambdaContext,
  _exchange: Exchange,
  version: string,
): Reply {
  checkLayerVersion(version);
  return { status: 204 };
}

/** list_nonexistent_layer. */
export const listLayerVersions = (): Reply => json(200, { LayerVersions: [] });

/** layer_permission_layername_doesnotexist_*, layer_permission_layerversion_doesnotexist_* (add, get, remove). */
export function layerVersionNotFound(
  ctx: LambdaContext,
  exchange: Exchange,
  layer: string,
  version: string,
): never {
  const arn = `arn:${partitionOf(exchange.region)}:lambda:${exchange.region}:${ctx.account}:layer:${layer}:${version}`;
  fail('ResourceNotFoundException', `Layer version ${arn} does not exist.`, 404);
}

// --- Capacity providers and function scaling (Lambda Managed Instances) ---

const CAPACITY =
  'capacity providers: functions run as processes on this machine, not on managed instances';

export function createCapacityProvider(): never {
  notRunLocally(CAPACITY, 'Create the capacity provider in AWS.');
}

export const capacityProviderNotFound = (): never => noSuchResource();
export const listCapacityProviders = (): Reply => json(200, { CapacityProviders: [] });

/** A function on no capacity provider has no scaling config: its ARN alone. */
export function getFunctionScalingConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record, qualifier } = findFunction(ctx, exchange, functionName, {
    notFound: 'none',
    ...optionalQualifier(queryString(exchange, 'Qualifier')),
  });
  resolveQualifier(ctx.account, record, qualifier);
  return json(200, { FunctionArn: arnOf(record, ctx.account, qualifier) });
}

export function putFunctionScalingConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  findFunction(ctx, exchange, functionName, { notFound: 'none' });
  notRunLocally(CAPACITY, 'Scaling configs apply to functions on a capacity provider in AWS.');
}

// --- Durable executions ---

/** Checkpoint, Stop, Get…: no durable execution exists here. */
export const durableExecutionNotFound = (): never => noSuchResource();

export function listDurableExecutionsByFunction(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  findFunction(ctx, exchange, functionName, { notFound: 'none' });
  return json(200, { DurableExecutions: [] });
}

// --- Resource policies of the 2026-07-09 API (Put/Get/DeleteResourcePolicy) ---

export function putResourcePolicy(): never {
  notRunLocally(
    'resource policies of this API',
    "For a function's own policy use AddPermission, which the endpoint stores and GetPolicy returns.",
  );
}

export const resourcePolicyNotFound = (): never => noSuchResource();
