// TagResource, UntagResource, ListTags; Put/Get/DeleteFunctionConcurrency; GetAccountSettings.
import { fail } from '../../core/apiProblem';
import { parseFunctionRef } from '../../core/arn';
import * as limits from '../../core/limits';
import { json, type Exchange, type Reply } from '../http/exchange';
import { jsonBody } from './body';
import type { LambdaContext } from './context';
import { findFunction } from './lookup';
import { validateTags } from './functions';

const ACCOUNT_CONCURRENCY = 1000;
const UNRESERVED_MINIMUM = 100;
const TOTAL_CODE_SIZE = 80_530_636_800;

function taggedFunction(ctx: LambdaContext, exchange: Exchange, resource: string) {
  const ref = parseFunctionRef(resource);
  if (!resource.startsWith('arn:') || !ref) fail('ValidationException', `1 validation error detected: Value '${resource}' at 'resource' failed to satisfy constraint: Member must be a function ARN`);
  if (ref.qualifier) fail('InvalidParameterValueException', 'Tags are on the function: use its unqualified ARN.');
  return findFunction(ctx, exchange, resource).record;
}

export function tagResource(ctx: LambdaContext, exchange: Exchange, resource: string): Reply {
  const record = taggedFunction(ctx, exchange, resource);
  const tags = validateTags(jsonBody(exchange).Tags);
  const merged = { ...record.tags, ...tags };
  if (Object.keys(merged).length > 50) fail('InvalidParameterValueException', 'A function can have at most 50 tags.');
  ctx.functions.save({ ...record, tags: merged });
  return { status: 204 };
}

export function untagResource(ctx: LambdaContext, exchange: Exchange, resource: string): Reply {
  const record = taggedFunction(ctx, exchange, resource);
  const keys = exchange.query.tagKeys;
  const remove = new Set(Array.isArray(keys) ? keys : keys === undefined ? [] : [keys]);
  ctx.functions.save({ ...record, tags: Object.fromEntries(Object.entries(record.tags).filter(([k]) => !remove.has(k))) });
  return { status: 204 };
}

export function listTags(ctx: LambdaContext, exchange: Exchange, resource: string): Reply {
  return json(200, { Tags: taggedFunction(ctx, exchange, resource).tags });
}

function reservedElsewhere(ctx: LambdaContext, region: string, except: string): number {
  return ctx.functions.all().filter((r) => r.region === region && r.name !== except).reduce((sum, r) => sum + (r.reservedConcurrency ?? 0), 0);
}

export function putFunctionConcurrency(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const value = jsonBody(exchange).ReservedConcurrentExecutions;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail('ValidationException', `1 validation error detected: Value '${String(value)}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  }
  if (ACCOUNT_CONCURRENCY - reservedElsewhere(ctx, record.region, record.name) - value < UNRESERVED_MINIMUM) {
    fail('InvalidParameterValueException', `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${UNRESERVED_MINIMUM}].`);
  }
  ctx.functions.save({ ...record, reservedConcurrency: value });
  return json(200, { ReservedConcurrentExecutions: value });
}

export function getFunctionConcurrency(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  return json(200, record.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: record.reservedConcurrency });
}

export function deleteFunctionConcurrency(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const { reservedConcurrency: _removed, ...rest } = record;
  ctx.functions.save(rest);
  return { status: 204 };
}

export function getAccountSettings(ctx: LambdaContext, exchange: Exchange): Reply {
  const inRegion = ctx.functions.all().filter((r) => r.region === exchange.region);
  const codeSize = inRegion.reduce((sum, r) => sum + r.latest.codeSize + r.versions.reduce((s, v) => s + v.codeSize, 0), 0);
  return json(200, {
    AccountLimit: {
      TotalCodeSize: TOTAL_CODE_SIZE,
      CodeSizeUnzipped: limits.UNZIPPED_MAX_BYTES,
      CodeSizeZipped: limits.ZIP_UPLOAD_MAX_BYTES,
      ConcurrentExecutions: ACCOUNT_CONCURRENCY,
      UnreservedConcurrentExecutions: ACCOUNT_CONCURRENCY - reservedElsewhere(ctx, exchange.region, ''),
    },
    AccountUsage: { TotalCodeSize: codeSize, FunctionCount: inRegion.length },
  });
}
