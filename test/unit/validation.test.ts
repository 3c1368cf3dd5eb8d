import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ApiError, type ApiProblem } from '../../src/core/apiProblem';
import * as validate from '../../src/core/validation';

/** The problem `run` fails with (type, message, status), as the API would answer it. */
function problemOf(run: () => unknown): ApiProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error.problem;
    throw error;
  }
  assert.fail('expected an ApiError');
}

test('function names: a valid one passes; a bad one or one too long is a ValidationException', () => {
  assert.equal(validate.validateFunctionName('my-fn_1'), 'my-fn_1');
  const bad = problemOf(() => validate.validateFunctionName('bad name'));
  assert.equal(bad.type, 'ValidationException');
  assert.match(
    bad.message,
    /^1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
  );
  assert.equal(
    problemOf(() => validate.validateFunctionName('x'.repeat(65))).message,
    `1 validation error detected: Value '${'x'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  );
});

test("runtimes: unknown ones and deprecated ones are InvalidParameterValueException with AWS's messages", () => {
  assert.equal(validate.validateRuntime('python3.12'), 'python3.12');
  const unknown = problemOf(() => validate.validateRuntime('nodejs99.x'));
  assert.equal(unknown.type, 'InvalidParameterValueException');
  assert.equal(unknown.status, 400);
  assert.match(
    unknown.message,
    /^Value nodejs99\.x at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20\.x, python3\.14, [^\]]+\] or be a valid ARN$/,
  );
  const old = problemOf(() => validate.validateRuntime('python3.7'));
  assert.deepEqual(old, {
    type: 'InvalidParameterValueException',
    status: 400,
    message:
      'The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
  });
});

test('handlers: no whitespace, at most 128 characters', () => {
  assert.equal(validate.validateHandler('src/index.handler'), 'src/index.handler');
  assert.equal(
    problemOf(() => validate.validateHandler('index handler')).message,
    "1 validation error detected: Value 'index handler' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+",
  );
  assert.match(
    problemOf(() => validate.validateHandler('h'.repeat(129))).message,
    /Member must have length less than or equal to 128$/,
  );
});

test('memory 128 to 10240 MB and timeout 1 to 900 s, at the edges', () => {
  assert.equal(validate.validateMemorySize(128), 128);
  assert.equal(validate.validateMemorySize(10_240), 10_240);
  assert.equal(validate.validateTimeout(1), 1);
  assert.equal(validate.validateTimeout(900), 900);
  assert.deepEqual(
    problemOf(() => validate.validateMemorySize(127)),
    {
      type: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    },
  );
  assert.equal(
    problemOf(() => validate.validateMemorySize(10_241)).message,
    "1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240",
  );
  assert.equal(
    problemOf(() => validate.validateTimeout(0)).message,
    "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
  );
  assert.equal(
    problemOf(() => validate.validateTimeout(901)).message,
    "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
  );
  assert.equal(
    problemOf(() => validate.validateTimeout(1.5)).type,
    'InvalidParameterValueException',
  );
});

test('environment: 4 KB measured as JSON, no reserved keys, keys of two characters or more', () => {
  assert.deepEqual(validate.validateEnvironment(undefined), {});
  assert.deepEqual(validate.validateEnvironment({ STAGE: 'prod' }), { STAGE: 'prod' });
  // {"BIG":"…"} is 10 characters besides the value: exactly 4096 bytes passes, one more does not.
  assert.deepEqual(validate.validateEnvironment({ BIG: 'x'.repeat(4086) }), {
    BIG: 'x'.repeat(4086),
  });
  const tooBig = problemOf(() => validate.validateEnvironment({ BIG: 'x'.repeat(4087) }));
  assert.equal(tooBig.type, 'InvalidParameterValueException');
  assert.match(tooBig.message, /exceeded the 4KB limit\. String measured: \{"BIG":"x+"\}$/);
  assert.equal(
    problemOf(() => validate.validateEnvironment({ AWS_REGION: 'x', LAMBDA_TASK_ROOT: 'y' }))
      .message,
    'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION, LAMBDA_TASK_ROOT',
  );
  assert.deepEqual(
    problemOf(() => validate.validateEnvironment({ A: '1' })),
    {
      type: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
    },
  );
  assert.equal(
    problemOf(() => validate.validateEnvironment({ '1AB': '1' })).type,
    'ValidationException',
  );
});

test('package sizes: 50 MB zipped (413), 250 MB unzipped', () => {
  validate.validateZipSizes(50 * 1024 * 1024, 250 * 1024 * 1024);
  assert.deepEqual(
    problemOf(() => validate.validateZipSizes(50 * 1024 * 1024 + 1, 0)),
    {
      type: 'RequestEntityTooLargeException',
      status: 413,
      message: 'Zipped size must be smaller than 52428800 bytes',
    },
  );
  assert.deepEqual(
    problemOf(() => validate.validateZipSizes(1000, 250 * 1024 * 1024 + 1)),
    {
      type: 'InvalidParameterValueException',
      status: 400,
      message: 'Unzipped size must be smaller than 262144000 bytes',
    },
  );
});

test('roles and architectures', () => {
  assert.equal(
    validate.validateRole('arn:aws:iam::123456789012:role/service-role/my-role'),
    'arn:aws:iam::123456789012:role/service-role/my-role',
  );
  assert.match(
    problemOf(() => validate.validateRole('my-role')).message,
    /^1 validation error detected: Value 'my-role' at 'role' failed to satisfy constraint/,
  );
  assert.equal(validate.validateArchitectures(['arm64']), 'arm64');
  assert.equal(
    problemOf(() => validate.validateArchitectures(['x86_64', 'arm64'])).type,
    'ValidationException',
  );
  assert.equal(
    problemOf(() => validate.validateArchitectures(['mips'])).type,
    'ValidationException',
  );
});
