// CreateFunctionUrlConfig, GetFunctionUrlConfig, UpdateFunctionUrlConfig, DeleteFunctionUrlConfig
// and ListFunctionUrlConfigs (API version 2021-10-31). A URL belongs to the unqualified function
// or to an alias (never a version nor $LATEST by name, as on Lambda); each listens on a loopback
// port of its own (../furl/urlServers.ts), which FunctionUrl names.
import { randomBytes } from 'node:crypto';
import { enumValue, fail, validationError } from '../../core/apiProblem';
import { lambdaTimestamp } from '../../core/awsTime';
import type { CorsConfig } from '../../core/http/cors';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { FunctionRecord, UrlRecord } from '../store/functionRecord';
import { jsonBody } from './body';
import type { LambdaContext } from './context';
import { readFunctionRef } from './lookup';
import { arnOf } from './render';
import { pageOf } from './versions';

const NOT_FOUND = 'The resource you requested does not exist.';
const ALIAS_QUALIFIER = /^(?!\d+$)[0-9a-zA-Z_-]+$/;

/** The URL's address: one loopback port per URL, so that each is its own origin. */
export function functionUrlOf(url: UrlRecord): string {
  return `http://127.0.0.1:${url.port}/`;
}

/** Lambda's URL ids are 32 characters of [a-z0-9]. */
function newUrlId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export function renderUrlConfig(
  record: FunctionRecord,
  url: UrlRecord,
  account: string,
  { withLastModified = true } = {},
): Record<string, unknown> {
  return {
    FunctionUrl: functionUrlOf(url),
    FunctionArn: arnOf(record, account, url.qualifier),
    AuthType: url.authType,
    ...(url.cors ? { Cors: url.cors } : {}),
    CreationTime: url.creationTime,
    ...(withLastModified ? { LastModifiedTime: url.lastModifiedTime } : {}),
    InvokeMode: url.invokeMode,
  };
}

/** The function and the alias a request names (?Qualifier= or name:alias), checked as Lambda checks them. */
function target(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  missingFunction: string,
): { record: FunctionRecord; qualifier?: string } {
  const qualifier = queryString(exchange, 'Qualifier');
  if (qualifier !== undefined && (qualifier.length > 128 || !ALIAS_QUALIFIER.test(qualifier))) {
    validationError(
      qualifier,
      'qualifier',
      'Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)',
    );
  }
  // The region and account of an ARN are checked as for every operation; a missing function has this API's own message.
  const { name, qualifier: named } = readFunctionRef(ctx, exchange, functionName);
  const record = ctx.functions.get(exchange.region, name);
  if (!record) fail('ResourceNotFoundException', missingFunction, 404);
  if (named !== undefined && (named === '$LATEST' || !ALIAS_QUALIFIER.test(named))) {
    validationError(
      named,
      'qualifier',
      'Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)',
    );
  }
  if (named !== undefined && qualifier !== undefined && named !== qualifier) {
    fail(
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  const chosen = named ?? qualifier;
  return { record, ...(chosen !== undefined ? { qualifier: chosen } : {}) };
}

function findUrl(record: FunctionRecord, qualifier: string | undefined): UrlRecord | undefined {
  return record.urls?.find((u) => u.qualifier === qualifier);
}

function requireAlias(record: FunctionRecord, qualifier: string | undefined): void {
  if (qualifier !== undefined && !record.aliases.some((a) => a.name === qualifier))
    fail('ResourceNotFoundException', 'Function does not exist', 404);
}

function stringList(
  value: unknown,
  field: string,
  maxItems: number,
  maxLength: number,
): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    fail('SerializationException', `Cors.${field} must be a list of strings.`);
  const list = value as string[];
  const path = `cors.${field[0]!.toLowerCase()}${field.slice(1)}`;
  if (list.length > maxItems)
    validationError(list, path, `Member must have length less than or equal to ${maxItems}`);
  const long = list.find((v) => v.length > maxLength);
  if (long !== undefined)
    validationError(
      list,
      path,
      `Member must satisfy constraint: [Member must have length less than or equal to ${maxLength}]`,
    );
  return list;
}

/** Cors as given, checked against the API's limits; undefined when absent. */
function corsOf(value: unknown): CorsConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    fail('SerializationException', 'Cors must be an object.');
  const given = value as Record<string, unknown>;
  const cors: Record<string, unknown> = {};
  if (given.AllowCredentials !== undefined && given.AllowCredentials !== null) {
    if (typeof given.AllowCredentials !== 'boolean')
      fail('SerializationException', 'Cors.AllowCredentials must be a boolean.');
    cors.AllowCredentials = given.AllowCredentials;
  }
  const lists: [string, number, number][] = [
    ['AllowHeaders', 100, 1024],
    ['AllowMethods', 6, 6],
    ['AllowOrigins', 100, 253],
    ['ExposeHeaders', 100, 1024],
  ];
  for (const [field, maxItems, maxLength] of lists) {
    const list = stringList(given[field], field, maxItems, maxLength);
    if (list) cors[field] = list;
  }
  if (given.MaxAge !== undefined && given.MaxAge !== null) {
    if (typeof given.MaxAge !== 'number' || !Number.isInteger(given.MaxAge))
      fail('SerializationException', 'Cors.MaxAge must be an integer.');
    if (given.MaxAge < 0 || given.MaxAge > 86_400)
      validationError(
        given.MaxAge,
        'cors.maxAge',
        'Member must have value less than or equal to 86400',
      );
    cors.MaxAge = given.MaxAge;
  }
  return cors as CorsConfig;
}

const AUTH_TYPES = ['AWS_IAM', 'NONE'] as const;
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'] as const;

export async function createFunctionUrlConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Promise<Reply> {
  const { record, qualifier } = target(ctx, exchange, functionName, 'Function does not exist');
  const body = jsonBody(exchange);
  const authType = enumValue(body.AuthType, 'authType', AUTH_TYPES);
  const invokeMode =
    body.InvokeMode === undefined || body.InvokeMode === null
      ? 'BUFFERED'
      : enumValue(body.InvokeMode, 'invokeMode', INVOKE_MODES);
  const cors = corsOf(body.Cors);
  if (findUrl(record, qualifier)) {
    fail(
      'ResourceConflictException',
      `Failed to create function url config for [functionArn = ${arnOf(record, ctx.account, qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      409,
    );
  }
  requireAlias(record, qualifier);
  const urlId = newUrlId();
  // Listening first: the record names a port that is ours.
  const port = await ctx.urls.open(urlId);
  const now = lambdaTimestamp(new Date());
  const url: UrlRecord = {
    ...(qualifier !== undefined ? { qualifier } : {}),
    urlId,
    port,
    authType,
    ...(cors ? { cors } : {}),
    invokeMode,
    creationTime: now,
    lastModifiedTime: now,
  };
  // The record may have changed while the port opened (another request): read it again.
  const current = ctx.functions.get(record.region, record.name);
  if (!current || findUrl(current, qualifier)) {
    ctx.urls.close(urlId);
    if (!current) fail('ResourceNotFoundException', 'Function does not exist', 404);
    fail(
      'ResourceConflictException',
      `Failed to create function url config for [functionArn = ${arnOf(record, ctx.account, qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      409,
    );
  }
  try {
    ctx.functions.save({ ...current, urls: [...(current.urls ?? []), url] });
  } catch (error) {
    ctx.urls.close(urlId);
    throw error;
  }
  return json(201, renderUrlConfig(current, url, ctx.account, { withLastModified: false }));
}

export function getFunctionUrlConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record, qualifier } = target(ctx, exchange, functionName, NOT_FOUND);
  const url = findUrl(record, qualifier) ?? fail('ResourceNotFoundException', NOT_FOUND, 404);
  return json(200, renderUrlConfig(record, url, ctx.account));
}

export function updateFunctionUrlConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record, qualifier } = target(ctx, exchange, functionName, 'Function does not exist');
  const body = jsonBody(exchange);
  const authType =
    body.AuthType === undefined || body.AuthType === null
      ? undefined
      : enumValue(body.AuthType, 'authType', AUTH_TYPES);
  const invokeMode =
    body.InvokeMode === undefined || body.InvokeMode === null
      ? undefined
      : enumValue(body.InvokeMode, 'invokeMode', INVOKE_MODES);
  const cors = corsOf(body.Cors);
  requireAlias(record, qualifier);
  const current = findUrl(record, qualifier) ?? fail('ResourceNotFoundException', NOT_FOUND, 404);
  const url: UrlRecord = {
    ...current,
    ...(authType ? { authType } : {}),
    ...(invokeMode ? { invokeMode } : {}),
    ...(cors ? { cors } : {}),
    lastModifiedTime: lambdaTimestamp(new Date()),
  };
  ctx.functions.save({
    ...record,
    urls: (record.urls ?? []).map((u) => (u === current ? url : u)),
  });
  return json(200, renderUrlConfig(record, url, ctx.account));
}

export function deleteFunctionUrlConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record, qualifier } = target(ctx, exchange, functionName, NOT_FOUND);
  const url = findUrl(record, qualifier) ?? fail('ResourceNotFoundException', NOT_FOUND, 404);
  ctx.functions.save({ ...record, urls: (record.urls ?? []).filter((u) => u !== url) });
  ctx.urls.close(url.urlId);
  return { status: 204 };
}

export function listFunctionUrlConfigs(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record } = target(ctx, exchange, functionName, 'Function does not exist');
  const urls = [...(record.urls ?? [])].sort((a, b) =>
    (a.qualifier ?? '').localeCompare(b.qualifier ?? ''),
  );
  const { items, nextMarker } = pageOf(
    urls,
    queryString(exchange, 'Marker'),
    queryString(exchange, 'MaxItems'),
  );
  return json(200, {
    FunctionUrlConfigs: items.map((u) => renderUrlConfig(record, u, ctx.account)),
    ...(nextMarker ? { NextMarker: nextMarker } : {}),
  });
}
