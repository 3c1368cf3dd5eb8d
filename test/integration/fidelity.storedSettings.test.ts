// VpcConfig, DeadLetterConfig, KMSKeyArn, FileSystemConfigs and TracingConfig in CreateFunction and
// UpdateFunctionConfiguration, through the SDK over HTTP: validated as AWS does, stored, and read
// back in AWS's response shape by GetFunction, GetFunctionConfiguration, ListFunctions and published
// versions (none acts locally; LOCAL-ENDPOINT.md says so). Expected answers: LocalStack's
// AWS-validated snapshot, github:localstack/localstack tests/aws/services/lambda_/
// test_lambda_api.snapshot.json (keys named at each); constraints the snapshot does not record are
// the Lambda API model's (botocore data/lambda/2015-03-31/service-2.json), in AWS's message form.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
  ListFunctionsCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { ACCOUNT, answersAs, createInput, REGION } from './fidelityKit';

let t: TestEndpoint;
let lambda: LambdaClient;
before(async () => {
  t = await startTestEndpoint();
  lambda = t.lambda;
});
after(async () => {
  await t.close();
});

const wait = { maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 };
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:failed-events`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ACCESS_POINT = `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:access-point/fsap-0123456789abcdef0`;
const ARN_OR_EMPTY = String.raw`(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()`;
const VPC = { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] };

async function notCreated(name: string): Promise<void> {
  await assert.rejects(
    lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })),
    { name: 'ResourceNotFoundException' },
    `${name} was not created`,
  );
}

test("VpcConfig: AWS's ValidationException for IDs of the wrong form (test_invalid_vpc_config_subnet / create-response-invalid-format-subnet-id, _security_group / create-response-invalid-format-security-group)", async () => {
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('vpc-bad-1', {
          VpcConfig: { SubnetIds: ['bad-format-abc123'], SecurityGroupIds: ['sg-0123abcd'] },
        }),
      ),
    ),
    {
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '[bad-format-abc123]' at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: subnet-[0-9a-z]*]",
    },
  );
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('vpc-bad-2', {
          VpcConfig: { SubnetIds: ['subnet-0123abcd'], SecurityGroupIds: ['bad-format-abc123'] },
        }),
      ),
    ),
    {
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '[bad-format-abc123]' at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: sg-[0-9a-zA-Z]*]",
    },
  );
  await notCreated('vpc-bad-1');
  await notCreated('vpc-bad-2');
});

test("VpcConfig is stored and read back in AWS's shape, through updates and its removal (test_vpc_config: create_response … delete_vpcconfig_get_function_response)", async () => {
  const created = await lambda.send(
    new CreateFunctionCommand(
      createInput('vpc-fn', {
        VpcConfig: { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] },
      }),
    ),
  );
  // AWS shows VpcId and Ipv6AllowedForDualStack too; no VPC is known here, so VpcId is empty.
  assert.deepEqual(created.VpcConfig, {
    SubnetIds: ['subnet-0a1b2c3d'],
    SecurityGroupIds: ['sg-0a1b2c3d'],
    VpcId: '',
    Ipv6AllowedForDualStack: false,
  });
  assert.deepEqual(
    (await lambda.send(new GetFunctionCommand({ FunctionName: 'vpc-fn' }))).Configuration
      ?.VpcConfig,
    created.VpcConfig,
  );
  await waitUntilFunctionActiveV2({ client: lambda, ...wait }, { FunctionName: 'vpc-fn' });

  // update_vpcconfig_update_response, update_vpcconfig_get_function_response
  const updated = await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'vpc-fn',
      VpcConfig: {
        SubnetIds: ['subnet-9f8e7d6c'],
        SecurityGroupIds: ['sg-9f8e7d6c'],
        Ipv6AllowedForDualStack: true,
      },
    }),
  );
  assert.deepEqual(updated.VpcConfig, {
    SubnetIds: ['subnet-9f8e7d6c'],
    SecurityGroupIds: ['sg-9f8e7d6c'],
    VpcId: '',
    Ipv6AllowedForDualStack: true,
  });
  await waitUntilFunctionUpdatedV2({ client: lambda, ...wait }, { FunctionName: 'vpc-fn' });
  // An update that does not name VpcConfig keeps it.
  await lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: 'vpc-fn', MemorySize: 256 }),
  );
  await waitUntilFunctionUpdatedV2({ client: lambda, ...wait }, { FunctionName: 'vpc-fn' });
  assert.deepEqual(
    (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'vpc-fn' }))).VpcConfig,
    updated.VpcConfig,
  );

  // delete_vpcconfig_update_response, delete_vpcconfig_get_function_response: empty lists, still shown.
  const removed = await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'vpc-fn',
      VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
    }),
  );
  const empty = { SubnetIds: [], SecurityGroupIds: [], VpcId: '', Ipv6AllowedForDualStack: false };
  assert.deepEqual(removed.VpcConfig, empty);
  assert.deepEqual(
    (await lambda.send(new GetFunctionCommand({ FunctionName: 'vpc-fn' }))).Configuration
      ?.VpcConfig,
    empty,
  );

  // A function never in a VPC has no VpcConfig (every other create_response of the snapshot).
  const plain = await lambda.send(new CreateFunctionCommand(createInput('no-vpc-fn')));
  assert.equal(plain.VpcConfig, undefined);
  assert.deepEqual(plain.TracingConfig, { Mode: 'PassThrough' });
});

test('TracingConfig, DeadLetterConfig, KMSKeyArn and FileSystemConfigs are stored and read back everywhere AWS shows them, published versions included', async () => {
  const settings = {
    VpcConfig: VPC,
    TracingConfig: { Mode: 'Active' as const },
    DeadLetterConfig: { TargetArn: QUEUE },
    KMSKeyArn: KEY,
    FileSystemConfigs: [{ Arn: ACCESS_POINT, LocalMountPath: '/mnt/data' }],
  };
  const created = await lambda.send(new CreateFunctionCommand(createInput('stored-fn', settings)));
  // test_lambda_destinations.snapshot.json, test_dead_letter_queue: DeadLetterConfig { TargetArn }.
  const expected = {
    TracingConfig: { Mode: 'Active' },
    DeadLetterConfig: { TargetArn: QUEUE },
    KMSKeyArn: KEY,
    FileSystemConfigs: [{ Arn: ACCESS_POINT, LocalMountPath: '/mnt/data' }],
  };
  const pick = (c: FunctionConfiguration | undefined) => ({
    TracingConfig: c?.TracingConfig,
    DeadLetterConfig: c?.DeadLetterConfig,
    KMSKeyArn: c?.KMSKeyArn,
    FileSystemConfigs: c?.FileSystemConfigs,
  });
  assert.deepEqual(pick(created), expected);
  await waitUntilFunctionActiveV2({ client: lambda, ...wait }, { FunctionName: 'stored-fn' });
  assert.deepEqual(
    pick((await lambda.send(new GetFunctionCommand({ FunctionName: 'stored-fn' }))).Configuration),
    expected,
  );
  const listed = (await lambda.send(new ListFunctionsCommand({}))).Functions?.find(
    (f) => f.FunctionName === 'stored-fn',
  );
  assert.deepEqual(pick(listed), expected);
  const version = await lambda.send(new PublishVersionCommand({ FunctionName: 'stored-fn' }));
  assert.deepEqual(pick(version), expected);

  // Empty values remove them, as on AWS; the published version keeps what it had.
  const cleared = await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'stored-fn',
      TracingConfig: { Mode: 'PassThrough' },
      DeadLetterConfig: { TargetArn: '' },
      KMSKeyArn: '',
      FileSystemConfigs: [],
    }),
  );
  assert.deepEqual(pick(cleared), {
    TracingConfig: { Mode: 'PassThrough' },
    DeadLetterConfig: undefined,
    KMSKeyArn: undefined,
    FileSystemConfigs: undefined,
  });
  const kept = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'stored-fn', Qualifier: version.Version }),
  );
  assert.deepEqual(pick(kept), expected);
});

test("TracingConfig, DeadLetterConfig, KMSKeyArn and FileSystemConfigs: bad values get AWS's ValidationException, all at once, and change nothing", async () => {
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('stored-bad-1', { TracingConfig: { Mode: 'On' as 'Active' } }),
      ),
    ),
    {
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value 'On' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]",
    },
  );
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('stored-bad-2', {
          KMSKeyArn: 'my-key',
          DeadLetterConfig: { TargetArn: 'queue' },
        }),
      ),
    ),
    {
      code: 'ValidationException',
      status: 400,
      message:
        `2 validation errors detected: Value 'queue' at 'deadLetterConfig.targetArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_OR_EMPTY}; ` +
        `Value 'my-key' at 'kMSKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_OR_EMPTY}`,
    },
  );
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('stored-bad-3', {
          FileSystemConfigs: [{ Arn: ACCESS_POINT, LocalMountPath: '/data' }],
        }),
      ),
    ),
    {
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '/data' at 'fileSystemConfigs.1.member.localMountPath' failed to satisfy constraint: Member must satisfy regular expression pattern: /mnt/[a-zA-Z0-9-_.]+",
    },
  );
  // A dead-letter queue is an SQS queue or an SNS topic.
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('stored-bad-4', { DeadLetterConfig: { TargetArn: `arn:aws:s3:::bucket` } }),
      ),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: /neither an SQS queue nor an SNS topic/,
    },
  );
  for (const name of ['stored-bad-1', 'stored-bad-2', 'stored-bad-3', 'stored-bad-4'])
    await notCreated(name);

  await lambda.send(
    new CreateFunctionCommand(createInput('stored-keep', { TracingConfig: { Mode: 'Active' } })),
  );
  await waitUntilFunctionActiveV2({ client: lambda, ...wait }, { FunctionName: 'stored-keep' });
  const before = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'stored-keep' }),
  );
  await answersAs(
    lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'stored-keep',
        TracingConfig: { Mode: 'Off' as 'Active' },
        MemorySize: 512,
      }),
    ),
    {
      code: 'ValidationException',
      status: 400,
      message: /at 'tracingConfig\.mode'/,
    },
  );
  const after = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'stored-keep' }),
  );
  assert.equal(after.RevisionId, before.RevisionId);
  assert.deepEqual(after.TracingConfig, { Mode: 'Active' });
  assert.equal(after.MemorySize, before.MemorySize);
});

test("FileSystemConfigs needs the function in a VPC: AWS's InvalidParameterValueException at CreateFunction and UpdateFunctionConfiguration, and nothing changes", async () => {
  // AWS's words: CloudFormation's failure for a function with FileSystemConfigs and no VpcConfig
  // (github:aws-cloudformation/cfn-lint#4408), and UpdateFunctionConfiguration's
  // InvalidParameterValueException for taking a function with an access point out of its VPC
  // (github:aws/chalice#1453).
  const needsVpc = {
    code: 'InvalidParameterValueException',
    status: 400,
    message: `Function must be configured to execute in a VPC to reference access point ${ACCESS_POINT}. Please update the function configuration to include VPC subnets and security groups.`,
  };
  const fileSystem = [{ Arn: ACCESS_POINT, LocalMountPath: '/mnt/data' }];
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(createInput('efs-no-vpc', { FileSystemConfigs: fileSystem })),
    ),
    needsVpc,
  );
  // A VpcConfig with no subnets is no VPC.
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('efs-empty-vpc', {
          FileSystemConfigs: fileSystem,
          VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
        }),
      ),
    ),
    needsVpc,
  );
  await notCreated('efs-no-vpc');
  await notCreated('efs-empty-vpc');

  // Adding a file system to a function outside a VPC.
  await lambda.send(new CreateFunctionCommand(createInput('efs-later')));
  await waitUntilFunctionActiveV2({ client: lambda, ...wait }, { FunctionName: 'efs-later' });
  await answersAs(
    lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'efs-later',
        FileSystemConfigs: fileSystem,
      }),
    ),
    needsVpc,
  );
  // The same update with a VPC is accepted; taking the VPC away while the access point stays is not.
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'efs-later',
      FileSystemConfigs: fileSystem,
      VpcConfig: VPC,
    }),
  );
  await waitUntilFunctionUpdatedV2({ client: lambda, ...wait }, { FunctionName: 'efs-later' });
  const before = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'efs-later' }),
  );
  await answersAs(
    lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'efs-later',
        VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
      }),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: `Function VPC configuration cannot be removed with access point ${ACCESS_POINT} referenced.`,
    },
  );
  const after = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'efs-later' }),
  );
  assert.equal(after.RevisionId, before.RevisionId);
  assert.deepEqual(after.FileSystemConfigs, fileSystem);
  assert.deepEqual(after.VpcConfig?.SubnetIds, VPC.SubnetIds);
  // Both removed at once is fine.
  const out = await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'efs-later',
      FileSystemConfigs: [],
      VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
    }),
  );
  assert.equal(out.FileSystemConfigs, undefined);
  assert.deepEqual(out.VpcConfig?.SubnetIds, []);
});

/** CreateFunction with a body the SDK would never serialize, signed as a client would. */
async function rawCreate(
  body: Record<string, unknown>,
): Promise<{ status: number; type: string | null; message: string }> {
  const url = new URL('/2015-03-31/functions', t.endpoint.url);
  const text = JSON.stringify({
    ...createInput('hostile'),
    Code: { ZipFile: Buffer.from(createInput('hostile').Code!.ZipFile!).toString('base64') },
    ...body,
  });
  const signer = new SignatureV4({
    credentials: t.endpoint.credentials,
    region: REGION,
    service: 'lambda',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body: text,
    }),
  );
  const response = await fetch(url, { method: 'POST', headers: signed.headers, body: text });
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    message: ((await response.json()) as { message: string }).message,
  };
}

test('hostile shapes get a clear error, never a crash', async () => {
  const cases: [string, unknown][] = [
    ['VpcConfig', 'subnet-1'],
    ['VpcConfig', { SubnetIds: 'subnet-1' }],
    ['VpcConfig', { SubnetIds: [], Ipv6AllowedForDualStack: 'yes' }],
    ['DeadLetterConfig', [QUEUE]],
    ['FileSystemConfigs', { Arn: ACCESS_POINT }],
    ['TracingConfig', 'Active'],
  ];
  for (const [field, value] of cases) {
    const answer = await rawCreate({ [field]: value });
    assert.equal(answer.status, 400, `${field}: ${JSON.stringify(value)}`);
    assert.equal(answer.type, 'InvalidParameterValueException');
    assert.match(answer.message, new RegExp(field));
  }
  const missing = await rawCreate({
    FileSystemConfigs: [{ LocalMountPath: '/mnt/x' }],
    KMSKeyArn: 42,
  });
  assert.equal(missing.type, 'ValidationException');
  assert.match(
    missing.message,
    /^2 validation errors detected: .*'kMSKeyArn'.*|^2 validation errors detected: .*fileSystemConfigs\.1\.member\.arn' failed to satisfy constraint: Member must not be null/,
  );
  await notCreated('hostile');
  // The endpoint still answers.
  assert.ok((await lambda.send(new ListFunctionsCommand({}))).Functions);
});
