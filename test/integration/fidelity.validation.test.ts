// FunctionName and Qualifier validation, ARN forms, not-found messages and parameter validation,
// answered as AWS recorded them. Expected answers: LocalStack's AWS-validated snapshots,
// github:localstack/localstack tests/aws/services/lambda_/test_lambda_api.snapshot.json; each case
// names its key (TestLambdaFunction::test_function_name_and_qualifier_validation[CASE-OPERATION] unless said).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { ACCOUNT, answersAs, arnOf, createFn, createInput } from './fidelityKit';

/** As AWS quotes FunctionName for Get, Delete and Invoke today (new partitions, `$LATEST.PUBLISHED`). */
const REF_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
/** As AWS quotes it for CreateFunction. */
const CREATE_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const QUALIFIER_PATTERN = '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+';

const one = (value: string, field: string, constraint: string) =>
  `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`;

let t: TestEndpoint;
let lambda: LambdaClient;
before(async () => {
  t = await startTestEndpoint();
  lambda = t.lambda;
  await createFn(lambda, 'exists');
});
after(async () => t.close());

type Op = 'get' | 'delete' | 'invoke';
function call(op: Op, FunctionName: string, Qualifier?: string): Promise<unknown> {
  const q = Qualifier !== undefined ? { Qualifier } : {};
  if (op === 'get') return lambda.send(new GetFunctionCommand({ FunctionName, ...q }));
  if (op === 'delete') return lambda.send(new DeleteFunctionCommand({ FunctionName, ...q }));
  return lambda.send(new InvokeCommand({ FunctionName, ...q, Payload: Buffer.from('{}') }));
}
const OPS: Op[] = ['get', 'delete', 'invoke'];

describe('FunctionName and Qualifier patterns', () => {
  for (const op of OPS) {
    test(`${op}: names that fail the pattern`, async () => {
      // [invalid_characters_in_function_name|function_name_is_single_invalid|invalid_account_id_in_partial_arn|invalid_region_in_arn|
      //  non_lambda_arn|full_arn_with_multiple_qualifiers|partial_arn_with_extra_qualifier|missing_region_in_arn|missing_account_id_in_arn|misspelled_latest_in_arn]
      for (const name of [
        'my-function!',
        '*',
        'invalid-account:function:my-function',
        `arn:aws:lambda:invalid-region:${ACCOUNT}:function:my-function`,
        `arn:aws:ec2:us-east-1:${ACCOUNT}:instance:i-1234567890abcdef0`,
        `${arnOf('my-function')}:1:2`,
        'function:my-function:$LATEST:extra',
        `arn:aws:lambda::${ACCOUNT}:function:my-function`,
        'arn:aws:lambda:us-east-1::function:my-function',
        `${arnOf('my-function')}:$LATES`,
      ]) {
        await answersAs(call(op, name), {
          code: 'ValidationException',
          status: 400,
          message: one(
            name,
            'functionName',
            `Member must satisfy regular expression pattern: ${REF_PATTERN}`,
          ),
        });
      }
    });

    test(`${op}: a qualifier that fails its pattern or is too long`, async () => {
      // [invalid_characters_in_qualifier-*], [qualifier_too_long-*]
      await answersAs(call(op, 'my-function', 'invalid!'), {
        code: 'ValidationException',
        status: 400,
        message: one(
          'invalid!',
          'qualifier',
          `Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`,
        ),
      });
      await answersAs(call(op, 'my-function', 'a'.repeat(129)), {
        code: 'ValidationException',
        status: 400,
        message: one(
          'a'.repeat(129),
          'qualifier',
          'Member must have length less than or equal to 128',
        ),
      });
    });

    test(`${op}: two violations in one answer`, async () => {
      // [full_arn_and_qualifier_too_long_and_invalid_region-*]: Count 2 (the snapshot records them sorted; compared so here).
      const name = `arn:aws:lambda:invalid-region:${ACCOUNT}:function:my-function-${'a'.repeat(170)}`;
      await assert.rejects(call(op, name, 'a'.repeat(129)), (error: Error) => {
        assert.equal(error.name, 'ValidationException');
        const match = /^2 validation errors detected: (.*)$/.exec(error.message);
        assert.ok(match, error.message);
        assert.deepEqual(match[1]!.split('; ').sort(), [
          `Value '${'a'.repeat(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`,
          `Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${REF_PATTERN}`,
        ]);
        return true;
      });
    });
  }

  test('CreateFunction quotes its own pattern, and counts the ARN length', async () => {
    // [function_name_is_single_invalid-create_function], [invalid_characters_in_qualifier-create_function]
    for (const name of ['*', 'my-function:invalid!', `${arnOf('my-function')}:$latest`]) {
      await answersAs(lambda.send(new CreateFunctionCommand(createInput(name))), {
        code: 'ValidationException',
        status: 400,
        message: one(
          name,
          'functionName',
          `Member must satisfy regular expression pattern: ${CREATE_PATTERN}`,
        ),
      });
    }
    // [qualifier_too_long-create_function]
    const long = `my-function:${'a'.repeat(129)}`;
    await answersAs(lambda.send(new CreateFunctionCommand(createInput(long))), {
      code: 'ValidationException',
      status: 400,
      message: one(long, 'functionName', 'Member must have length less than or equal to 140'),
    });
    // [function_name_too_long_and_invalid_region-create_function]: Count 2
    const both = `arn:aws:lambda:invalid-region:${ACCOUNT}:function:my-function${'a'.repeat(170)}`;
    await answersAs(lambda.send(new CreateFunctionCommand(createInput(both))), {
      code: 'ValidationException',
      status: 400,
      message: `2 validation errors detected: Value '${both}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140; Value '${both}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${CREATE_PATTERN}`,
    });
    // [function_name_too_long-create_function] and test_function_arns / long_function_name_exc: InvalidParameterValueException, in a validator's words.
    await answersAs(lambda.send(new CreateFunctionCommand(createInput('a'.repeat(65)))), {
      code: 'InvalidParameterValueException',
      status: 400,
      message: one(
        'a'.repeat(65),
        'functionName',
        'Member must have length less than or equal to 64',
      ),
    });
    // test_function_arns / long_function_arn_exc
    const longArn = `${arnOf('')}${'a'.repeat(141 - arnOf('').length)}`;
    await answersAs(lambda.send(new CreateFunctionCommand(createInput(longArn))), {
      code: 'ValidationException',
      status: 400,
      message: one(longArn, 'functionName', 'Member must have length less than or equal to 140'),
    });
  });
});

describe('not found, with the qualifier AWS keeps', () => {
  test('a name longer than 64 is looked up, and not found', async () => {
    // [function_name_too_long-get_function|delete_function|invoke]
    const name = 'a'.repeat(65);
    await answersAs(call('get', name), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf(name)}`,
    });
    await answersAs(call('delete', name), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf(name)}`,
    });
    await answersAs(call('invoke', name), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf(name, '$LATEST')}`,
    });
  });

  test('an incomplete ARN names a function called "function"', async () => {
    // [incomplete_arn-get_function|delete_function|invoke]
    const name = `arn:aws:lambda:us-east-1:${ACCOUNT}:function`;
    await answersAs(call('get', name), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('function')}`,
    });
    await answersAs(call('invoke', name), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('function', '$LATEST')}`,
    });
  });

  test('a qualifier of any case passes the pattern and is kept in the message', async () => {
    // [lowercase_latest_qualifier-get_function|invoke|delete_function]
    await answersAs(call('get', arnOf('my-function'), '$latest'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('my-function', '$latest')}`,
    });
    await answersAs(call('invoke', arnOf('my-function'), '$latest'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('my-function', '$latest')}`,
    });
    await answersAs(call('delete', arnOf('my-function'), '$latest'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('my-function')}`,
    });
  });

  test('a version that does not exist', async () => {
    // TestLambdaFunction::test_ops_on_nonexisting_version[get_function|get_function_configuration] / version_not_found_exception
    await answersAs(call('get', 'exists', '1221'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('exists', '1221')}`,
    });
    await answersAs(
      lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'exists', Qualifier: '1221' }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arnOf('exists', '1221')}`,
      },
    );
    // TestLambdaFunction::test_delete_on_nonexisting_version: deleting a missing version of a function is idempotent.
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'exists', Qualifier: '1233' }));
  });

  test('concurrency: Put keeps $LATEST, Get keeps nothing', async () => {
    // TestLambdaReservedConcurrency::test_function_concurrency_exceptions / put_function_concurrency_with_function_name_doesnotexist
    await answersAs(
      lambda.send(
        new PutFunctionConcurrencyCommand({
          FunctionName: 'doesnotexist',
          ReservedConcurrentExecutions: 1,
        }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arnOf('doesnotexist', '$LATEST')}`,
      },
    );
    // TestLambdaFunction::test_ops_on_nonexisting_fn[get_function_concurrency]
    await answersAs(
      lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'doesnotexist' })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arnOf('doesnotexist')}`,
      },
    );
  });
});

describe('a qualifier in the ARN and in Qualifier', () => {
  test('that differ', async () => {
    // TestLambdaFunction::test_ops_with_arn_qualifier_mismatch[*] / not_match_exception; [latest_version_with_additional_qualifier-*]
    for (const op of OPS) {
      await answersAs(call(op, arnOf('exists', '$LATEST'), '1'), {
        code: 'InvalidParameterValueException',
        status: 400,
        message:
          'The derived qualifier from the function name does not match the specified qualifier.',
      });
    }
  });

  test('that agree on $LATEST', async () => {
    // TestLambdaFunction::test_ops_with_arn_qualifier_mismatch[get_function|delete_function] / match_exception
    await answersAs(call('get', arnOf('some-function', '$LATEST'), '$LATEST'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('some-function', '$LATEST')}`,
    });
    await answersAs(call('delete', arnOf('some-function', '$LATEST'), '$LATEST'), {
      code: 'InvalidParameterValueException',
      status: 400,
      message: '$LATEST version cannot be deleted without deleting the function.',
    });
  });

  test('DeleteFunction of an alias', async () => {
    // [qualifier_too_long1-delete_function]: before the function is looked up
    await answersAs(call('delete', 'my-function', 'a'.repeat(65)), {
      code: 'InvalidParameterValueException',
      status: 400,
      message: 'Deletion of aliases is not currently supported.',
    });
  });
});

describe('parameter validation', () => {
  test("runtimes: AWS's enum, and those no longer supported", async () => {
    // TestLambdaFunction::test_create_lambda_exceptions / uppercase_runtime_exc
    await answersAs(
      lambda.send(new CreateFunctionCommand(createInput('rt', { Runtime: 'PYTHON3.9' as never }))),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message:
          "Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2] or be a valid ARN",
      },
    );
    // TestRuntimeValidation::test_create_deprecated_function_runtime_with_validation_enabled[java8|go1.x|provided|ruby2.7|nodejs14.x|python3.7|dotnetcore3.1|nodejs12.x] / deprecation_error
    for (const runtime of [
      'java8',
      'go1.x',
      'provided',
      'ruby2.7',
      'nodejs14.x',
      'python3.7',
      'dotnetcore3.1',
      'nodejs12.x',
    ]) {
      await answersAs(
        lambda.send(new CreateFunctionCommand(createInput('rt', { Runtime: runtime as never }))),
        {
          code: 'InvalidParameterValueException',
          status: 400,
          message: `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
        },
      );
    }
    await answersAs(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'exists',
          Runtime: 'python3.7' as never,
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: /^The runtime parameter of python3.7 is no longer supported/,
      },
    );
  });

  test('architectures', async () => {
    // TestLambdaFunction::test_create_lambda_exceptions / multiple_architectures, uppercase_architecture
    await answersAs(
      lambda.send(
        new CreateFunctionCommand(createInput('arch', { Architectures: ['x86_64', 'arm64'] })),
      ),
      {
        code: 'ValidationException',
        status: 400,
        message: one(
          '[x86_64, arm64]',
          'architectures',
          'Member must have length less than or equal to 1',
        ),
      },
    );
    await answersAs(
      lambda.send(
        new CreateFunctionCommand(createInput('arch', { Architectures: ['X86_64' as never] })),
      ),
      {
        code: 'ValidationException',
        status: 400,
        message: one(
          '[X86_64]',
          'architectures',
          'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]',
        ),
      },
    );
  });

  test('PublishVersion with another CodeSha256', async () => {
    // TestLambdaVersions::test_publish_with_wrong_sha256 / publish_wrong_sha256_exc
    const current = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'exists' }),
    );
    await answersAs(
      lambda.send(
        new PublishVersionCommand({ FunctionName: 'exists', CodeSha256: 'somenonexistentsha256' }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: `CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST (${current.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
      },
    );
  });
});
