// Region and account in a FunctionName ARN: a request for another region or account never acts on
// this one's function. Expected answers: LocalStack's AWS-validated snapshots,
// github:localstack/localstack tests/aws/services/lambda_/test_lambda_api.snapshot.json.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  ListAliasesCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { ACCOUNT, CODE, REGION, answersAs, arnOf, createFn, createInput } from './fidelityKit';

const NAME = 'region-fn';
const OTHER_REGION = 'eu-central-1';
const OTHER_ACCOUNT = '111111111111';

let t: TestEndpoint;
let lambda: LambdaClient;
before(async () => {
  t = await startTestEndpoint();
  lambda = t.lambda;
  await createFn(lambda, NAME);
  await lambda.send(new PublishVersionCommand({ FunctionName: NAME }));
  await lambda.send(
    new CreateAliasCommand({ FunctionName: NAME, Name: 'live', FunctionVersion: '1' }),
  );
});
after(async () => t.close());

/** Every operation that takes a FunctionName, given `fn`. */
function operations(fn: string): Array<[string, () => Promise<unknown>]> {
  return [
    ['GetFunction', () => lambda.send(new GetFunctionCommand({ FunctionName: fn }))],
    [
      'GetFunctionConfiguration',
      () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn })),
    ],
    [
      'GetFunctionConcurrency',
      () => lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: fn })),
    ],
    [
      'PutFunctionConcurrency',
      () =>
        lambda.send(
          new PutFunctionConcurrencyCommand({ FunctionName: fn, ReservedConcurrentExecutions: 1 }),
        ),
    ],
    [
      'DeleteFunctionConcurrency',
      () => lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: fn })),
    ],
    [
      'Invoke',
      () => lambda.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('{}') })),
    ],
    [
      'InvokeWithResponseStream',
      () =>
        lambda.send(
          new InvokeWithResponseStreamCommand({ FunctionName: fn, Payload: Buffer.from('{}') }),
        ),
    ],
    [
      'UpdateFunctionCode',
      () => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: fn, ZipFile: CODE })),
    ],
    [
      'UpdateFunctionConfiguration',
      () => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn, Timeout: 9 })),
    ],
    ['PublishVersion', () => lambda.send(new PublishVersionCommand({ FunctionName: fn }))],
    [
      'ListVersionsByFunction',
      () => lambda.send(new ListVersionsByFunctionCommand({ FunctionName: fn })),
    ],
    [
      'CreateAlias',
      () =>
        lambda.send(
          new CreateAliasCommand({ FunctionName: fn, Name: 'other', FunctionVersion: '1' }),
        ),
    ],
    ['GetAlias', () => lambda.send(new GetAliasCommand({ FunctionName: fn, Name: 'live' }))],
    [
      'UpdateAlias',
      () =>
        lambda.send(
          new UpdateAliasCommand({ FunctionName: fn, Name: 'live', Description: 'changed' }),
        ),
    ],
    ['DeleteAlias', () => lambda.send(new DeleteAliasCommand({ FunctionName: fn, Name: 'live' }))],
    ['ListAliases', () => lambda.send(new ListAliasesCommand({ FunctionName: fn }))],
    [
      'GetFunctionUrlConfig',
      () => lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: fn })),
    ],
    [
      'CreateFunctionUrlConfig',
      () => lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: fn, AuthType: 'NONE' })),
    ],
    ['TagResource', () => lambda.send(new TagResourceCommand({ Resource: fn, Tags: { a: 'b' } }))],
    [
      'UntagResource',
      () => lambda.send(new UntagResourceCommand({ Resource: fn, TagKeys: ['a'] })),
    ],
    ['ListTags', () => lambda.send(new ListTagsCommand({ Resource: fn }))],
    // DeleteFunction last: were the ARN's region ignored, it would delete this region's function.
    ['DeleteFunction', () => lambda.send(new DeleteFunctionCommand({ FunctionName: fn }))],
  ];
}

async function untouched(): Promise<void> {
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: NAME }));
  assert.equal(fn.Configuration?.Timeout, 3);
  assert.deepEqual(fn.Tags, {});
  assert.equal(fn.Concurrency, undefined);
  const aliases = await lambda.send(new ListAliasesCommand({ FunctionName: NAME }));
  assert.deepEqual(
    aliases.Aliases?.map((a) => [a.Name, a.Description]),
    [['live', '']],
  );
  const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: NAME }));
  assert.equal(versions.Versions?.length, 2);
}

describe('an ARN of another region', () => {
  // test_get_function_wrong_region[get_function|get_function_configuration|get_function_concurrency|delete_function|invoke|…]
  // / wrong_region_exception: 404 ResourceNotFoundException "Functions from '<wrong-region>' are not reachable in this region ('<region>')"
  for (const [operation, call] of operations(arnOf(NAME, undefined, OTHER_REGION))) {
    test(`${operation} answers 404 and leaves this region's function alone`, async () => {
      await answersAs(call(), {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Functions from '${OTHER_REGION}' are not reachable in this region ('${REGION}')`,
      });
    });
  }

  test('nothing was changed or deleted here', untouched);

  test('a qualified ARN of another region too', async () => {
    await answersAs(
      lambda.send(new GetFunctionCommand({ FunctionName: arnOf(NAME, 'live', OTHER_REGION) })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Functions from '${OTHER_REGION}' are not reachable in this region ('${REGION}')`,
      },
    );
  });

  test('CreateFunction with an ARN of another region', async () => {
    // test_function_arns / function_arn_other_region_exc: 404 "Functions from 'ap-southeast-1' are not reachable in this region ('<region>')"
    await answersAs(
      lambda.send(
        new CreateFunctionCommand(createInput(arnOf('elsewhere', undefined, 'ap-southeast-1'))),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Functions from 'ap-southeast-1' are not reachable in this region ('${REGION}')`,
      },
    );
  });
});

describe('an ARN of another account', () => {
  // test_function_arns / function_arn_other_account_exc: 403 AccessDeniedException (AWS's message is
  // the IAM one: "User: … is not authorized to perform: lambda:ACTION on resource: ARN because no resource-based policy allows …")
  for (const [operation, call] of operations(arnOf(NAME, undefined, REGION, OTHER_ACCOUNT))) {
    test(`${operation} answers 403 AccessDeniedException`, async () => {
      await answersAs(call(), {
        code: 'AccessDeniedException',
        status: 403,
        message:
          /^User: arn:aws:iam::123456789012:user\/lambda-lens-local is not authorized to perform: lambda:\w+ on resource: arn:aws:lambda:us-east-1:111111111111:function:region-fn because no resource-based policy allows the lambda:\w+ action$/,
      });
    });
  }

  test('a partial ARN of another account too', async () => {
    await answersAs(
      lambda.send(new GetFunctionCommand({ FunctionName: `${OTHER_ACCOUNT}:function:${NAME}` })),
      {
        code: 'AccessDeniedException',
        status: 403,
        message:
          /lambda:GetFunction on resource: arn:aws:lambda:us-east-1:111111111111:function:region-fn /,
      },
    );
  });

  test('CreateFunction with an ARN of another account', async () => {
    await answersAs(
      lambda.send(
        new CreateFunctionCommand(
          createInput(arnOf('elsewhere', undefined, REGION, OTHER_ACCOUNT)),
        ),
      ),
      { code: 'AccessDeniedException', status: 403, message: /lambda:CreateFunction on resource/ },
    );
  });

  test('nothing was changed or deleted here', untouched);
});

describe('ARNs of this region and account', () => {
  test('full and partial ARNs name the function, CreateFunction included', async () => {
    // test_function_arns / create-function-arn-response and create-function-partial-arn-response: 201, FunctionName is the bare name.
    const full = await lambda.send(new CreateFunctionCommand(createInput(arnOf('by-full-arn'))));
    assert.equal(full.FunctionName, 'by-full-arn');
    assert.equal(full.FunctionArn, arnOf('by-full-arn'));
    const partial = await lambda.send(
      new CreateFunctionCommand(createInput(`${ACCOUNT}:function:by-partial-arn`)),
    );
    assert.equal(partial.FunctionName, 'by-partial-arn');
    for (const fn of [arnOf(NAME), `${ACCOUNT}:function:${NAME}`, `function:${NAME}`, NAME]) {
      const got = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
      assert.equal(got.FunctionName, NAME, fn);
    }
    await lambda.send(
      new DeleteFunctionCommand({ FunctionName: `${ACCOUNT}:function:by-partial-arn` }),
    );
    await lambda.send(new DeleteFunctionCommand({ FunctionName: arnOf('by-full-arn') }));
  });
});
