// Aliases' routing configuration, tags and reserved concurrency, answered as AWS recorded them.
// Expected answers: LocalStack's AWS-validated snapshots, github:localstack/localstack
// tests/aws/services/lambda_/test_lambda_api.snapshot.json (keys named per test).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  ListTagsCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { answersAs, arnOf, createFn, createInput } from './fidelityKit';

let t: TestEndpoint;
let lambda: LambdaClient;
before(async () => {
  t = await startTestEndpoint();
  lambda = t.lambda;
  await createFn(lambda, 'routed');
  await lambda.send(new PublishVersionCommand({ FunctionName: 'routed' }));
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'routed',
      Environment: { Variables: { testenv: 'prod' } },
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 400)); // past the update's InProgress phase
  await lambda.send(new PublishVersionCommand({ FunctionName: 'routed' }));
});
after(async () => t.close());

const alias = (FunctionVersion: string, weights: Record<string, number>, FunctionName = 'routed') =>
  lambda.send(
    new CreateAliasCommand({
      FunctionName,
      Name: 'custom',
      FunctionVersion,
      RoutingConfig: { AdditionalVersionWeights: weights },
    }),
  );

describe('routing configuration (TestLambdaAlias::test_notfound_and_invalid_routingconfigs)', () => {
  test('what the request validator refuses', async () => {
    // routing_config_exc_toohigh, routing_config_exc_subzero, routing_config_exc_version_latest
    const range =
      'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]';
    await answersAs(alias('1', { 2: 2 }), {
      code: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: ${range}`,
    });
    await answersAs(alias('1', { 2: -1 }), {
      code: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '{2=-1.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: ${range}`,
    });
    await answersAs(alias('1', { $LATEST: 0.5 }), {
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]",
    });
  });

  test('what Lambda refuses', async () => {
    // routing_config_exc_toomany, routing_config_exc_sameversion, target_version_exc_version_latest
    await answersAs(alias('1', { 1: 0.8, 2: 0.2 }), {
      code: 'InvalidParameterValueException',
      status: 400,
      message: 'Number of items in AdditionalVersionWeights cannot be greater than 1',
    });
    await answersAs(alias('1', { 1: 0.5 }), {
      code: 'InvalidParameterValueException',
      status: 400,
      message:
        'Invalid function version 1. Function version 1 is already included in routing configuration.',
    });
    await answersAs(alias('$LATEST', { 1: 0.5 }), {
      code: 'InvalidParameterValueException',
      status: 400,
      message: '$LATEST is not supported for an alias pointing to more than 1 version',
    });
    // target_version_doesnotexist, routing_config_exc_version_doesnotexist, routing_config_exc_fn_doesnotexist
    await answersAs(alias('10', { 2: 0.5 }), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('routed', '10')}`,
    });
    await answersAs(alias('1', { 10: 0.5 }), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('routed', '10')}`,
    });
    await answersAs(alias('1', { 2: 0.5 }, 'routed-unknown'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('routed-unknown', '1')}`,
    });
  });

  test('an empty routing config is no routing config; a valid one is kept', async () => {
    // create_alias_empty_routingconfig: no RoutingConfig in the answer
    const empty = await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'routed',
        Name: 'custom-empty-routingconfig',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: {} },
      }),
    );
    assert.equal(empty.RoutingConfig, undefined);
    const made = await alias('1', { 2: 0.5 });
    assert.deepEqual(made.RoutingConfig, { AdditionalVersionWeights: { 2: 0.5 } });
    // routing_config_exc_already_exist, alias_does_not_exist_esc
    await answersAs(alias('1', { 2: 0.5 }), {
      code: 'ResourceConflictException',
      status: 409,
      message: `Alias already exists: ${arnOf('routed', 'custom')}`,
    });
    await answersAs(
      lambda.send(new GetAliasCommand({ FunctionName: 'routed', Name: 'non-existent' })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Cannot find alias arn: ${arnOf('routed', 'non-existent')}`,
      },
    );
    // TestLambdaAlias::test_non_existent_alias_update / update_alias_response
    await answersAs(
      lambda.send(
        new UpdateAliasCommand({ FunctionName: 'routed', Name: 'non-existent', Description: 'x' }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Alias not found: ${arnOf('routed', 'non-existent')}`,
      },
    );
  });
});

describe('tags (TestLambdaTags::test_tag_exceptions, test_tag_limits; TestLambdaTag::test_tag_exceptions[lambda_function])', () => {
  test('resources that are not function ARNs, or qualified ones', async () => {
    // tag_lambda_invalidarn
    await answersAs(
      lambda.send(
        new TagResourceCommand({ Resource: 'arn:aws:something', Tags: { key_a: 'value_a' } }),
      ),
      {
        code: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value 'arn:aws:something' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)",
      },
    );
    // tag_lambda_qualifier_doesnotexist, aliased_arn_exception, TestLambdaTags::test_tag_versions / tag_resource_latest_exception
    for (const resource of [
      arnOf('routed', 'v1'),
      arnOf('routed', '$LATEST'),
      arnOf('routed', '1'),
    ]) {
      await answersAs(lambda.send(new ListTagsCommand({ Resource: resource })), {
        code: 'InvalidParameterValueException',
        status: 400,
        message:
          'Tags on function aliases and versions are not supported. Please specify a function ARN.',
      });
    }
    // tag_lambda_doesnotexist
    await answersAs(
      lambda.send(
        new TagResourceCommand({ Resource: arnOf('doesnotexist'), Tags: { key_a: 'value_a' } }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arnOf('doesnotexist')}`,
      },
    );
  });

  test('empty Tags and TagKeys', async () => {
    // untag_empty_keys, tag_empty_tags
    await answersAs(
      lambda.send(new UntagResourceCommand({ Resource: arnOf('routed'), TagKeys: [] })),
      {
        code: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
      },
    );
    await answersAs(lambda.send(new TagResourceCommand({ Resource: arnOf('routed'), Tags: {} })), {
      code: 'InvalidParameterValueException',
      status: 400,
      message: 'An error occurred and the request cannot be processed.',
    });
  });

  test('50 tags at most, on CreateFunction too', async () => {
    const tags = (n: number, from = 0) =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`${i + from}_key`, `${i + from}_value`]),
      );
    // tag_lambda_too_many_tags, tag_lambda_too_many_tags_additional, create_function_invalid_tags
    await answersAs(
      lambda.send(new TagResourceCommand({ Resource: arnOf('routed'), Tags: tags(51) })),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'Number of tags exceeds resource tag limit.',
      },
    );
    await lambda.send(new TagResourceCommand({ Resource: arnOf('routed'), Tags: tags(50) }));
    await answersAs(
      lambda.send(
        new TagResourceCommand({ Resource: arnOf('routed'), Tags: { a_key: 'a_value' } }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'Number of tags exceeds resource tag limit.',
      },
    );
    await answersAs(
      lambda.send(new CreateFunctionCommand(createInput('too-many-tags', { Tags: tags(51) }))),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'Number of tags exceeds resource tag limit.',
      },
    );
  });
});

test('PutFunctionConcurrency on a qualified ARN (TestLambdaReservedConcurrency::test_function_concurrency_exceptions / put_function_concurrency_with_qualified_arn)', async () => {
  await answersAs(
    lambda.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: arnOf('routed', '1'),
        ReservedConcurrentExecutions: 1,
      }),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message:
        'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    },
  );
});
