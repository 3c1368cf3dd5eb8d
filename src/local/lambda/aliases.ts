// CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases.
import { randomUUID } from 'node:crypto';
import { fail, validationError } from '../../core/apiProblem';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { AliasRecord, FunctionRecord } from '../store/functionRecord';
import { checkRevision, jsonBody, optionalString } from './body';
import type { LambdaContext } from './context';
import { findFunction } from './lookup';
import { arnOf, renderAlias } from './render';
import { pageOf } from './versions';

const ALIAS_NAME = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;

function validateAliasName(name: unknown): string {
  if (typeof name !== 'string' || name.length > 128 || !ALIAS_NAME.test(name)) {
    validationError(name ?? 'null', 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)');
  }
  return name;
}

function checkVersionExists(ctx: LambdaContext, record: FunctionRecord, version: unknown): string {
  if (typeof version !== 'string') validationError(version ?? 'null', 'functionVersion', 'Member must not be null');
  if (version !== '$LATEST' && !record.versions.some((v) => v.version === version)) {
    fail('ResourceNotFoundException', `Function not found: ${arnOf(record, ctx.account, version)}`, 404);
  }
  return version;
}

function routing(ctx: LambdaContext, record: FunctionRecord, value: unknown): Record<string, number> | undefined {
  const weights = (value as { AdditionalVersionWeights?: unknown } | undefined)?.AdditionalVersionWeights;
  if (weights === undefined) return undefined;
  if (!weights || typeof weights !== 'object') fail('InvalidParameterValueException', 'RoutingConfig.AdditionalVersionWeights must be a map of version to weight.');
  const result: Record<string, number> = {};
  for (const [version, weight] of Object.entries(weights)) {
    checkVersionExists(ctx, record, version);
    if (typeof weight !== 'number' || weight < 0 || weight > 1) fail('InvalidParameterValueException', `The weight of version ${version} must be between 0.0 and 1.0.`);
    result[version] = weight;
  }
  return result;
}

function findAlias(ctx: LambdaContext, record: FunctionRecord, name: string): AliasRecord {
  const alias = record.aliases.find((a) => a.name === name);
  if (!alias) fail('ResourceNotFoundException', `Alias not found: ${arnOf(record, ctx.account, name)}`, 404);
  return alias;
}

export function createAlias(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const body = jsonBody(exchange);
  const name = validateAliasName(body.Name);
  const functionVersion = checkVersionExists(ctx, record, body.FunctionVersion);
  if (record.aliases.some((a) => a.name === name)) fail('ResourceConflictException', `Alias already exists: ${arnOf(record, ctx.account, name)}`, 409);
  const weights = routing(ctx, record, body.RoutingConfig);
  const alias: AliasRecord = { name, functionVersion, description: optionalString(body, 'Description') ?? '', revisionId: randomUUID(), ...(weights ? { additionalVersionWeights: weights } : {}) };
  ctx.functions.save({ ...record, aliases: [...record.aliases, alias] });
  return json(201, renderAlias(record, alias, ctx.account));
}

export function getAlias(ctx: LambdaContext, exchange: Exchange, functionName: string, name: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  return json(200, renderAlias(record, findAlias(ctx, record, name), ctx.account));
}

export function updateAlias(ctx: LambdaContext, exchange: Exchange, functionName: string, name: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const current = findAlias(ctx, record, name);
  const body = jsonBody(exchange);
  checkRevision(optionalString(body, 'RevisionId'), current.revisionId, 'GetAlias');
  const weights = body.RoutingConfig === undefined ? current.additionalVersionWeights : routing(ctx, record, body.RoutingConfig);
  const alias: AliasRecord = {
    name,
    functionVersion: body.FunctionVersion === undefined ? current.functionVersion : checkVersionExists(ctx, record, body.FunctionVersion),
    description: optionalString(body, 'Description') ?? current.description,
    revisionId: randomUUID(),
    ...(weights ? { additionalVersionWeights: weights } : {}),
  };
  ctx.functions.save({ ...record, aliases: record.aliases.map((a) => (a.name === name ? alias : a)) });
  ctx.invoker.retire(record.region, record.name);
  return json(200, renderAlias(record, alias, ctx.account));
}

export function deleteAlias(ctx: LambdaContext, exchange: Exchange, functionName: string, name: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  if (!record.aliases.some((a) => a.name === name)) return { status: 204 };
  // The alias's Function URL goes with it, as on Lambda.
  const url = record.urls?.find((u) => u.qualifier === name);
  ctx.functions.save({ ...record, aliases: record.aliases.filter((a) => a.name !== name), ...(url ? { urls: record.urls!.filter((u) => u !== url) } : {}) });
  if (url) ctx.urls.close(url.urlId);
  return { status: 204 };
}

export function listAliases(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const version = queryString(exchange, 'FunctionVersion');
  const aliases = [...record.aliases].sort((a, b) => a.name.localeCompare(b.name)).filter((a) => version === undefined || a.functionVersion === version);
  const { items, nextMarker } = pageOf(aliases, queryString(exchange, 'Marker'), queryString(exchange, 'MaxItems'));
  return json(200, { Aliases: items.map((a) => renderAlias(record, a, ctx.account)), ...(nextMarker ? { NextMarker: nextMarker } : {}) });
}
