// Read operations of features the local endpoint does not have (code signing, provisioned
// concurrency, event source mappings, layers), answered as AWS answers them for a function that
// does not use the feature, so that tools that read them work (changes: absentFeatureChanges.ts;
// policies, recursion and runtime management settings are stored: permissions.ts,
// functionSettings.ts). Recorded answers: LocalStack's AWS-validated snapshot
// tests/aws/services/lambda_/test_lambda_api.snapshot.json (keys named below).
import { fail } from '../../core/apiProblem';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { LambdaContext } from './context';
import { findFunction, resolveQualifier } from './lookup';
import { arnOf } from './render';
import { getLayerVersion } from './absentFeatureChanges';

/** TestCodeSigningConfig::* / get_function_csc_fnwithoutcsc: 200 with an empty body. */
export function getFunctionCodeSigningConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  findFunction(ctx, exchange, functionName, { notFound: 'none' });
  return json(200, {});
}

/** Get (with Qualifier) and List (?List=ALL) share a path (TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions). */
export function getProvisionedConcurrency(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const listing = queryString(exchange, 'List') === 'ALL';
  const { record, qualifier } = findFunction(ctx, exchange, functionName, {
    notFound: 'none',
    ...(listing ? {} : optional(queryString(exchange, 'Qualifier'))),
  });
  if (listing) return json(200, { ProvisionedConcurrencyConfigs: [] });
  if (qualifier === undefined || qualifier === '$LATEST')
    fail(
      'InvalidParameterValueException',
      'The function resource provided must be an alias or a published version.',
    );
  if (!/^\d+$/.test(qualifier) && !record.aliases.some((a) => a.name === qualifier)) {
    fail(
      'ResourceNotFoundException',
      `Cannot find alias arn: ${arnOf(record, ctx.account, qualifier)}`,
      404,
    );
  }
  resolveQualifier(ctx.account, record, qualifier);
  fail(
    'ProvisionedConcurrencyConfigNotFoundException',
    'No Provisioned Concurrency Config found for this function',
    404,
  );
}

function optional(qualifier: string | undefined): { qualifier?: string } {
  return qualifier !== undefined ? { qualifier } : {};
}

export const listEventSourceMappings = (): Reply => json(200, { EventSourceMappings: [] });
export function listLayers(ctx: LambdaContext, exchange: Exchange): Reply {
  // GetLayerVersionByArn shares the path: ?find=LayerVersion&Arn=… (get_layer_version_by_arn_exc_nonexistentversion).
  if (queryString(exchange, 'find') === 'LayerVersion')
    return getLayerVersion(
      ctx,
      exchange,
      /:(\d+)$/.exec(queryString(exchange, 'Arn') ?? '')?.[1] ?? '0',
    );
  return json(200, { Layers: [] });
}
export const listCodeSigningConfigs = (): Reply => json(200, { CodeSigningConfigs: [] });
