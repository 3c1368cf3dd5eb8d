// Changes to features the local endpoint does not run, through the SDK over HTTP: policies,
// recursion and runtime management settings are stored and read back (across a restart);
// everything else is refused in AWS's error shape with what to do, deletes of what cannot exist
// answer as AWS does, and no operation of the SDK's Lambda client is unknown to the endpoint.
// Expected answers: LocalStack's AWS-validated snapshot, github:localstack/localstack
// tests/aws/services/lambda_/test_lambda_api.snapshot.json (test and key named at each).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import {
  AddLayerVersionPermissionCommand,
  AddPermissionCommand,
  CreateAliasCommand,
  CreateCapacityProviderCommand,
  CreateCodeSigningConfigCommand,
  CreateEventSourceMappingCommand,
  DeleteAliasCommand,
  DeleteCodeSigningConfigCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCodeSigningConfigCommand,
  DeleteLayerVersionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionRecursionConfigCommand,
  GetLayerVersionCommand,
  GetPolicyCommand,
  GetProvisionedConcurrencyConfigCommand,
  GetRuntimeManagementConfigCommand,
  InvokeAsyncCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  PutFunctionCodeSigningConfigCommand,
  PutFunctionRecursionConfigCommand,
  PutProvisionedConcurrencyConfigCommand,
  PutRuntimeManagementConfigCommand,
  RemovePermissionCommand,
  StopDurableExecutionCommand,
} from '@aws-sdk/client-lambda';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { answersAs, arnOf, createFn } from './fidelityKit';
import { filterEvents, waitFor } from './invokeKit';
import { operationOf } from '../../src/local/lambda/router';

let t: TestEndpoint;
let lambda: LambdaClient;
/** A home of the test's own, so that the endpoint can be started again on it. */
const home = mkdtempSync(join(tmpdir(), 'll-absent-'));
before(async () => {
  t = await startTestEndpoint({ home });
  lambda = t.lambda;
  await createFn(lambda, 'absent-fn');
  await lambda.send(new PublishVersionCommand({ FunctionName: 'absent-fn' }));
  await lambda.send(
    new CreateAliasCommand({ FunctionName: 'absent-fn', Name: 'live', FunctionVersion: '1' }),
  );
});
after(async () => {
  await t.close();
  rmSync(home, { recursive: true, force: true });
});

/** The refusal: AWS's error shape, saying the feature does not run here and that nothing changed. */
const refused = (feature: RegExp) => ({
  code: 'InvalidParameterValueException',
  status: 400,
  message: new RegExp(
    `^The local endpoint does not run ${feature.source}.*: nothing was created or changed\\. \\S`,
  ),
});

describe('AddPermission, RemovePermission, GetPolicy: stored and read back (TestLambdaPermissions::*)', () => {
  test('a statement is stored as AWS renders it, per qualifier, and removed with its policy', async () => {
    const bucket = 'arn:aws:s3:::test-bucket';
    // test_add_lambda_permission_aws / add_permission
    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'absent-fn',
        StatementId: 's3',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: bucket,
      }),
    );
    const statement = {
      Sid: 's3',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: arnOf('absent-fn'),
      Condition: { ArnLike: { 'AWS:SourceArn': bucket } },
    };
    assert.deepEqual(JSON.parse(added.Statement!), statement);
    // get_policy
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'absent-fn' }));
    assert.deepEqual(JSON.parse(policy.Policy!), {
      Version: '2012-10-17',
      Id: 'default',
      Statement: [statement],
    });
    assert.match(policy.RevisionId!, /^[0-9a-f-]{36}$/);
    // test_add_lambda_permission_fields / add_permission_principal_account, add_permission_optional_fields
    const account = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'absent-fn',
        StatementId: 'account-id',
        Action: 'lambda:InvokeFunction',
        Principal: '123456789012',
      }),
    );
    assert.deepEqual(JSON.parse(account.Statement!).Principal, {
      AWS: 'arn:aws:iam::123456789012:root',
    });
    const url = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'absent-fn',
        StatementId: 'urlPermission',
        Action: 'lambda:InvokeFunctionUrl',
        Principal: '*',
        SourceArn: bucket,
        SourceAccount: '123456789012',
        PrincipalOrgID: 'o-1234567890',
        FunctionUrlAuthType: 'NONE',
      }),
    );
    assert.deepEqual(JSON.parse(url.Statement!).Condition, {
      StringEquals: {
        'AWS:SourceAccount': '123456789012',
        'lambda:FunctionUrlAuthType': 'NONE',
        'aws:PrincipalOrgID': 'o-1234567890',
      },
      ArnLike: { 'AWS:SourceArn': bucket },
    });
    // test_lambda_permission_fn_versioning: an alias has its own policy, naming the alias
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'absent-fn',
        Qualifier: 'live',
        StatementId: 's3',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
      }),
    );
    assert.equal(
      JSON.parse(
        (await lambda.send(new GetPolicyCommand({ FunctionName: 'absent-fn', Qualifier: 'live' })))
          .Policy!,
      ).Statement[0].Resource,
      arnOf('absent-fn', 'live'),
    );
    // get_policy_after_publishing_new_version: version 1 has none
    await answersAs(
      lambda.send(new GetPolicyCommand({ FunctionName: 'absent-fn', Qualifier: '1' })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: 'The resource you requested does not exist.',
      },
    );

    // test_remove_multi_permissions: remove_permission_exception_nonexisting_sid, then every statement, then get_policy_exception_removed_all
    await answersAs(
      lambda.send(
        new RemovePermissionCommand({ FunctionName: 'absent-fn', StatementId: 'non-existent' }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: 'Statement non-existent is not found in resource policy.',
      },
    );
    for (const sid of ['s3', 'account-id', 'urlPermission'])
      await lambda.send(
        new RemovePermissionCommand({ FunctionName: 'absent-fn', StatementId: sid }),
      );
    await answersAs(lambda.send(new GetPolicyCommand({ FunctionName: 'absent-fn' })), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: 'The resource you requested does not exist.',
    });
    // Deleting the alias takes its policy: the same name made again starts without one.
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'absent-fn', Name: 'live' }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'absent-fn', Name: 'live', FunctionVersion: '1' }),
    );
    await answersAs(
      lambda.send(new GetPolicyCommand({ FunctionName: 'absent-fn', Qualifier: 'live' })),
      { code: 'ResourceNotFoundException', status: 404 },
    );
  });

  test('errors (test_permission_exceptions)', async () => {
    const s3 = {
      Action: 'lambda:InvokeFunction',
      StatementId: 's3',
      Principal: 's3.amazonaws.com',
    };
    await answersAs(
      lambda.send(
        new AddPermissionCommand({ ...s3, FunctionName: 'absent-fn', StatementId: 'example.com' }),
      ),
      {
        code: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
      },
    );
    await answersAs(
      lambda.send(
        new AddPermissionCommand({
          ...s3,
          FunctionName: 'absent-fn:$LATEST',
          Qualifier: '$LATEST',
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'We currently do not support adding policies for $LATEST.',
      },
    );
    await answersAs(
      lambda.send(
        new AddPermissionCommand({
          ...s3,
          FunctionName: 'absent-fn',
          Principal: 'invalid.nonaws.com',
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'The provided principal was invalid. Please check the principal and try again.',
      },
    );
    await answersAs(
      lambda.send(new AddPermissionCommand({ ...s3, FunctionName: 'doesnotexist' })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arnOf('doesnotexist')}`,
      },
    );
    await answersAs(
      lambda.send(
        new AddPermissionCommand({ ...s3, FunctionName: 'absent-fn:alias-doesnotexist' }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Cannot find alias arn: ${arnOf('absent-fn', 'alias-doesnotexist')}`,
      },
    );
    await answersAs(
      lambda.send(new AddPermissionCommand({ ...s3, FunctionName: 'absent-fn', Qualifier: '42' })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arnOf('absent-fn', '42')}`,
      },
    );
    await answersAs(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'absent-fn', StatementId: 's3' })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: 'No policy is associated with the given resource.',
      },
    );
    await answersAs(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'doesnotexist', StatementId: 's3' })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `No policy found for: ${arnOf('doesnotexist')}`,
      },
    );
    await answersAs(lambda.send(new GetPolicyCommand({ FunctionName: 'doesnotexist' })), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: 'The resource you requested does not exist.',
    });
    // add_permission_conflicting_statement_id
    await lambda.send(
      new AddPermissionCommand({ ...s3, FunctionName: 'absent-fn', StatementId: 'twice' }),
    );
    await answersAs(
      lambda.send(
        new AddPermissionCommand({ ...s3, FunctionName: 'absent-fn', StatementId: 'twice' }),
      ),
      {
        code: 'ResourceConflictException',
        status: 409,
        message:
          'The statement id (twice) provided already exists. Please provide a new statement id, or remove the existing statement.',
      },
    );
    await lambda.send(
      new RemovePermissionCommand({ FunctionName: 'absent-fn', StatementId: 'twice' }),
    );
  });
});

describe('recursion and runtime management settings: stored and read back', () => {
  test('PutFunctionRecursionConfig (TestLambdaRecursion::test_put_function_recursion_config_allow, _invalid_value)', async () => {
    assert.equal(
      (await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'absent-fn' })))
        .RecursiveLoop,
      'Terminate',
    );
    assert.equal(
      (
        await lambda.send(
          new PutFunctionRecursionConfigCommand({
            FunctionName: 'absent-fn',
            RecursiveLoop: 'Allow',
          }),
        )
      ).RecursiveLoop,
      'Allow',
    );
    assert.equal(
      (await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'absent-fn' })))
        .RecursiveLoop,
      'Allow',
    );
    await answersAs(
      lambda.send(
        new PutFunctionRecursionConfigCommand({
          FunctionName: 'absent-fn',
          RecursiveLoop: 'InvalidValue' as 'Allow',
        }),
      ),
      {
        code: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value 'InvalidValue' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Terminate, Allow]",
      },
    );
    await answersAs(
      lambda.send(
        new PutFunctionRecursionConfigCommand({
          FunctionName: 'doesnotexist',
          RecursiveLoop: 'Allow',
        }),
      ),
      { code: 'ResourceNotFoundException', status: 404 },
    );
  });

  test('PutRuntimeManagementConfig, per version; Manual needs the version to stay on', async () => {
    const pinned =
      'arn:aws:lambda:us-east-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9';
    const put = await lambda.send(
      new PutRuntimeManagementConfigCommand({
        FunctionName: 'absent-fn',
        Qualifier: '1',
        UpdateRuntimeOn: 'Manual',
        RuntimeVersionArn: pinned,
      }),
    );
    assert.deepEqual(
      { on: put.UpdateRuntimeOn, arn: put.FunctionArn, version: put.RuntimeVersionArn },
      { on: 'Manual', arn: arnOf('absent-fn', '1'), version: pinned },
    );
    await lambda.send(
      new PutRuntimeManagementConfigCommand({
        FunctionName: 'absent-fn',
        UpdateRuntimeOn: 'FunctionUpdate',
      }),
    );
    const latest = await lambda.send(
      new GetRuntimeManagementConfigCommand({ FunctionName: 'absent-fn' }),
    );
    assert.deepEqual(
      { on: latest.UpdateRuntimeOn, arn: latest.FunctionArn, version: latest.RuntimeVersionArn },
      { on: 'FunctionUpdate', arn: arnOf('absent-fn'), version: undefined },
    );
    assert.equal(
      (
        await lambda.send(
          new GetRuntimeManagementConfigCommand({ FunctionName: 'absent-fn', Qualifier: '1' }),
        )
      ).RuntimeVersionArn,
      pinned,
    );
    await answersAs(
      lambda.send(
        new PutRuntimeManagementConfigCommand({
          FunctionName: 'absent-fn',
          UpdateRuntimeOn: 'Manual',
        }),
      ),
      { code: 'InvalidParameterValueException', status: 400, message: /RuntimeVersionArn/ },
    );
    await answersAs(
      lambda.send(
        new PutRuntimeManagementConfigCommand({
          FunctionName: 'absent-fn',
          UpdateRuntimeOn: 'Sometimes' as 'Auto',
        }),
      ),
      {
        code: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value 'Sometimes' at 'updateRuntimeOn' failed to satisfy constraint: Member must satisfy enum value set: [Auto, FunctionUpdate, Manual]",
      },
    );
  });

  test('the settings outlive a restart of the endpoint', async () => {
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'absent-fn',
        StatementId: 'kept',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
      }),
    );
    await t.close();
    t = await startTestEndpoint({ home });
    lambda = t.lambda;
    assert.equal(
      (await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'absent-fn' })))
        .RecursiveLoop,
      'Allow',
    );
    assert.equal(
      (await lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'absent-fn' })))
        .UpdateRuntimeOn,
      'FunctionUpdate',
    );
    assert.equal(
      JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'absent-fn' }))).Policy!)
        .Statement[0].Sid,
      'kept',
    );
  });
});

describe('features that do not run here: refused with what to do, nothing stored', () => {
  test('provisioned concurrency (TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions)', async () => {
    const put = (
      Qualifier: string,
      ProvisionedConcurrentExecutions = 1,
      FunctionName = 'absent-fn',
    ) =>
      lambda.send(
        new PutProvisionedConcurrencyConfigCommand({
          FunctionName,
          Qualifier,
          ProvisionedConcurrentExecutions,
        }),
      );
    // put_provisioned_invalid_param_0, put_provisioned_latest, put_provisioned_version_doesnotexist, put_provisioned_qualifier_doesnotexist, put_provisioned_functionname_doesnotexist_version
    await answersAs(put('1', 0), {
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    await answersAs(put('$LATEST'), {
      code: 'InvalidParameterValueException',
      status: 400,
      message:
        'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
    });
    await answersAs(put('10'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('absent-fn', '10')}`,
    });
    await answersAs(put('doesnotexist'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Cannot find alias arn: ${arnOf('absent-fn', 'doesnotexist')}`,
    });
    await answersAs(put('1', 1, 'doesnotexist'), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arnOf('doesnotexist', '1')}`,
    });
    await answersAs(put('1'), refused(/provisioned concurrency/));
    await answersAs(put('live'), refused(/provisioned concurrency/));
    // Nothing was stored: get_provisioned_config_doesnotexist; delete_provisioned_config_doesnotexist (204), delete_provisioned_latest
    await answersAs(
      lambda.send(
        new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'absent-fn', Qualifier: '1' }),
      ),
      {
        code: 'ProvisionedConcurrencyConfigNotFoundException',
        status: 404,
        message: 'No Provisioned Concurrency Config found for this function',
      },
    );
    assert.equal(
      (
        await lambda.send(
          new DeleteProvisionedConcurrencyConfigCommand({
            FunctionName: 'absent-fn',
            Qualifier: '1',
          }),
        )
      ).$metadata.httpStatusCode,
      204,
    );
    await answersAs(
      lambda.send(
        new DeleteProvisionedConcurrencyConfigCommand({
          FunctionName: 'absent-fn',
          Qualifier: '$LATEST',
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'The function resource provided must be an alias or a published version.',
      },
    );
  });

  test('code signing (TestCodeSigningConfig::test_code_signing_not_found_excs)', async () => {
    const csc = 'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0';
    await answersAs(
      lambda.send(
        new CreateCodeSigningConfigCommand({
          AllowedPublishers: {
            SigningProfileVersionArns: [
              'arn:aws:signer:us-east-1:123456789012:/signing-profiles/test',
            ],
          },
        }),
      ),
      refused(/code signing/),
    );
    // put_function_csc_invalid_fnname, put_function_csc_invalid_csc_arn (with what this endpoint does), delete_csc_notfound, nothing_to_delete_response
    await answersAs(
      lambda.send(
        new PutFunctionCodeSigningConfigCommand({
          FunctionName: 'doesnotexist',
          CodeSigningConfigArn: csc,
        }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arnOf('doesnotexist')}`,
      },
    );
    await answersAs(
      lambda.send(
        new PutFunctionCodeSigningConfigCommand({
          FunctionName: 'absent-fn',
          CodeSigningConfigArn: csc,
        }),
      ),
      {
        code: 'CodeSigningConfigNotFoundException',
        status: 404,
        message: new RegExp(
          `^The code signing configuration cannot be found\\. Check that the provided configuration is not deleted: ${csc}\\. The local endpoint does not run code signing`,
        ),
      },
    );
    assert.deepEqual(
      Object.keys(
        await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'absent-fn' })),
      ).filter((k) => k !== '$metadata'),
      [],
    );
    await answersAs(
      lambda.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: csc })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `The Lambda code signing configuration ${csc} can not be found.`,
      },
    );
    assert.equal(
      (await lambda.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: 'absent-fn' })))
        .$metadata.httpStatusCode,
      204,
    );
  });

  test('event source mappings, layers, capacity providers, durable executions', async () => {
    await answersAs(
      lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'absent-fn',
          EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:queue',
        }),
      ),
      refused(/event source mappings/),
    );
    assert.deepEqual(
      (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings,
      [],
    );
    await answersAs(
      lambda.send(
        new DeleteEventSourceMappingCommand({ UUID: '14e0db71-5d35-4eb5-b481-8945cf9d10c2' }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: 'The resource you requested does not exist.',
      },
    );
    // test_layer_exceptions, test_layer_policy_exceptions
    await answersAs(
      lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'deps',
          Content: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]) },
        }),
      ),
      refused(/layers/),
    );
    assert.deepEqual(
      (await lambda.send(new ListLayerVersionsCommand({ LayerName: 'deps' }))).LayerVersions,
      [],
    );
    await answersAs(
      lambda.send(new GetLayerVersionCommand({ LayerName: 'deps', VersionNumber: 1 })),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: 'The resource you requested does not exist.',
      },
    );
    await answersAs(
      lambda.send(new GetLayerVersionCommand({ LayerName: 'deps', VersionNumber: 0 })),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'Layer Version Cannot be less than 1',
      },
    );
    assert.equal(
      (await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'deps', VersionNumber: 1 })))
        .$metadata.httpStatusCode,
      204,
    );
    await answersAs(
      lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'deps',
          VersionNumber: 1,
          StatementId: 's1',
          Action: 'lambda:GetLayerVersion',
          Principal: '*',
        }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: 'Layer version arn:aws:lambda:us-east-1:123456789012:layer:deps:1 does not exist.',
      },
    );
    await answersAs(
      lambda.send(
        new CreateCapacityProviderCommand({
          CapacityProviderName: 'cp',
          VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
          PermissionsConfig: {
            CapacityProviderOperatorRoleArn: 'arn:aws:iam::123456789012:role/op',
          },
        }),
      ),
      refused(/capacity providers/),
    );
    await answersAs(
      lambda.send(
        new StopDurableExecutionCommand({
          DurableExecutionArn: `${arnOf('absent-fn')}:$LATEST/durable-execution/x/y`,
        }),
      ),
      { code: 'ResourceNotFoundException', status: 404 },
    );
  });
});

test('InvokeAsync (deprecated) runs the function as an Event invocation', async () => {
  await createFn(lambda, 'async-fn');
  const answer = await lambda.send(
    new InvokeAsyncCommand({
      FunctionName: 'async-fn',
      InvokeArgs: JSON.stringify({ via: 'invoke-async' }),
    }),
  );
  assert.equal(answer.Status, 202);
  await waitFor('the REPORT line of the invocation', async () =>
    (await filterEvents(t, 'async-fn')).some((e) => e.message?.startsWith('REPORT'))
      ? true
      : undefined,
  );
});

/** The client's own routes: each operation's method and path, as its serializer schema declares them. */
function sdkRoutes(): { operation: string; method: string; segments: string[] }[] {
  const source = readFileSync(
    createRequire(import.meta.url).resolve('@aws-sdk/client-lambda'),
    'utf8',
  );
  return [
    ...source.matchAll(/var (\w+)\$ = \[9, n0, _\w+,\s*\{\s*\[_h\]:\s*\["([A-Z]+)",\s*"([^"]+)"/g),
  ].map(([, operation, method, path]) => ({
    operation: operation!,
    method: method!,
    segments: path!
      .split('?')[0]!
      .split('/')
      .slice(1)
      .map((s) => s.replace(/^\{.*\}$/, 'x')),
  }));
}

test("every operation of the SDK's Lambda client reaches an operation of the endpoint, none is unknown", () => {
  const routes = sdkRoutes();
  assert.ok(
    routes.length >= 80,
    `the client's schema lists ${routes.length} operations: has its layout changed?`,
  );
  assert.deepEqual(
    routes
      .filter((r) => operationOf(r.method, r.segments) === undefined)
      .map((r) => `${r.operation} ${r.method} /${r.segments.join('/')}`),
    [],
  );
});
