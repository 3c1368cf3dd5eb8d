// Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s) (API version 2019-09-25): per qualifier,
// how asynchronous invocations are retried and where their results go (runtime/asyncDelivery.ts
// honours them). Answers as AWS recorded them: LocalStack's AWS-validated snapshot
// tests/aws/services/lambda_/test_lambda_api.snapshot.json, TestLambdaEventInvokeConfig::*.
import { fail, validationErrors, type Violation } from '../../core/apiProblem';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { EventInvokeConfigRecord, FunctionRecord } from '../store/functionRecord';
import { jsonBody } from './body';
import type { LambdaContext } from './context';
import { notFoundArn, readFunctionRef } from './lookup';
import { arnOf } from './render';
import { pageOf } from './versions';

const DESTINATION_PATTERN =
  '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const DESTINATION = new RegExp(`^(?:${DESTINATION_PATTERN})$`);
/** Services a destination may be (SQS, SNS, EventBridge, Lambda, S3 for failures; Kafka for event source mappings). */
const DESTINATION_SERVICES = new Set(['sqs', 'sns', 'events', 'lambda', 's3']);

/** The function and the qualifier the config is for ($LATEST when none), after the checks every operation makes. */
function target(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): { name: string; qualifier: string; record?: FunctionRecord } {
  const { name, qualifier } = readFunctionRef(
    ctx,
    exchange,
    functionName,
    queryString(exchange, 'Qualifier'),
  );
  return { name, qualifier: qualifier ?? '$LATEST', ...recordOf(ctx, exchange, name) };
}

function recordOf(
  ctx: LambdaContext,
  exchange: Exchange,
  name: string,
): { record?: FunctionRecord } {
  const record = ctx.functions.get(exchange.region, name);
  return record ? { record } : {};
}

/** The qualifier names a version or alias that exists (or $LATEST). */
function qualifierExists(record: FunctionRecord, qualifier: string): boolean {
  return (
    qualifier === '$LATEST' ||
    record.versions.some((v) => v.version === qualifier) ||
    record.aliases.some((a) => a.name === qualifier)
  );
}

function noConfig(ctx: LambdaContext, exchange: Exchange, name: string, qualifier: string): never {
  fail(
    'ResourceNotFoundException',
    `The function ${notFoundArn(ctx, exchange, name, qualifier, 'asked')} doesn't have an EventInvokeConfig`,
    404,
  );
}

export function renderEventInvokeConfig(
  record: FunctionRecord,
  qualifier: string,
  config: EventInvokeConfigRecord,
  account: string,
): Record<string, unknown> {
  return {
    FunctionArn: arnOf(record, account, qualifier),
    LastModified: config.lastModified,
    ...(config.maximumRetryAttempts !== undefined
      ? { MaximumRetryAttempts: config.maximumRetryAttempts }
      : {}),
    ...(config.maximumEventAgeInSeconds !== undefined
      ? { MaximumEventAgeInSeconds: config.maximumEventAgeInSeconds }
      : {}),
    DestinationConfig: {
      OnSuccess: config.onSuccess ? { Destination: config.onSuccess } : {},
      OnFailure: config.onFailure ? { Destination: config.onFailure } : {},
    },
  };
}

interface Requested {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  onSuccess?: string;
  onFailure?: string;
  given: Set<string>;
}

/** The body, checked as AWS's request validator does (before the function is looked up). */
function requested(exchange: Exchange): Requested {
  const body = jsonBody(exchange);
  const violations: Violation[] = [];
  const given = new Set<string>();
  const integer = (key: string, field: string, min: number, max: number): number | undefined => {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    given.add(key);
    if (typeof value !== 'number' || !Number.isInteger(value))
      fail('SerializationException', `${key} must be a whole number.`);
    if (value < min)
      violations.push({
        value: String(value),
        field,
        constraint: `Member must have value greater than or equal to ${min}`,
      });
    if (value > max)
      violations.push({
        value: String(value),
        field,
        constraint: `Member must have value less than or equal to ${max}`,
      });
    return value;
  };
  const maximumRetryAttempts = integer('MaximumRetryAttempts', 'maximumRetryAttempts', 0, 2);
  const maximumEventAgeInSeconds = integer(
    'MaximumEventAgeInSeconds',
    'maximumEventAgeInSeconds',
    60,
    21_600,
  );
  const config = body.DestinationConfig as
    Record<string, { Destination?: unknown } | undefined> | undefined;
  const destination = (key: 'OnSuccess' | 'OnFailure'): string | undefined => {
    const entry = config?.[key];
    if (entry === undefined || entry === null) return undefined;
    given.add(key);
    const value = entry.Destination;
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || !DESTINATION.test(value)) {
      violations.push({
        value: String(value),
        field: `destinationConfig.${key === 'OnSuccess' ? 'onSuccess' : 'onFailure'}.destination`,
        constraint: `Member must satisfy regular expression pattern: ${DESTINATION_PATTERN}`,
      });
      return undefined;
    }
    return value;
  };
  const onSuccess = destination('OnSuccess');
  const onFailure = destination('OnFailure');
  validationErrors(violations);
  return {
    ...(maximumRetryAttempts !== undefined ? { maximumRetryAttempts } : {}),
    ...(maximumEventAgeInSeconds !== undefined ? { maximumEventAgeInSeconds } : {}),
    ...(onSuccess ? { onSuccess } : {}),
    ...(onFailure ? { onFailure } : {}),
    given,
  };
}

function checkDestinations(
  ctx: LambdaContext,
  exchange: Exchange,
  record: FunctionRecord,
  config: Pick<EventInvokeConfigRecord, 'onSuccess' | 'onFailure'>,
): void {
  for (const destination of [config.onSuccess, config.onFailure]) {
    if (!destination) continue;
    const service = destination.split(':')[2] ?? '';
    if (!DESTINATION_SERVICES.has(service)) {
      const shown = (d: string | undefined, key: string) =>
        d ? `${key}(destination=${d})` : 'null';
      fail(
        'InvalidParameterValueException',
        `The provided destination config DestinationConfig(onSuccess=${shown(config.onSuccess, 'OnSuccess')}, onFailure=${shown(config.onFailure, 'OnFailure')}) is invalid.`,
      );
    }
    if (service !== 'lambda') continue;
    const ref = /:function:([^:]+)/.exec(destination);
    if (ref?.[1] === record.name && destination.split(':')[3] === record.region)
      fail(
        'InvalidParameterValueException',
        "You can't specify the function as a destination for itself.",
      );
    const region = destination.split(':')[3];
    if (!ref || region !== exchange.region || !ctx.functions.get(region, ref[1]!))
      fail('InvalidParameterValueException', `The destination ARN ${destination} is invalid.`);
  }
}

function store(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  merge: boolean,
): Reply {
  const wanted = requested(exchange);
  if (!merge && wanted.given.size === 0)
    fail(
      'InvalidParameterValueException',
      'You must specify at least one of error handling or destination setting.',
    );
  const { name, qualifier, record } = target(ctx, exchange, functionName);
  if (!record || !qualifierExists(record, qualifier))
    fail('ResourceNotFoundException', "The function doesn't exist.", 404);
  const current = record.eventInvokeConfigs?.[qualifier];
  if (merge && !current) noConfig(ctx, exchange, name, qualifier);
  const { given: _given, ...values } = wanted;
  const config: EventInvokeConfigRecord = {
    ...(merge ? current : {}),
    ...values,
    lastModified: Date.now() / 1000,
  };
  checkDestinations(ctx, exchange, record, config);
  ctx.functions.save({
    ...record,
    eventInvokeConfigs: { ...record.eventInvokeConfigs, [qualifier]: config },
  });
  return json(200, renderEventInvokeConfig(record, qualifier, config, ctx.account));
}

export const putFunctionEventInvokeConfig = (
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply => store(ctx, exchange, functionName, false);
export const updateFunctionEventInvokeConfig = (
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply => store(ctx, exchange, functionName, true);

export function getFunctionEventInvokeConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { name, qualifier, record } = target(ctx, exchange, functionName);
  const config = record?.eventInvokeConfigs?.[qualifier];
  if (!record || !config) noConfig(ctx, exchange, name, qualifier);
  return json(200, renderEventInvokeConfig(record, qualifier, config, ctx.account));
}

export function deleteFunctionEventInvokeConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { name, qualifier, record } = target(ctx, exchange, functionName);
  if (!record?.eventInvokeConfigs?.[qualifier]) noConfig(ctx, exchange, name, qualifier);
  const { [qualifier]: _removed, ...rest } = record.eventInvokeConfigs;
  ctx.functions.save({ ...record, eventInvokeConfigs: rest });
  return { status: 204 };
}

export function listFunctionEventInvokeConfigs(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { name } = readFunctionRef(ctx, exchange, functionName);
  const { record } = recordOf(ctx, exchange, name);
  if (!record) fail('ResourceNotFoundException', "The function doesn't exist.", 404);
  const entries = Object.entries(record.eventInvokeConfigs ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  const { items, nextMarker } = pageOf(
    entries,
    queryString(exchange, 'Marker'),
    queryString(exchange, 'MaxItems'),
  );
  return json(200, {
    FunctionEventInvokeConfigs: items.map(([qualifier, config]) =>
      renderEventInvokeConfig(record, qualifier, config, ctx.account),
    ),
    ...(nextMarker ? { NextMarker: nextMarker } : {}),
  });
}
