// A profile whose ~/.aws/config says `endpoint_url = …` (or a `services` section), and
// AWS_ENDPOINT_URL_LAMBDA, reach moto as the AWS CLI would: the CLI lists and deploys there
// (IAM too, for --create-role), and the profile reader shows the endpoint for the explorer.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { clientsFor, NODE_HELLO, zipOf } from './endpoint';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from './moto';
import { listProfiles } from '../../src/cloud/profiles';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
let moto: MotoServer | undefined;
let skip: string | false = false;
let lambda: LambdaClient;
let scratch: string;
let env: Record<string, string>;

before(async () => {
  process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
  const started = await startMotoServer();
  if ('skip' in started) {
    skip = started.skip;
    return;
  }
  moto = started;
  lambda = clientsFor(moto.url, MOTO_CREDENTIALS).lambda;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'seen-through-profile',
      Role: moto.role,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
    }),
  );
  scratch = mkdtempSync(join(tmpdir(), 'll-configured-endpoint-'));
  const keys = `aws_access_key_id = ${MOTO_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${MOTO_CREDENTIALS.secretAccessKey}\nregion = us-east-1`;
  writeFileSync(
    join(scratch, 'config'),
    [
      `[profile moto]\n${keys}\nendpoint_url = ${moto.url}`,
      `[profile moto-services]\n${keys}\nservices = moto-only`,
      `[services moto-only]\nlambda =\n  endpoint_url = ${moto.url}\ncloudwatch_logs =\n  endpoint_url = ${moto.url}`,
      `[profile plain]\n${keys}`,
    ].join('\n\n'),
  );
  env = {
    AWS_CONFIG_FILE: join(scratch, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
});

after(async () => {
  lambda?.destroy();
  await moto?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function cli(
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_PROFILE: '',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        ...env,
        ...extra,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test("a profile's endpoint_url and a services section: the CLI lists the functions there", async (t) => {
  if (skip) return t.skip(skip);
  for (const profile of ['moto', 'moto-services']) {
    const run = await cli(['functions', '--profile', profile]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /seen-through-profile/, profile);
  }
});

test('AWS_ENDPOINT_URL_LAMBDA points a plain profile at moto', async (t) => {
  if (skip) return t.skip(skip);
  const run = await cli(['functions', '--profile', 'plain'], {
    AWS_ENDPOINT_URL_LAMBDA: moto!.url,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /seen-through-profile/);
});

test("deploy --create-role through a profile's endpoint_url: IAM and Lambda at that URL", async (t) => {
  if (skip) return t.skip(skip);
  const folder = join(scratch, 'profiled');
  mkdirSync(folder);
  writeFileSync(join(folder, 'index.js'), NODE_HELLO);
  const run = await cli(['deploy', folder, '--profile', 'moto', '--create-role']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^profiled: created/m);
  assert.match(
    run.stderr,
    /Created execution role arn:aws:iam::123456789012:role\/lambda-lens-profiled-role/,
  );
});

test("the profile reader gives each profile's Lambda endpoint (the explorer's description)", async (t) => {
  if (skip) return t.skip(skip);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const profiles = await listProfiles();
    assert.equal(profiles.find((p) => p.name === 'moto')?.endpoint, moto!.url);
    assert.equal(profiles.find((p) => p.name === 'moto-services')?.endpoint, moto!.url);
    assert.equal(profiles.find((p) => p.name === 'plain')?.endpoint, undefined);
  } finally {
    for (const key of Object.keys(env))
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
  }
});
