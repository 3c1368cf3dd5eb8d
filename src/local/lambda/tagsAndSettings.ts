// TagResource, UntagResource, ListTags; Put/Get/DeleteFunctionConcurrency; GetAccountSettings.
import { fail, validationError } from '../../core/apiProblem';
import { parseFunctionRef } from '../../core/arn';
import * as limits from '../../core/limits';
import { json, type Exchange, type Reply } from '../http/exchange';
import { jsonBody } from './body';
import type { LambdaContext } from './context';
import { findFunction, readFunctionRef, type NotFoundQualifier } from './lookup';
import { validateTags } from './functions';

const ACCOUNT_CONCURRENCY = 1000;
const UNRESERVED_MINIMUM = 100;
const TOTAL_CODE_SIZE = 80_530_636_800;

/** The Resource of the tagging operations, as AWS quotes it (test_lambda_api.snapshot.json, TestLambdaTags::test_tag_exceptions / tag_lambda_invalidarn). */
const TAGGABLE_PATTERN =
  'arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)';
const TAGGABLE = new RegExp(`^${TAGGABLE_PATTERN}$`);
const TAG_LIMIT = 50;

function taggedFunction(ctx: LambdaContext, exchange: Exchange, resource: string) {
  if (!TAGGABLE.test(resource))
    validationError(
      resource,
      'resource',
      `Member must satisfy regular expression pattern: ${TAGGABLE_PATTERN}`,
    );
  const kind = /^arn:[^:]+:lambda:[^:]+:\d{12}:([a-z-]+):/.exec(resource)![1];
  // Resources the local endpoint does not keep: the not-found answers AWS gives for them.
  if (kind === 'event-source-mapping')
    fail('ResourceNotFoundException', `Event source mapping not found: ${resource}`, 404);
  if (kind === 'capacity-provider')
    fail('ResourceNotFoundException', `Capacity provider not found: ${resource}`, 404);
  if (kind !== 'function')
    fail('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
  const ref = parseFunctionRef(resource);
  if (ref?.qualifier !== undefined)
    fail(
      'InvalidParameterValueException',
      'Tags on function aliases and versions are not supported. Please specify a function ARN.',
    );
  return findFunction(ctx, exchange, resource, { notFound: 'none' }).record;
}

export function tagResource(ctx: LambdaContext, exchange: Exchange, resource: string): Reply {
  const record = taggedFunction(ctx, exchange, resource);
  const given = jsonBody(exchange).Tags;
  // AWS's answer to an empty Tags (TestLambdaTags::test_tag_exceptions / tag_empty_tags).
  if (!given || (typeof given === 'object' && Object.keys(given).length === 0))
    fail(
      'InvalidParameterValueException',
      'An error occurred and the request cannot be processed.',
    );
  const merged = { ...record.tags, ...validateTags(given) };
  if (Object.keys(merged).length > TAG_LIMIT)
    fail('InvalidParameterValueException', 'Number of tags exceeds resource tag limit.');
  ctx.functions.save({ ...record, tags: merged });
  return { status: 204 };
}

export function untagResource(ctx: LambdaContext, exchange: Exchange, resource: string): Reply {
  const record = taggedFunction(ctx, exchange, resource);
  const keys = exchange.query.tagKeys;
  // TestLambdaTags::test_tag_exceptions / untag_empty_keys (an empty list is sent as no parameter).
  if (keys === undefined || (Array.isArray(keys) && keys.length === 0))
    fail(
      'ValidationException',
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
  const remove = new Set(Array.isArray(keys) ? keys : [keys]);
  ctx.functions.save({
    ...record,
    tags: Object.fromEntries(Object.entries(record.tags).filter(([k]) => !remove.has(k))),
  });
  return { status: 204 };
}

export function listTags(ctx: LambdaContext, exchange: Exchange, resource: string): Reply {
  return json(200, { Tags: taggedFunction(ctx, exchange, resource).tags });
}

/** The concurrency operations take the function alone (TestLambdaReservedConcurrency::test_function_concurrency_exceptions / put_function_concurrency_with_qualified_arn). */
function unqualifiedFunction(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  notFound: NotFoundQualifier,
) {
  const { name, qualifier } = readFunctionRef(ctx, exchange, functionName);
  if (qualifier !== undefined) {
    fail(
      'InvalidParameterValueException',
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    );
  }
  return findFunction(ctx, exchange, name, { notFound }).record;
}

function reservedElsewhere(ctx: LambdaContext, region: string, except: string): number {
  return ctx.functions
    .all()
    .filter((r) => r.region === region && r.name !== except)
    .reduce((sum, r) => sum + (r.reservedConcurrency ?? 0), 0);
}

export function putFunctionConcurrency(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const record = unqualifiedFunction(ctx, exchange, functionName, 'latest');
  const value = jsonBody(exchange).ReservedConcurrentExecutions;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0`,
    );
  }
  if (
    ACCOUNT_CONCURRENCY - reservedElsewhere(ctx, record.region, record.name) - value <
    UNRESERVED_MINIMUM
  ) {
    fail(
      'InvalidParameterValueException',
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${UNRESERVED_MINIMUM}].`,
    );
  }
  ctx.functions.save({ ...record, reservedConcurrency: value });
  return json(200, { ReservedConcurrentExecutions: value });
}

export function getFunctionConcurrency(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const record = unqualifiedFunction(ctx, exchange, functionName, 'none');
  return json(
    200,
    record.reservedConcurrency === undefined
      ? {}
      : { ReservedConcurrentExecutions: record.reservedConcurrency },
  );
}

export function deleteFunctionConcurrency(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const record = unqualifiedFunction(ctx, exchange, functionName, 'none');
  const { reservedConcurrency: _removed, ...rest } = record;
  ctx.functions.save(rest);
  return { status: 204 };
}

export function getAccountSettings(ctx: LambdaContext, exchange: Exchange): Reply {
  const inRegion = ctx.functions.all().filter((r) => r.region === exchange.region);
  const codeSize = inRegion.reduce(
    (sum, r) => sum + r.latest.codeSize + r.versions.reduce((s, v) => s + v.codeSize, 0),
    0,
  );
  return json(200, {
    AccountLimit: {
      TotalCodeSize: TOTAL_CODE_SIZE,
      CodeSizeUnzipped: limits.UNZIPPED_MAX_BYTES,
      CodeSizeZipped: limits.ZIP_UPLOAD_MAX_BYTES,
      ConcurrentExecutions: ACCOUNT_CONCURRENCY,
      UnreservedConcurrentExecutions:
        ACCOUNT_CONCURRENCY - reservedElsewhere(ctx, exchange.region, ''),
    },
    AccountUsage: { TotalCodeSize: codeSize, FunctionCount: inRegion.length },
  });
}
