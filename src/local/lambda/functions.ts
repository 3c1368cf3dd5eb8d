// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
// UpdateFunctionConfiguration and DeleteFunction, as Lambda answers them.
import { randomUUID } from 'node:crypto';
import { ApiError, fail, validationError } from '../../core/apiProblem';
import { lambdaTimestamp } from '../../core/awsTime';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, EPHEMERAL_STORAGE_MIN_MB } from '../../core/limits';
import { functionLogGroup } from '../../core/logNames';
import * as validate from '../../core/validation';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { FunctionRecord, VersionRecord } from '../store/functionRecord';
import { checkRevision, jsonBody, optionalString } from './body';
import type { LambdaContext } from './context';
import {
  checkReachable,
  findFunction,
  notFoundArn,
  readFunctionRef,
  resolveFunction,
} from './lookup';
import { arnOf, renderConfiguration } from './render';
import { apiRevision, refuseWhileSettling, startSettling, withoutSettling } from './settling';
import { startZipCheck } from './zipInfo';
import {
  checkCodeSigningConfigArn,
  checkLayers,
  snapStartSetting,
} from './functionFeatureSettings';
import { storedOnlySettings } from './storedOnlySettings';
import { pageSizeOf, publishVersion } from './versions';

/** An alias name, as CreateAlias takes it: not all digits. */
const ALIAS_NAME = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;

async function storeZip(
  ctx: LambdaContext,
  code: unknown,
): Promise<{ codeSha256: string; codeSize: number }> {
  const zipFile =
    code && typeof code === 'object' ? (code as Record<string, unknown>).ZipFile : undefined;
  if (typeof zipFile !== 'string' || zipFile.length === 0) {
    const other =
      code && typeof code === 'object' ? Object.keys(code).filter((k) => k !== 'ZipFile') : [];
    fail(
      'InvalidParameterValueException',
      other.length
        ? `The local endpoint takes code as ZipFile only (${other.join(', ')} is not supported).`
        : 'Please provide a source for function code.',
    );
  }
  const zip = Buffer.from(zipFile, 'base64');
  const { contents } = await startZipCheck(zip);
  // Stored while the workers inflate it (the two take about as long); a refused zip is taken back
  // unless it was stored before, for another function, or the check itself failed (then the same
  // bytes may pass for another request meanwhile: collection takes it later if unused).
  const { sha256Base64, created } = ctx.code.put(zip);
  const refusal = await contents;
  if (refusal) {
    if (created && refusal.status < 500) ctx.code.remove(sha256Base64);
    throw new ApiError(refusal);
  }
  return { codeSha256: sha256Base64, codeSize: zip.length };
}

const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'];

function logLevel(
  value: unknown,
  field: string,
  allowed: string[],
  current: string | undefined,
): string | undefined {
  if (value === undefined || value === null) return current;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    fail(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at 'loggingConfig.${field}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value;
}

/** LoggingConfig: format and group, and the log levels (which apply only to the JSON format, as on AWS). */
function loggingConfig(
  value: unknown,
  name: string,
  current?: VersionRecord,
): Pick<VersionRecord, 'logFormat' | 'logGroup' | 'applicationLogLevel' | 'systemLogLevel'> {
  const config = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const logFormat = config.LogFormat ?? current?.logFormat ?? 'Text';
  if (logFormat !== 'Text' && logFormat !== 'JSON')
    fail(
      'ValidationException',
      `1 validation error detected: Value '${String(logFormat)}' at 'loggingConfig.logFormat' failed to satisfy constraint: Member must satisfy enum value set: [JSON, Text]`,
    );
  const logGroup =
    typeof config.LogGroup === 'string'
      ? config.LogGroup
      : (current?.logGroup ?? functionLogGroup(name));
  const applicationLogLevel = logLevel(
    config.ApplicationLogLevel,
    'applicationLogLevel',
    APPLICATION_LOG_LEVELS,
    current?.applicationLogLevel,
  );
  const systemLogLevel = logLevel(
    config.SystemLogLevel,
    'systemLogLevel',
    SYSTEM_LOG_LEVELS,
    current?.systemLogLevel,
  );
  if (
    logFormat === 'Text' &&
    (config.ApplicationLogLevel !== undefined || config.SystemLogLevel !== undefined)
  ) {
    fail(
      'InvalidParameterValueException',
      'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "JSON" and try again.',
    );
  }
  return {
    logFormat,
    logGroup,
    ...(logFormat === 'JSON'
      ? {
          applicationLogLevel: applicationLogLevel ?? 'INFO',
          systemLogLevel: systemLogLevel ?? 'INFO',
        }
      : {}),
  };
}

export async function createFunction(ctx: LambdaContext, exchange: Exchange): Promise<Reply> {
  const body = jsonBody(exchange);
  const ref = validate.validateCreateFunctionName(body.FunctionName);
  checkReachable(ctx, exchange, ref, body.FunctionName as string);
  const name = ref.name;
  if (body.PackageType === 'Image')
    fail(
      'InvalidParameterValueException',
      'The local endpoint runs Zip functions only (PackageType Image is not supported).',
    );
  if (body.Runtime === undefined || body.Handler === undefined) {
    fail(
      'InvalidParameterValueException',
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  }
  const runtime = validate.validateRuntime(body.Runtime);
  const handler = validate.validateHandler(body.Handler);
  const role =
    body.Role === undefined
      ? `arn:aws:iam::${ctx.account}:role/lambda-lens-local`
      : validate.validateRole(body.Role);
  const memorySize =
    body.MemorySize === undefined
      ? DEFAULT_MEMORY_MB
      : validate.validateMemorySize(body.MemorySize);
  const timeout =
    body.Timeout === undefined ? DEFAULT_TIMEOUT_S : validate.validateTimeout(body.Timeout);
  const architecture =
    body.Architectures === undefined
      ? 'x86_64'
      : validate.validateArchitectures(body.Architectures);
  const environment = validate.validateEnvironment(
    (body.Environment as Record<string, unknown> | undefined)?.Variables,
  );
  const storage = (body.EphemeralStorage as Record<string, unknown> | undefined)?.Size;
  const ephemeralStorage =
    storage === undefined ? EPHEMERAL_STORAGE_MIN_MB : validate.validateEphemeralStorage(storage);
  const logging = loggingConfig(body.LoggingConfig, name);
  const tags = validateTags(body.Tags);
  checkLayers(body.Layers, exchange.region, ctx.account);
  checkCodeSigningConfigArn(body.CodeSigningConfigArn);
  const snapStart = snapStartSetting(body.SnapStart, runtime);
  const storedOnly = storedOnlySettings(body);
  if (ctx.functions.get(exchange.region, name)) {
    fail('ResourceConflictException', `Function already exist: ${name}`, 409);
  }
  const { codeSha256, codeSize } = await storeZip(ctx, body.Code);
  const latest: VersionRecord = {
    version: '$LATEST',
    runtime,
    handler,
    role,
    description: optionalString(body, 'Description') ?? '',
    memorySize,
    timeout,
    architecture,
    environment,
    ephemeralStorage,
    ...logging,
    ...(snapStart === 'PublishedVersions' ? { snapStart } : {}),
    ...storedOnly,
    codeSha256,
    codeSize,
    lastModified: lambdaTimestamp(new Date()),
    revisionId: randomUUID(),
    settling: startSettling('create'),
  };
  // Checked again after the await: two creates of one name may have raced.
  if (ctx.functions.get(exchange.region, name))
    fail('ResourceConflictException', `Function already exist: ${name}`, 409);
  const record: FunctionRecord = {
    region: exchange.region,
    name,
    latest,
    versions: [],
    nextVersion: 1,
    aliases: [],
    tags,
  };
  if (body.Publish === true) publishVersion(record, '');
  ctx.functions.save(record);
  const shown = body.Publish === true ? record.versions[record.versions.length - 1]! : latest;
  // A version published with the function is Pending too (the function is).
  return json(201, renderConfiguration(record, shown, ctx.account, { phase: 'create' }));
}

export function validateTags(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    fail('InvalidParameterValueException', 'Tags must be a map of strings.');
  // The same limit as TagResource, with its message (TestLambdaTags::test_tag_limits / create_function_invalid_tags).
  if (Object.keys(value).length > 50)
    fail('InvalidParameterValueException', 'Number of tags exceeds resource tag limit.');
  const tags: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      fail('InvalidParameterValueException', `The value of tag ${key} must be a string.`);
    if (key.length === 0 || key.length > 128 || key.startsWith('aws:'))
      fail(
        'InvalidParameterValueException',
        `Tag key ${key} is not valid: 1 to 128 characters, not starting with "aws:".`,
      );
    if (v.length > 256)
      fail(
        'InvalidParameterValueException',
        `The value of tag ${key} is longer than 256 characters.`,
      );
    tags[key] = v;
  }
  return tags;
}

export function getFunction(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record, version, qualifier } = resolveFunction(ctx, exchange, functionName);
  return json(200, {
    Configuration: renderConfiguration(
      record,
      version,
      ctx.account,
      qualifier ? { qualifierInArn: qualifier } : {},
    ),
    Code: { RepositoryType: 'S3', Location: ctx.codeLocation(version.codeSha256) },
    Tags: record.tags,
    ...(record.reservedConcurrency !== undefined
      ? { Concurrency: { ReservedConcurrentExecutions: record.reservedConcurrency } }
      : {}),
  });
}

export function getFunctionConfiguration(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record, version, qualifier } = resolveFunction(ctx, exchange, functionName);
  return json(
    200,
    renderConfiguration(
      record,
      version,
      ctx.account,
      qualifier ? { qualifierInArn: qualifier } : {},
    ),
  );
}

interface ListMarker {
  name: string;
  index: number;
}

function encodeMarker(marker: ListMarker): string {
  return Buffer.from(JSON.stringify(marker)).toString('base64url');
}

function decodeMarker(value: string): ListMarker {
  try {
    const marker = JSON.parse(Buffer.from(value, 'base64url').toString()) as ListMarker;
    if (typeof marker.name === 'string' && Number.isInteger(marker.index)) return marker;
  } catch {
    /* answered below */
  }
  fail(
    'InvalidParameterValueException',
    'Invalid Marker: pass the NextMarker of the previous page.',
  );
}

/** Pages of at most 50 (as AWS), by name; with FunctionVersion=ALL each function's versions follow it. */
export function listFunctions(ctx: LambdaContext, exchange: Exchange): Reply {
  const pageSize = pageSizeOf(queryString(exchange, 'MaxItems'));
  const functionVersion = queryString(exchange, 'FunctionVersion');
  if (functionVersion !== undefined && functionVersion !== 'ALL') {
    validationError(
      functionVersion,
      'functionVersion',
      'Member must satisfy enum value set: [ALL]',
    );
  }
  const allVersions = functionVersion === 'ALL';
  const markerParam = queryString(exchange, 'Marker');
  const marker = markerParam ? decodeMarker(markerParam) : undefined;
  const names = ctx.functions.names(exchange.region);
  let nameIndex = marker ? lowerBound(names, marker.name) : 0;
  let versionIndex = marker && names[nameIndex] === marker.name ? marker.index : 0;
  const page: Record<string, unknown>[] = [];
  while (nameIndex < names.length) {
    const record = ctx.functions.get(exchange.region, names[nameIndex]!)!;
    const versions = allVersions ? [record.latest, ...record.versions] : [record.latest];
    if (versionIndex < versions.length) {
      if (page.length === pageSize) break;
      page.push(renderConfiguration(record, versions[versionIndex]!, ctx.account));
      versionIndex += 1;
      continue;
    }
    nameIndex += 1;
    versionIndex = 0;
  }
  const more = nameIndex < names.length;
  return json(200, {
    Functions: page,
    ...(more ? { NextMarker: encodeMarker({ name: names[nameIndex]!, index: versionIndex }) } : {}),
  });
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function updateFunctionCode(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Promise<Reply> {
  const { record } = findFunction(ctx, exchange, functionName);
  const body = jsonBody(exchange);
  if (body.DryRun !== true) refuseWhileSettling(record, ctx.account);
  checkRevision(optionalString(body, 'RevisionId'), apiRevision(record.latest));
  const architecture =
    body.Architectures === undefined
      ? record.latest.architecture
      : validate.validateArchitectures(body.Architectures);
  const { codeSha256, codeSize } = await storeZip(ctx, {
    ZipFile: body.ZipFile,
    ...(body.S3Bucket ? { S3Bucket: body.S3Bucket } : {}),
  });
  // Checked again after the await: another update may have landed meanwhile.
  const current = ctx.functions.get(exchange.region, record.name);
  if (!current)
    fail('ResourceNotFoundException', `Function not found: ${arnOf(record, ctx.account)}`, 404);
  if (body.DryRun !== true) refuseWhileSettling(current, ctx.account);
  checkRevision(optionalString(body, 'RevisionId'), apiRevision(current.latest));
  const latest: VersionRecord = {
    ...current.latest,
    codeSha256,
    codeSize,
    architecture,
    lastModified: lambdaTimestamp(new Date()),
    revisionId: randomUUID(),
    settling: startSettling('update'),
  };
  if (body.DryRun === true)
    return json(200, renderConfiguration(current, withoutSettling(latest), ctx.account));
  const updated: FunctionRecord = { ...current, latest };
  if (body.Publish === true) publishVersion(updated, '');
  ctx.functions.save(updated);
  ctx.invoker.retire(updated.region, updated.name);
  collectUnusedCode(ctx);
  const shown = body.Publish === true ? updated.versions[updated.versions.length - 1]! : latest;
  return json(200, renderConfiguration(updated, shown, ctx.account, { phase: 'update' }));
}

export function updateFunctionConfiguration(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const body = jsonBody(exchange);
  refuseWhileSettling(record, ctx.account);
  checkRevision(optionalString(body, 'RevisionId'), apiRevision(record.latest));
  const {
    snapStart: currentSnapStart,
    vpcConfig,
    deadLetterTargetArn,
    kmsKeyArn,
    fileSystemConfigs,
    tracingMode,
    ...current
  } = record.latest;
  const environmentGiven = body.Environment !== undefined;
  const storage = (body.EphemeralStorage as Record<string, unknown> | undefined)?.Size;
  const runtime =
    body.Runtime === undefined ? current.runtime : validate.validateRuntime(body.Runtime);
  checkLayers(body.Layers, exchange.region, ctx.account);
  const snapStart = snapStartSetting(body.SnapStart, runtime, currentSnapStart);
  const storedOnly = storedOnlySettings(body, {
    vpcConfig,
    deadLetterTargetArn,
    kmsKeyArn,
    fileSystemConfigs,
    tracingMode,
  });
  const latest: VersionRecord = {
    ...current,
    ...storedOnly,
    runtime,
    ...(snapStart === 'PublishedVersions' ? { snapStart } : {}),
    handler: body.Handler === undefined ? current.handler : validate.validateHandler(body.Handler),
    role: body.Role === undefined ? current.role : validate.validateRole(body.Role),
    description: optionalString(body, 'Description') ?? current.description,
    memorySize:
      body.MemorySize === undefined
        ? current.memorySize
        : validate.validateMemorySize(body.MemorySize),
    timeout: body.Timeout === undefined ? current.timeout : validate.validateTimeout(body.Timeout),
    environment: environmentGiven
      ? validate.validateEnvironment(
          (body.Environment as Record<string, unknown> | null)?.Variables,
        )
      : current.environment,
    ephemeralStorage:
      storage === undefined ? current.ephemeralStorage : validate.validateEphemeralStorage(storage),
    ...(body.LoggingConfig !== undefined
      ? loggingConfig(body.LoggingConfig, record.name, current)
      : {}),
    lastModified: lambdaTimestamp(new Date()),
    revisionId: randomUUID(),
    settling: startSettling('update'),
  };
  const updated: FunctionRecord = { ...record, latest };
  ctx.functions.save(updated);
  ctx.invoker.retire(updated.region, updated.name);
  return json(200, renderConfiguration(updated, latest, ctx.account, { phase: 'update' }));
}

export function deleteFunction(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { name, qualifier } = readFunctionRef(
    ctx,
    exchange,
    functionName,
    queryString(exchange, 'Qualifier'),
  );
  // AWS answers these before looking the function up (test_ops_with_arn_qualifier_mismatch[delete_function]).
  if (qualifier === '$LATEST')
    fail(
      'InvalidParameterValueException',
      '$LATEST version cannot be deleted without deleting the function.',
    );
  if (qualifier !== undefined && ALIAS_NAME.test(qualifier))
    fail('InvalidParameterValueException', 'Deletion of aliases is not currently supported.');
  const record = ctx.functions.get(exchange.region, name);
  if (!record)
    fail(
      'ResourceNotFoundException',
      `Function not found: ${notFoundArn(ctx, exchange, name, qualifier, 'none')}`,
      404,
    );
  if (qualifier !== undefined) {
    if (!record.versions.some((v) => v.version === qualifier)) return { status: 204 };
    const usedBy = record.aliases.filter(
      (a) =>
        a.functionVersion === qualifier || a.additionalVersionWeights?.[qualifier] !== undefined,
    );
    if (usedBy.length) {
      fail(
        'ResourceConflictException',
        `Unable to delete version because the following aliases reference it: [${usedBy.map((a) => a.name).join(', ')}]`,
        409,
      );
    }
    ctx.functions.save({
      ...record,
      versions: record.versions.filter((v) => v.version !== qualifier),
    });
  } else {
    ctx.functions.delete(record.region, record.name);
    for (const url of record.urls ?? []) ctx.urls.close(url.urlId);
  }
  ctx.invoker.retire(record.region, record.name);
  collectUnusedCode(ctx);
  return { status: 204 };
}

/** After code was replaced or deleted: its zip and unpacked copy go, unless something still uses them. */
function collectUnusedCode(ctx: LambdaContext): void {
  const inUse = ctx.invoker.codeInUse();
  for (const record of ctx.functions.all()) {
    inUse.add(record.latest.codeSha256);
    for (const version of record.versions) inUse.add(version.codeSha256);
  }
  ctx.code.collect(inUse);
  ctx.invoker.removeUnusedCode(inUse);
}
