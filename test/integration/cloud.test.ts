// The cloud layer against real servers: our local endpoint, and moto_server where installed (so
// that our client and our server cannot agree on a mistake).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateFunctionCommand,
  GetAccountSettingsCommand,
  InvokeCommand,
} from '@aws-sdk/client-lambda';
import { lambdaClientFor, logsClientFor, forgetClients } from '../../src/cloud/clients';
import { listFunctionPages } from '../../src/cloud/listFunctions';
import { listProfiles } from '../../src/cloud/profiles';
import { recentInvocations, latestLogStreams, versionsAndAliases } from '../../src/cloud/functions';
import { describeConnectionError } from '../../src/core/connectionErrors';
import { NODE_HELLO, ROLE, startTestEndpoint, zipOf, type TestEndpoint } from './endpoint';

let t: TestEndpoint;
let awsDir: string;

before(async () => {
  t = await startTestEndpoint();
  const zip = zipOf({ 'index.js': NODE_HELLO });
  for (let i = 0; i < 120; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, (_, j) =>
        t.lambda.send(
          new CreateFunctionCommand({
            FunctionName: `cloud-${String(i + j).padStart(3, '0')}`,
            Role: ROLE,
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Code: { ZipFile: zip },
          }),
        ),
      ),
    );
  }
  awsDir = mkdtempSync(join(tmpdir(), 'll-aws-'));
  writeFileSync(
    join(awsDir, 'config'),
    '[profile local-keys]\nregion = us-east-1\n\n[profile sso]\nsso_session = s\nsso_account_id = 123456789012\nsso_role_name = R\n\n[sso-session s]\nsso_start_url = https://example.invalid/start\nsso_region = us-east-1\n',
  );
  writeFileSync(
    join(awsDir, 'credentials'),
    `[local-keys]\naws_access_key_id = ${t.endpoint.credentials.accessKeyId}\naws_secret_access_key = ${t.endpoint.credentials.secretAccessKey}\n\n[bad-keys]\naws_access_key_id = LLIABADBADBADBADBAD0\naws_secret_access_key = nope\n`,
  );
  process.env.AWS_CONFIG_FILE = join(awsDir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(awsDir, 'credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

after(async () => {
  await t.close();
  rmSync(awsDir, { recursive: true, force: true });
});

test('listFunctionPages yields pages of 50 as they arrive, and says when more follow', async () => {
  const client = lambdaClientFor({
    id: 'test-local',
    kind: 'local',
    region: 'us-east-1',
    endpoint: t.endpoint.url,
    credentials: { ...t.endpoint.credentials },
  });
  const pages = [];
  for await (const page of listFunctionPages(client)) pages.push(page);
  assert.deepEqual(
    pages.map((p) => [p.functions.length, p.more]),
    [
      [50, true],
      [50, true],
      [20, false],
    ],
  );
  assert.equal(new Set(pages.flatMap((p) => p.functions.map((f) => f.FunctionName))).size, 120);
});

test('profiles come from the AWS config files, SSO ones marked, sso-session sections left out', async () => {
  const profiles = await listProfiles();
  assert.deepEqual(profiles.map((p) => [p.name, p.region, p.sso]).sort(), [
    ['bad-keys', undefined, false],
    ['local-keys', 'us-east-1', false],
    ['sso', undefined, true],
  ]);
});

test("a profile's static keys sign requests through the SDK's own credential chain", async () => {
  const client = lambdaClientFor({
    id: 'profile:local-keys',
    kind: 'endpoint',
    region: 'us-east-1',
    endpoint: t.endpoint.url,
    profile: 'local-keys',
  });
  const [first] = await Promise.all([listFunctionPages(client).next()]);
  assert.equal(first.value?.functions.length, 50);
  forgetClients('profile:local-keys');
});

test('a connection whose secret changed, with the same access key id, signs with the new secret', async () => {
  const target = (secretAccessKey: string) => ({
    id: 'endpoint:rotated',
    kind: 'endpoint' as const,
    region: 'us-east-1',
    endpoint: t.endpoint.url,
    credentials: { accessKeyId: t.endpoint.credentials.accessKeyId, secretAccessKey },
  });
  await assert.rejects(
    lambdaClientFor(target('not-the-secret')).send(new GetAccountSettingsCommand({})),
    /signature/i,
  );
  const settings = await lambdaClientFor(target(t.endpoint.credentials.secretAccessKey)).send(
    new GetAccountSettingsCommand({}),
  );
  assert.ok(settings.AccountLimit);
  forgetClients('endpoint:rotated');
});

test('real failures become messages that say what to do', async () => {
  const conn = (profile: string, endpoint?: string) => ({
    kind: endpoint ? ('endpoint' as const) : ('profile' as const),
    label: profile,
    profile,
    ...(endpoint ? { endpoint } : {}),
  });
  const fail = async (profile: string, endpoint: string) => {
    try {
      await listFunctionPages(
        lambdaClientFor({
          id: `x:${profile}:${endpoint}`,
          kind: 'endpoint',
          region: 'us-east-1',
          endpoint,
          profile,
        }),
      ).next();
    } catch (error) {
      return describeConnectionError(error, conn(profile, endpoint), 'us-east-1');
    }
    throw new Error('expected a failure');
  };
  assert.match(
    (await fail('bad-keys', t.endpoint.url)).message,
    /rejected the credentials in us-east-1 \(UnrecognizedClientException\)/,
  );
  assert.match(
    (await fail('local-keys', 'http://127.0.0.1:9')).message,
    /^Cannot reach http:\/\/127\.0\.0\.1:9/,
  );
  assert.deepEqual((await fail('sso', t.endpoint.url)).action, {
    kind: 'ssoLogin',
    command: 'aws sso login --profile sso',
  });
  assert.deepEqual((await fail('missing', t.endpoint.url)).action, {
    kind: 'configure',
    command: 'aws configure --profile missing',
  });
});

test("a function's details: versions and aliases, recent invocations from REPORT lines, log streams", async () => {
  const target = {
    id: 'test-local',
    kind: 'local' as const,
    region: 'us-east-1',
    endpoint: t.endpoint.url,
    credentials: { ...t.endpoint.credentials },
  };
  await t.lambda.send(new InvokeCommand({ FunctionName: 'cloud-000', Payload: Buffer.from('{}') }));
  await t.lambda.send(new InvokeCommand({ FunctionName: 'cloud-000', Payload: Buffer.from('{}') }));
  const invocations = await recentInvocations(logsClientFor(target), 'cloud-000');
  assert.equal(invocations.length, 2);
  assert.equal(
    invocations.filter((i) => i.initDurationMs !== undefined).length,
    1,
    'one cold start',
  );
  assert.ok(invocations[0]!.timestamp >= invocations[1]!.timestamp, 'newest first');
  assert.equal((await latestLogStreams(logsClientFor(target), 'cloud-000')).length, 1);
  assert.deepEqual(
    await recentInvocations(logsClientFor(target), 'cloud-001'),
    [],
    'a function never invoked has no log group yet',
  );
  const { versions, aliases } = await versionsAndAliases(lambdaClientFor(target), 'cloud-000');
  assert.deepEqual([versions.map((v) => v.Version), aliases], [['$LATEST'], []]);
});

test('control-plane calls of an AWS account are paced to 15 per second per region; Invoke is not', async () => {
  const paced = lambdaClientFor({
    id: 'paced',
    kind: 'local',
    region: 'us-east-1',
    endpoint: t.endpoint.url,
    credentials: { ...t.endpoint.credentials },
    pacing: 'profile:paced',
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 30 }, () => paced.send(new GetAccountSettingsCommand({}))),
  );
  const pacedMs = performance.now() - started;
  assert.ok(
    pacedMs >= 900,
    `30 calls with a burst of 15 at 15/s take about 1 s, not ${pacedMs.toFixed(0)} ms`,
  );
  const invokeStarted = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, () =>
      paced.send(
        new InvokeCommand({
          FunctionName: 'cloud-002',
          Payload: Buffer.from('{}'),
          InvocationType: 'DryRun',
        }),
      ),
    ),
  );
  assert.ok(performance.now() - invokeStarted < 900, 'invokes are not paced');
});
