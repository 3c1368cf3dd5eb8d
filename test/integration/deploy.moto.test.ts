// The deploy sequence against moto (an AWS implementation written by others): create with a
// role, unchanged redeploy sends no code, configuration-only change, publish and alias. moto runs
// no code, so nothing is invoked here. Skipped where moto_server is not installed.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { clientsFor } from './endpoint';
import { LAMBDA_TRUST_POLICY } from '../../src/core/deploy/executionRole';
import { deployFunction, type DeployRequest } from '../../src/cloud/deploy/deployFunction';
import { closeCompressionPool } from '../../src/cloud/deploy/compressionPool';
import { freePort } from '../support/freePort';
import { parseSamTemplate } from '../../src/core/deploy/samTemplate';
import { deploySettingsOf } from '../../src/core/deploy/functionDefinition';
import { zipOf } from './endpoint';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const motoPath = spawnSync('sh', ['-c', 'command -v moto_server'], {
  encoding: 'utf8',
}).stdout.trim();
const skip = motoPath
  ? false
  : 'moto_server is not installed on this machine (see /work/shared/notes/moto.md)';
let moto: ChildProcess | undefined;
let url = '';
let lambda: LambdaClient;
let scratch: string;
let role = '';
const codeUploads: string[] = [];
let layerArns: string[] = [];
const createdWith: Record<string, unknown>[] = [];

before(async () => {
  if (skip) return;
  url = `http://127.0.0.1:${await freePort()}`;
  moto = spawn(motoPath, ['-H', '127.0.0.1', '-p', url.split(':').at(-1)!], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/moto-api/config`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // moto accepts a layer that was published first; published before use_docker is turned off, which
  // makes moto 5.2.1 keep new layers where CreateFunction does not look for them.
  scratch = mkdtempSync(join(tmpdir(), 'll-deploy-moto-'));
  writeFileSync(
    join(scratch, 'layer.zip'),
    zipOf({ 'nodejs/node_modules/shared/index.js': 'module.exports = 1;\n' }),
  );
  layerArns = ['shared', 'extra'].map((name) =>
    spawnSync(
      'aws',
      [
        '--endpoint-url',
        url,
        '--region',
        'us-east-1',
        '--output',
        'text',
        '--query',
        'LayerVersionArn',
        'lambda',
        'publish-layer-version',
        '--layer-name',
        name,
        '--zip-file',
        `fileb://${join(scratch, 'layer.zip')}`,
      ],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
    ).stdout.trim(),
  );
  await fetch(`${url}/moto-api/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  // moto wants a role that exists in its IAM; the AWS CLI (present with moto) creates it.
  const created = spawnSync(
    'aws',
    [
      '--endpoint-url',
      url,
      '--region',
      'us-east-1',
      '--output',
      'text',
      '--query',
      'Role.Arn',
      'iam',
      'create-role',
      '--role-name',
      'deploy-test',
      '--assume-role-policy-document',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    },
  );
  role = created.stdout.trim() || 'arn:aws:iam::123456789012:role/deploy-test';
  lambda = clientsFor(url, CREDENTIALS).lambda;
  lambda.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UpdateFunctionCodeCommand')
        codeUploads.push(context.commandName);
      if (
        context.commandName === 'CreateFunctionCommand' ||
        context.commandName === 'UpdateFunctionConfigurationCommand'
      )
        createdWith.push(args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'initialize', name: 'countUploads' },
  );
});

after(async () => {
  if (skip) return;
  lambda.destroy();
  await closeCompressionPool();
  if (moto && moto.exitCode === null) {
    const exited = new Promise((r) => moto!.once('exit', r));
    moto.kill('SIGTERM');
    const timer = setTimeout(() => moto!.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(scratch, { recursive: true, force: true });
});

function request(extra: Partial<DeployRequest> = {}): DeployRequest {
  return {
    folder: scratch,
    functionName: 'moto-deploy',
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    role,
    connection: {
      id: 'endpoint:moto',
      kind: 'endpoint',
      region: 'us-east-1',
      endpoint: url,
      credentials: CREDENTIALS,
    },
    client: lambda,
    cacheDir: false,
    ...extra,
  };
}

test(
  'create, unchanged redeploy, configuration change, publish and alias against moto',
  { skip },
  async () => {
    writeFileSync(join(scratch, 'index.js'), "exports.handler = async () => 'moto';\n");
    const created = await deployFunction(request({ tags: { team: 'lens' } }));
    assert.equal(created.action, 'created');
    const again = await deployFunction(request());
    assert.equal(again.action, 'up-to-date', 'moto reports the same CodeSha256 we computed');
    assert.equal(codeUploads.length, 0);
    const configured = await deployFunction(
      request({ memorySize: 512, environment: { STAGE: 'test' } }),
    );
    assert.deepEqual(configured.configurationChanged, ['memorySize', 'environment']);
    assert.equal(configured.codeBytesSent, 0);
    const live = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'moto-deploy' }),
    );
    assert.equal(live.MemorySize, 512);
    writeFileSync(join(scratch, 'index.js'), "exports.handler = async () => 'moto 2';\n");
    const published = await deployFunction(
      request({ memorySize: 512, environment: { STAGE: 'test' }, alias: 'live' }),
    );
    assert.equal(published.action, 'updated');
    assert.equal(codeUploads.length, 1);
    assert.equal(published.alias?.name, 'live');
    assert.equal(published.alias?.version, published.version);
  },
);

test('creating on AWS without a role is refused with what to do', { skip }, async () => {
  // An AWS connection (no endpoint), its requests sent to moto through the client given.
  await assert.rejects(
    deployFunction(
      request({
        functionName: 'moto-norole',
        role: undefined,
        connection: {
          id: 'profile:moto',
          kind: 'aws',
          region: 'us-east-1',
          credentials: CREDENTIALS,
        },
      }),
    ),
    /needs an execution role\. Create a basic one \(lambda-lens deploy --create-role; in the editor, "Create a basic execution role"\)/,
  );
});

test(
  'CreateFunction is retried while a new role propagates, with progress; a role that never comes is named',
  { skip },
  async () => {
    const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS });
    const progress: string[] = [];
    // The role appears 1.5 s after the deploy starts, as a role just created reaches Lambda late.
    const late = new Promise((resolve) => setTimeout(resolve, 1500)).then(() =>
      iam.send(
        new CreateRoleCommand({
          RoleName: 'late-role',
          AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
        }),
      ),
    );
    const created = await deployFunction(
      request({
        functionName: 'moto-late-role',
        role: 'arn:aws:iam::123456789012:role/late-role',
        onProgress: (p) => progress.push(p.message),
      }),
    );
    await late;
    assert.equal(created.action, 'created');
    assert.ok(
      progress.some((m) => /Waiting for the role to reach Lambda/.test(m)),
      progress.join('\n'),
    );
    await assert.rejects(
      deployFunction(
        request({
          functionName: 'moto-never-role',
          role: 'arn:aws:iam::123456789012:role/never',
          roleWaitSeconds: 1.5,
        }),
      ),
      /Lambda cannot assume the role arn:aws:iam::123456789012:role\/never \(waited 1\.5 s\)/,
    );
    iam.destroy();
  },
);

test(
  "a template's layers (a `!Sub` of ${AWS::Region} and the like filled in for the target), Tracing, VpcConfig, DeadLetterQueue and KmsKeyArn are sent to an endpoint that is not local, and changed only where they differ",
  { skip },
  async () => {
    const [first, second] = layerArns as [string, string];
    assert.match(first, /:layer:shared:1$/);
    const template = (layers: string[], tracing: string) =>
      `Parameters:\n  Shared: { Type: String, Default: '${first}' }\nResources:\n  Attached:\n    Type: AWS::Serverless::Function\n    Properties:\n` +
      `      FunctionName: moto-attached\n      CodeUri: .\n      Handler: index.handler\n      Runtime: nodejs20.x\n      Layers: [${layers.join(', ')}]\n      Tracing: ${tracing}\n` +
      '      VpcConfig: { SubnetIds: [subnet-0a1b2c3d], SecurityGroupIds: [sg-0a1b2c3d] }\n' +
      '      DeadLetterQueue: { Type: SQS, TargetArn: arn:aws:sqs:us-east-1:123456789012:failed }\n      KmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/k1\n';
    // moto keeps no DeadLetterConfig or KMSKeyArn of a function (AWS does): they are checked as sent, and left out of the redeploys.
    const withoutDlqAndKey = (text: string) =>
      text
        .split('\n')
        .filter((line) => !/DeadLetterQueue|KmsKeyArn/.test(line))
        .join('\n');
    const deployTemplate = async (text: string) => {
      const { functions, problems } = parseSamTemplate(text, 'template.yaml');
      assert.deepEqual(problems, []);
      return deployFunction(
        request({ functionName: 'moto-attached', ...deploySettingsOf(functions[0]!) }),
      );
    };
    writeFileSync(join(scratch, 'index.js'), "exports.handler = async () => 'attached';\n");
    const created = await deployTemplate(template(['!Ref Shared'], 'Active'));
    assert.equal(created.action, 'created');
    assert.deepEqual(created.warnings, []);
    let live = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'moto-attached' }),
    );
    assert.deepEqual(
      live.Layers?.map((l) => l.Arn),
      [first],
    );
    assert.equal(live.TracingConfig?.Mode, 'Active');
    assert.deepEqual(
      [live.VpcConfig?.SubnetIds, live.VpcConfig?.SecurityGroupIds],
      [['subnet-0a1b2c3d'], ['sg-0a1b2c3d']],
    );
    const sent = createdWith.at(-1)!;
    assert.deepEqual(
      [sent.DeadLetterConfig, sent.KMSKeyArn],
      [
        { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:failed' },
        'arn:aws:kms:us-east-1:123456789012:key/k1',
      ],
    );

    const again = await deployTemplate(withoutDlqAndKey(template(['!Ref Shared'], 'Active')));
    assert.equal(again.action, 'up-to-date', 'nothing differs from what is live');
    // The second layer as SAM users write a published one: its region, partition and account are the deploy's.
    assert.match(second, /^arn:aws:lambda:us-east-1:\d{12}:layer:extra:1$/);
    const changed = await deployTemplate(
      withoutDlqAndKey(
        template(
          [
            '!Ref Shared',
            '!Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:layer:extra:1"',
          ],
          'PassThrough',
        ),
      ),
    );
    assert.deepEqual(changed.warnings, []);
    assert.deepEqual(changed.configurationChanged, ['layers', 'tracing']);
    live = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'moto-attached' }),
    );
    assert.deepEqual(
      live.Layers?.map((l) => l.Arn),
      [first, second],
    );
    // moto does not change TracingConfig on update (AWS does): checked as sent.
    assert.deepEqual(createdWith.at(-1)!.TracingConfig, { Mode: 'PassThrough' });
  },
);
