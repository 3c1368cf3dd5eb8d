// The explorer's cloud layer (src/cloud) against moto_server: an AWS implementation we did not
// write, so our listing, details, delete and error mapping are not only checked against our own
// local endpoint. Skips, with the reason, where moto_server is not installed.
import { after, before, describe, test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  forgetClients,
  lambdaClientFor,
  logsClientFor,
  type ConnectionTarget,
} from '../../src/cloud/clients';
import {
  deleteFunction,
  latestLogStreams,
  recentInvocations,
  streamEvents,
  versionsAndAliases,
} from '../../src/cloud/functions';
import { listFunctionPages } from '../../src/cloud/listFunctions';
import { listProfiles } from '../../src/cloud/profiles';
import { describeConnectionError } from '../../src/core/connectionErrors';
import { NODE_HELLO, zipOf } from './endpoint';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from './moto';

const FUNCTIONS = 60;

describe('the cloud layer against moto', () => {
  let moto: MotoServer | undefined;
  let skipReason = '';
  let target: ConnectionTarget;
  let awsDir: string | undefined;

  before(async () => {
    const started = await startMotoServer();
    if ('skip' in started) {
      skipReason = started.skip;
      return;
    }
    moto = started;
    target = {
      id: 'moto',
      kind: 'endpoint',
      region: 'us-east-1',
      endpoint: moto.url,
      credentials: { ...MOTO_CREDENTIALS },
    };
    const lambda = lambdaClientFor(target);
    const zip = zipOf({ 'index.js': NODE_HELLO });
    for (let i = 0; i < FUNCTIONS; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          lambda.send(
            new CreateFunctionCommand({
              FunctionName: `moto-${String(i + j).padStart(3, '0')}`,
              Role: moto!.role,
              Runtime: 'nodejs20.x',
              Handler: 'index.handler',
              Code: { ZipFile: zip },
            }),
          ),
        ),
      );
    }
  });

  after(async () => {
    forgetClients('moto');
    forgetClients('profile:moto-keys');
    await moto?.close();
    if (awsDir) rmSync(awsDir, { recursive: true, force: true });
  });

  const run = (name: string, body: () => Promise<void>) =>
    test(name, async (t: TestContext) => {
      if (!moto) {
        t.skip(skipReason);
        return;
      }
      await body();
    });

  run('listFunctionPages lists every function, and its last page says no more follow', async () => {
    const pages = [];
    for await (const page of listFunctionPages(lambdaClientFor(target))) pages.push(page);
    const names = pages.flatMap((p) => p.functions.map((f) => f.FunctionName));
    assert.equal(new Set(names).size, FUNCTIONS);
    assert.equal(pages.at(-1)!.more, false);
    assert.ok(
      pages.slice(0, -1).every((p) => p.more),
      'every page but the last says more follow',
    );
    const first = pages[0]!.functions.find((f) => f.FunctionName === 'moto-000')!;
    assert.equal(first.Runtime, 'nodejs20.x');
    assert.equal(first.Handler, 'index.handler');
  });

  run('versionsAndAliases reads what PublishVersion and CreateAlias made', async () => {
    const lambda = lambdaClientFor(target);
    const published = await lambda.send(new PublishVersionCommand({ FunctionName: 'moto-001' }));
    await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'moto-001',
        Name: 'live',
        FunctionVersion: published.Version!,
      }),
    );
    const { versions, aliases } = await versionsAndAliases(lambda, 'moto-001');
    assert.deepEqual(
      versions.map((v) => v.Version),
      ['$LATEST', published.Version],
    );
    assert.deepEqual(
      aliases.map((a) => [a.Name, a.FunctionVersion]),
      [['live', published.Version]],
    );
  });

  run(
    "recentInvocations and log streams come from the function's log group, newest first",
    async () => {
      const logs = logsClientFor(target);
      const group = '/aws/lambda/moto-002';
      await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      const now = Date.now();
      const report = (id: string, duration: string, init?: string) =>
        `REPORT RequestId: ${id}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(Number(duration))} ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\t${init ? `Init Duration: ${init} ms\t` : ''}`;
      for (const [stream, events] of [
        [
          '2026/11/28/[$LATEST]aaa',
          [
            { timestamp: now - 5000, message: 'START RequestId: r1 Version: $LATEST' },
            { timestamp: now - 4000, message: report('r1', '12.50', '140.25') },
          ],
        ],
        ['2026/11/28/[$LATEST]bbb', [{ timestamp: now - 2000, message: report('r2', '3.10') }]],
      ] as const) {
        await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
        await logs.send(
          new PutLogEventsCommand({
            logGroupName: group,
            logStreamName: stream,
            logEvents: [...events],
          }),
        );
      }
      const invocations = await recentInvocations(logs, 'moto-002');
      assert.deepEqual(
        invocations.map((i) => [i.requestId, i.durationMs, i.initDurationMs]),
        [
          ['r2', 3.1, undefined],
          ['r1', 12.5, 140.25],
        ],
      );
      const streams = await latestLogStreams(logs, 'moto-002');
      assert.deepEqual(streams.map((s) => s.logStreamName).sort(), [
        '2026/11/28/[$LATEST]aaa',
        '2026/11/28/[$LATEST]bbb',
      ]);
      const events = await streamEvents(logs, group, '2026/11/28/[$LATEST]aaa');
      assert.deepEqual(
        events.map((e) => e.message),
        ['START RequestId: r1 Version: $LATEST', report('r1', '12.50', '140.25')],
      );
      assert.deepEqual(
        await recentInvocations(logs, 'moto-003'),
        [],
        'a function never invoked has no log group: no invocations, no error',
      );
      assert.deepEqual(await latestLogStreams(logs, 'moto-003'), []);
    },
  );

  run('deleteFunction removes the function from the listing', async () => {
    const lambda = lambdaClientFor(target);
    await deleteFunction(lambda, 'moto-059');
    const names = [];
    for await (const page of listFunctionPages(lambda))
      names.push(...page.functions.map((f) => f.FunctionName));
    assert.equal(names.length, FUNCTIONS - 1);
    assert.ok(!names.includes('moto-059'));
    await assert.rejects(
      deleteFunction(lambda, 'moto-059'),
      (error: Error) => error.name === 'ResourceNotFoundException',
    );
  });

  run(
    "a profile in the shared files reaches moto through the SDK's credential chain; a missing profile says how to configure it",
    async () => {
      awsDir = mkdtempSync(join(tmpdir(), 'll-aws-moto-'));
      writeFileSync(join(awsDir, 'config'), '[profile moto-keys]\nregion = eu-west-1\n');
      writeFileSync(
        join(awsDir, 'credentials'),
        `[moto-keys]\naws_access_key_id = ${MOTO_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${MOTO_CREDENTIALS.secretAccessKey}\n`,
      );
      const saved = {
        config: process.env.AWS_CONFIG_FILE,
        credentials: process.env.AWS_SHARED_CREDENTIALS_FILE,
      };
      process.env.AWS_CONFIG_FILE = join(awsDir, 'config');
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(awsDir, 'credentials');
      try {
        const [profile] = await listProfiles();
        assert.deepEqual([profile?.name, profile?.region], ['moto-keys', 'eu-west-1']);
        // moto keeps each region apart: us-east-1 has the functions, eu-west-1 has none.
        const east = await listFunctionPages(
          lambdaClientFor({
            id: 'profile:moto-keys',
            kind: 'endpoint',
            region: 'us-east-1',
            endpoint: moto!.url,
            profile: 'moto-keys',
          }),
        ).next();
        assert.ok((east.value?.functions.length ?? 0) > 0);
        const west = await listFunctionPages(
          lambdaClientFor({
            id: 'profile:moto-keys',
            kind: 'endpoint',
            region: 'eu-west-1',
            endpoint: moto!.url,
            profile: 'moto-keys',
          }),
        ).next();
        assert.deepEqual(west.value?.functions, []);
        const missing = await listFunctionPages(
          lambdaClientFor({
            id: 'profile:nobody',
            kind: 'endpoint',
            region: 'us-east-1',
            endpoint: moto!.url,
            profile: 'nobody',
          }),
        )
          .next()
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        const described = describeConnectionError(
          missing,
          { kind: 'endpoint', label: 'moto', profile: 'nobody', endpoint: moto!.url },
          'us-east-1',
        );
        assert.deepEqual(described.action, {
          kind: 'configure',
          command: 'aws configure --profile nobody',
        });
        forgetClients('profile:nobody');
      } finally {
        process.env.AWS_CONFIG_FILE = saved.config;
        process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials;
      }
    },
  );
});
