// CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases.
import { randomUUID } from 'node:crypto';
import { fail, validationError } from '../../core/apiProblem';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { AliasRecord, FunctionRecord } from '../store/functionRecord';
import { checkRevision, jsonBody, optionalString } from './body';
import type { LambdaContext } from './context';
import { findFunction, notFoundArn, readFunctionRef } from './lookup';
import { arnOf, renderAlias } from './render';
import { pageOf } from './versions';

const ALIAS_NAME = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;

function validateAliasName(name: unknown): string {
  if (typeof name !== 'string' || name.length > 128 || !ALIAS_NAME.test(name)) {
    validationError(
      name ?? 'null',
      'name',
      'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)',
    );
  }
  return name;
}

function checkVersionExists(ctx: LambdaContext, record: FunctionRecord, version: unknown): string {
  if (typeof version !== 'string')
    validationError(version ?? 'null', 'functionVersion', 'Member must not be null');
  if (version !== '$LATEST' && !record.versions.some((v) => v.version === version)) {
    fail(
      'ResourceNotFoundException',
      `Function not found: ${arnOf(record, ctx.account, version)}`,
      404,
    );
  }
  return version;
}

/** A weight as Java prints a double in AWS's validation messages: 2 → "2.0". */
function javaDouble(value: unknown): string {
  return typeof value === 'number' && Number.isInteger(value) ? `${value}.0` : String(value);
}

/**
 * RoutingConfig.AdditionalVersionWeights as AWS checks it, in AWS's order and words (LocalStack's
 * AWS-validated snapshot test_lambda_api.snapshot.json, TestLambdaAlias::test_notfound_and_invalid_routingconfigs).
 * First what the request validator refuses (before the function is looked up).
 */
function weightsOf(value: unknown): Record<string, unknown> | undefined {
  const weights = (value as { AdditionalVersionWeights?: unknown } | undefined)
    ?.AdditionalVersionWeights;
  if (weights === undefined || weights === null) return undefined;
  if (typeof weights !== 'object' || Array.isArray(weights))
    fail(
      'SerializationException',
      'RoutingConfig.AdditionalVersionWeights must be a map of version to weight.',
    );
  const entries = Object.entries(weights);
  const shown = `{${entries.map(([k, v]) => `${k}=${javaDouble(v)}`).join(', ')}}`;
  const field = 'routingConfig.additionalVersionWeights';
  if (entries.some(([k]) => k.length < 1 || k.length > 1024 || !/^[0-9]+$/.test(k))) {
    validationError(
      shown,
      field,
      'Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]',
    );
  }
  if (entries.some(([, v]) => typeof v !== 'number' || v < 0 || v > 1)) {
    validationError(
      shown,
      field,
      'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]',
    );
  }
  return weights as Record<string, unknown>;
}

/** Then what Lambda refuses once it has the function: more than one version, $LATEST, the alias's own version, a missing version. */
function routing(
  ctx: LambdaContext,
  record: FunctionRecord,
  functionVersion: string,
  weights: Record<string, unknown> | undefined,
): Record<string, number> | undefined {
  if (weights === undefined) return undefined;
  const entries = Object.entries(weights) as Array<[string, number]>;
  if (entries.length === 0) return undefined;
  if (entries.length > 1)
    fail(
      'InvalidParameterValueException',
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    );
  if (functionVersion === '$LATEST')
    fail(
      'InvalidParameterValueException',
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
  const [[version]] = entries as [[string, number]];
  if (version === functionVersion)
    fail(
      'InvalidParameterValueException',
      `Invalid function version ${version}. Function version ${version} is already included in routing configuration.`,
    );
  checkVersionExists(ctx, record, functionVersion);
  checkVersionExists(ctx, record, version);
  return Object.fromEntries(entries);
}

function findAlias(ctx: LambdaContext, record: FunctionRecord, name: string): AliasRecord {
  const alias = record.aliases.find((a) => a.name === name);
  if (!alias)
    fail('ResourceNotFoundException', `Alias not found: ${arnOf(record, ctx.account, name)}`, 404);
  return alias;
}

export function createAlias(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const body = jsonBody(exchange);
  const name = validateAliasName(body.Name);
  const weights = weightsOf(body.RoutingConfig);
  if (typeof body.FunctionVersion !== 'string')
    validationError(body.FunctionVersion ?? 'null', 'functionVersion', 'Member must not be null');
  // AWS names the version asked for when the function is missing (routing_config_exc_fn_doesnotexist).
  const { name: fnName } = readFunctionRef(ctx, exchange, functionName);
  const record = ctx.functions.get(exchange.region, fnName);
  if (!record)
    fail(
      'ResourceNotFoundException',
      `Function not found: ${notFoundArn(ctx, exchange, fnName, body.FunctionVersion, 'asked')}`,
      404,
    );
  const additional = routing(ctx, record, body.FunctionVersion, weights);
  const functionVersion = checkVersionExists(ctx, record, body.FunctionVersion);
  if (record.aliases.some((a) => a.name === name))
    fail(
      'ResourceConflictException',
      `Alias already exists: ${arnOf(record, ctx.account, name)}`,
      409,
    );
  const alias: AliasRecord = {
    name,
    functionVersion,
    description: optionalString(body, 'Description') ?? '',
    revisionId: randomUUID(),
    ...(additional ? { additionalVersionWeights: additional } : {}),
  };
  ctx.functions.save({ ...record, aliases: [...record.aliases, alias] });
  return json(201, renderAlias(record, alias, ctx.account));
}

export function getAlias(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  name: string,
): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const alias = record.aliases.find((a) => a.name === name);
  // GetAlias words it so (TestLambdaAlias::test_notfound_and_invalid_routingconfigs / alias_does_not_exist_esc).
  if (!alias)
    fail(
      'ResourceNotFoundException',
      `Cannot find alias arn: ${arnOf(record, ctx.account, name)}`,
      404,
    );
  return json(200, renderAlias(record, alias, ctx.account));
}

export function updateAlias(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  name: string,
): Reply {
  const body = jsonBody(exchange);
  const weights = body.RoutingConfig === undefined ? undefined : weightsOf(body.RoutingConfig);
  const { record } = findFunction(ctx, exchange, functionName);
  const current = findAlias(ctx, record, name);
  checkRevision(optionalString(body, 'RevisionId'), current.revisionId);
  const functionVersion =
    body.FunctionVersion === undefined
      ? current.functionVersion
      : checkVersionExists(ctx, record, body.FunctionVersion);
  const additional =
    body.RoutingConfig === undefined
      ? current.additionalVersionWeights
      : routing(ctx, record, functionVersion, weights);
  const alias: AliasRecord = {
    name,
    functionVersion,
    description: optionalString(body, 'Description') ?? current.description,
    revisionId: randomUUID(),
    ...(additional ? { additionalVersionWeights: additional } : {}),
  };
  ctx.functions.save({
    ...record,
    aliases: record.aliases.map((a) => (a.name === name ? alias : a)),
  });
  ctx.invoker.retire(record.region, record.name);
  return json(200, renderAlias(record, alias, ctx.account));
}

export function deleteAlias(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  name: string,
): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  if (!record.aliases.some((a) => a.name === name)) return { status: 204 };
  // The alias's Function URL goes with it, as on Lambda.
  const url = record.urls?.find((u) => u.qualifier === name);
  // So does its resource-based policy: an alias made again later under the name starts without one.
  const { [name]: _policy, ...policies } = record.policies ?? {};
  ctx.functions.save({
    ...record,
    aliases: record.aliases.filter((a) => a.name !== name),
    ...(url ? { urls: record.urls!.filter((u) => u !== url) } : {}),
    ...(record.policies ? { policies } : {}),
  });
  if (url) ctx.urls.close(url.urlId);
  return { status: 204 };
}

export function listAliases(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const version = queryString(exchange, 'FunctionVersion');
  const aliases = [...record.aliases]
    .sort((a, b) => a.name.localeCompare(b.name))
    .filter((a) => version === undefined || a.functionVersion === version);
  const { items, nextMarker } = pageOf(
    aliases,
    queryString(exchange, 'Marker'),
    queryString(exchange, 'MaxItems'),
  );
  return json(200, {
    Aliases: items.map((a) => renderAlias(record, a, ctx.account)),
    ...(nextMarker ? { NextMarker: nextMarker } : {}),
  });
}
