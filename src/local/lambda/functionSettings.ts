// Settings of Lambda features the local endpoint stores and reads back but does not act on:
// recursive loop detection (PutFunctionRecursionConfig; the endpoint stops no loops) and runtime
// management (PutRuntimeManagementConfig; which interpreter runs a function is chosen locally, see
// runtime/interpreters.ts). Answers as AWS recorded them: LocalStack's AWS-validated snapshot
// tests/aws/services/lambda_/test_lambda_api.snapshot.json (keys named below).
import { enumValue, fail, validationError } from '../../core/apiProblem';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { RuntimeManagementRecord } from '../store/functionRecord';
import { jsonBody, optionalString } from './body';
import type { LambdaContext } from './context';
import { findFunction, optionalQualifier, resolveQualifier } from './lookup';
import { arnOf } from './render';

const RECURSIVE_LOOPS = ['Terminate', 'Allow'] as const;
const UPDATE_RUNTIME_ON = ['Auto', 'FunctionUpdate', 'Manual'] as const;
const RUNTIME_VERSION_ARN =
  /^arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}::runtime:.+$/;

/** The setting is the function's: a version or alias in the name is refused rather than ignored. */
function unqualified(ctx: LambdaContext, exchange: Exchange, functionName: string) {
  const { record, qualifier } = findFunction(ctx, exchange, functionName, { notFound: 'none' });
  if (qualifier !== undefined && qualifier !== '$LATEST') {
    fail(
      'InvalidParameterValueException',
      `The recursive loop setting belongs to the function, not to a version or alias: pass ${record.name} or its unqualified ARN.`,
    );
  }
  return record;
}

/** TestLambdaRecursion::test_put_function_recursion_config_allow, _invalid_value. */
export function putFunctionRecursionConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const recursiveLoop = enumValue(
    jsonBody(exchange).RecursiveLoop,
    'recursiveLoop',
    RECURSIVE_LOOPS,
  );
  const record = unqualified(ctx, exchange, functionName);
  ctx.functions.save({ ...record, recursiveLoop });
  return json(200, { RecursiveLoop: recursiveLoop });
}

/** TestLambdaRecursion::* / get_recursion_default_terminate_response: Terminate until set. */
export function getFunctionRecursionConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const record = unqualified(ctx, exchange, functionName);
  return json(200, { RecursiveLoop: record.recursiveLoop ?? 'Terminate' });
}

/** `$LATEST` or a published version (AWS takes no alias here); the function and the key its setting is kept under. */
function runtimeTarget(ctx: LambdaContext, exchange: Exchange, functionName: string) {
  const { record, qualifier } = findFunction(ctx, exchange, functionName, {
    notFound: 'none',
    ...optionalQualifier(queryString(exchange, 'Qualifier')),
  });
  if (qualifier !== undefined && qualifier !== '$LATEST' && !/^\d+$/.test(qualifier)) {
    fail(
      'InvalidParameterValueException',
      'Runtime management configuration applies to $LATEST or a published version, not to an alias.',
    );
  }
  resolveQualifier(ctx.account, record, qualifier);
  const key = qualifier ?? '$LATEST';
  return { record, key, arn: arnOf(record, ctx.account, key === '$LATEST' ? undefined : key) };
}

function renderRuntimeManagement(
  config: RuntimeManagementRecord,
  arn: string,
): Record<string, unknown> {
  return {
    UpdateRuntimeOn: config.updateRuntimeOn,
    FunctionArn: arn,
    ...(config.runtimeVersionArn ? { RuntimeVersionArn: config.runtimeVersionArn } : {}),
  };
}

/** Runtime updates are automatic unless a function says otherwise (DG "Runtime version updates"). */
export function getRuntimeManagementConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record, key, arn } = runtimeTarget(ctx, exchange, functionName);
  return json(
    200,
    renderRuntimeManagement(record.runtimeManagement?.[key] ?? { updateRuntimeOn: 'Auto' }, arn),
  );
}

export function putRuntimeManagementConfig(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const body = jsonBody(exchange);
  const updateRuntimeOn = enumValue(body.UpdateRuntimeOn, 'updateRuntimeOn', UPDATE_RUNTIME_ON);
  const runtimeVersionArn = optionalString(body, 'RuntimeVersionArn');
  if (runtimeVersionArn !== undefined && !RUNTIME_VERSION_ARN.test(runtimeVersionArn)) {
    validationError(
      runtimeVersionArn,
      'runtimeVersionArn',
      `Member must satisfy regular expression pattern: ${RUNTIME_VERSION_ARN.source.slice(1, -1)}`,
    );
  }
  // A version ARN is what Manual pins; with the other modes Lambda picks the version, so one given would be dropped.
  if (updateRuntimeOn === 'Manual' && runtimeVersionArn === undefined)
    fail(
      'InvalidParameterValueException',
      'UpdateRuntimeOn Manual needs a RuntimeVersionArn: the runtime version to stay on.',
    );
  if (updateRuntimeOn !== 'Manual' && runtimeVersionArn !== undefined)
    fail(
      'InvalidParameterValueException',
      `RuntimeVersionArn is taken only with UpdateRuntimeOn Manual; with ${updateRuntimeOn} Lambda chooses the runtime version.`,
    );
  const { record, key, arn } = runtimeTarget(ctx, exchange, functionName);
  const config: RuntimeManagementRecord = {
    updateRuntimeOn,
    ...(runtimeVersionArn ? { runtimeVersionArn } : {}),
  };
  ctx.functions.save({
    ...record,
    runtimeManagement: { ...record.runtimeManagement, [key]: config },
  });
  return json(200, renderRuntimeManagement(config, arn));
}
