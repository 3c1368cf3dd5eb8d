// Lambda's parameter validation, with AWS's error types and messages, so that clients get the
// typed exceptions they would get from AWS. Used by the local endpoint; deploy reuses it to
// refuse bad input before anything is sent.
import { fail, validationError, validationErrors, type Violation } from './apiProblem';
import {
  FUNCTION_NAME_PATTERN,
  matchesCreatePattern,
  matchFunctionRef,
  type FunctionRef,
} from './arn';
import * as limits from './limits';
import { runtimeInfo } from './runtimes';

const HANDLER_PATTERN = /^[^\s]+$/;
const ENV_KEY_PATTERN = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
/** Variables Lambda sets itself; AWS refuses them in a function's configuration. */
export const RESERVED_ENV_KEYS = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** CreateFunction's FunctionName (a name, partial or full ARN), with AWS's answers; the region and account of an ARN are the caller's to check. */
export function validateCreateFunctionName(value: unknown, field = 'functionName'): FunctionRef {
  if (typeof value !== 'string' || value.length === 0)
    validationError(value ?? 'null', field, 'Member must not be null');
  const violations: Violation[] = [];
  if (value.length > limits.FUNCTION_ARN_MAX_LENGTH)
    violations.push({
      value,
      field,
      constraint: `Member must have length less than or equal to ${limits.FUNCTION_ARN_MAX_LENGTH}`,
    });
  if (!matchesCreatePattern(value))
    violations.push({
      value,
      field,
      constraint: `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`,
    });
  validationErrors(violations);
  const ref = matchFunctionRef(value)!;
  if (ref.name.length > limits.FUNCTION_NAME_MAX_LENGTH) {
    // AWS answers this one as InvalidParameterValueException, in a validator's words
    // (LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json, test_function_arns / long_function_name_exc).
    fail(
      'InvalidParameterValueException',
      `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${limits.FUNCTION_NAME_MAX_LENGTH}`,
    );
  }
  if (ref.qualifier !== undefined) {
    fail(
      'InvalidParameterValueException',
      `FunctionName ${value} names a version or alias (:${ref.qualifier}); CreateFunction takes the function's name or unqualified ARN.`,
    );
  }
  return ref;
}

export function validateFunctionName(value: unknown, field = 'functionName'): string {
  validateCreateFunctionName(value, field);
  return value as string;
}

/**
 * The runtime enum as AWS quotes it, in its order (LocalStack's AWS-validated snapshot
 * tests/aws/services/lambda_/test_lambda_api.snapshot.json, TestLambdaFunction::test_create_lambda_exceptions / invalid_runtime_exc, 2025-11).
 */
export const AWS_RUNTIME_ENUM = [
  'nodejs20.x',
  'python3.14',
  'provided.al2023',
  'python3.12',
  'python3.13',
  'nodejs24.x',
  'nodejs22.x',
  'java25',
  'python3.10',
  'python3.11',
  'java21',
  'ruby3.3',
  'ruby3.4',
  'ruby3.2',
  'python3.8',
  'python3.9',
  'java17',
  'nodejs16.x',
  'dotnet10',
  'dotnet8',
  'java11',
  'dotnet6',
  'nodejs18.x',
  'provided.al2',
  'java8.al2',
];
/** Runtimes AWS no longer takes for new functions or updates (same snapshot, TestRuntimeValidation::test_create_deprecated_function_runtime_with_validation_enabled). */
const BLOCKED_RUNTIMES = new Set([
  'java8',
  'go1.x',
  'provided',
  'ruby2.7',
  'nodejs14.x',
  'python3.7',
  'dotnetcore3.1',
  'nodejs12.x',
  'dotnet6',
]);

export function validateRuntime(value: unknown): string {
  const deprecated = (id: string) =>
    BLOCKED_RUNTIMES.has(id) || runtimeInfo(id)?.deprecated === true;
  if (typeof value === 'string' && deprecated(value)) {
    fail(
      'InvalidParameterValueException',
      `The runtime parameter of ${value} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  // Lambda checks the runtime itself (not its request validator): InvalidParameterValueException,
  // with the value unquoted and no "1 validation error detected" prefix.
  if (typeof value !== 'string' || !AWS_RUNTIME_ENUM.includes(value) || !runtimeInfo(value)) {
    fail(
      'InvalidParameterValueException',
      `Value ${String(value ?? null)} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${AWS_RUNTIME_ENUM.join(', ')}] or be a valid ARN`,
    );
  }
  return value;
}

export function validateHandler(value: unknown): string {
  if (typeof value !== 'string' || value.length > 128 || !HANDLER_PATTERN.test(value)) {
    if (typeof value === 'string' && value.length > 128)
      validationError(value, 'handler', 'Member must have length less than or equal to 128');
    validationError(
      value ?? 'null',
      'handler',
      'Member must satisfy regular expression pattern: [^\\s]+',
    );
  }
  return value;
}

function validateInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    fail('InvalidParameterValueException', `${field} must be a whole number.`);
  if (value < min)
    validationError(value, field, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    validationError(value, field, `Member must have value less than or equal to ${max}`);
  return value;
}

export const validateMemorySize = (value: unknown): number =>
  validateInteger(value, 'memorySize', limits.MEMORY_MIN_MB, limits.MEMORY_MAX_MB);
export const validateTimeout = (value: unknown): number =>
  validateInteger(value, 'timeout', limits.TIMEOUT_MIN_S, limits.TIMEOUT_MAX_S);
export const validateEphemeralStorage = (value: unknown): number =>
  validateInteger(
    value,
    'ephemeralStorage.size',
    limits.EPHEMERAL_STORAGE_MIN_MB,
    limits.EPHEMERAL_STORAGE_MAX_MB,
  );

export function validateRole(value: unknown): string {
  if (typeof value !== 'string' || !ROLE_PATTERN.test(value)) {
    validationError(
      value ?? 'null',
      'role',
      'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+',
    );
  }
  return value;
}

/** Architectures, in AWS's words (test_lambda_api.snapshot.json, test_create_lambda_exceptions / multiple_architectures, uppercase_architecture). */
export function validateArchitectures(value: unknown): 'x86_64' | 'arm64' {
  const shown = Array.isArray(value) ? `[${value.map(String).join(', ')}]` : value;
  if (!Array.isArray(value) || value.length !== 1) {
    validationError(
      shown,
      'architectures',
      `Member must have length ${Array.isArray(value) && value.length === 0 ? 'greater than or equal to 1' : 'less than or equal to 1'}`,
    );
  }
  const [architecture] = value;
  if (architecture !== 'x86_64' && architecture !== 'arm64') {
    validationError(
      shown,
      'architectures',
      'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]',
    );
  }
  return architecture;
}

/** Environment.Variables: string values, valid keys, none reserved, 4 KB in all (as JSON, as AWS measures). */
export function validateEnvironment(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    fail('InvalidParameterValueException', 'Environment.Variables must be a map of strings.');
  const variables: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!ENV_KEY_PATTERN.test(key)) {
      // AWS names no value here: a map's constraint is reported for the whole map.
      fail(
        'ValidationException',
        "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
      );
    }
    if (typeof v !== 'string')
      fail('InvalidParameterValueException', `Environment variable ${key} must be a string.`);
    variables[key] = v;
  }
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENV_KEYS.has(k));
  if (reserved.length > 0) {
    fail(
      'InvalidParameterValueException',
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (new TextEncoder().encode(measured).length > limits.ENVIRONMENT_MAX_BYTES) {
    fail(
      'InvalidParameterValueException',
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
  return variables;
}

export function validateZipSizes(zippedBytes: number, unzippedBytes: number): void {
  if (zippedBytes > limits.ZIP_UPLOAD_MAX_BYTES) {
    fail(
      'RequestEntityTooLargeException',
      `Zipped size must be smaller than ${limits.ZIP_UPLOAD_MAX_BYTES} bytes`,
      413,
    );
  }
  if (unzippedBytes > limits.UNZIPPED_MAX_BYTES) {
    fail(
      'InvalidParameterValueException',
      `Unzipped size must be smaller than ${limits.UNZIPPED_MAX_BYTES} bytes`,
    );
  }
}
