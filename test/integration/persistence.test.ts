// What the local endpoint keeps across restarts and crashes: functions, versions, aliases, tags
// and logs survive a restart unchanged; one instance per home; a kill -9 in the middle of writes
// leaves a store that starts and reads completely; retention drops old events.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  ListAliasesCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  paginateListFunctions,
  type LambdaClient,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  paginateGetLogEvents,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLocalEndpoint } from '../../src/local/server';
import { LogStore, type LogStream } from '../../src/local/store/logStore';
import {
  clientsFor,
  NODE_HELLO,
  startServeProcess,
  startTestEndpoint,
  zipOf,
  logGroupFolder,
} from './endpoint';

const ROLE = 'arn:aws:iam::123456789012:role/lambda-lens-test';
const DAY = 24 * 60 * 60 * 1000;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'll-persist-'));
}

function createInput(name: string, zip: Uint8Array, extra: Record<string, unknown> = {}) {
  return {
    FunctionName: name,
    Runtime: 'nodejs20.x' as const,
    Role: ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: zip },
    ...extra,
  };
}

/** Everything a client can read about a function, for comparing before and after a restart. */
async function snapshotFunction(lambda: LambdaClient, name: string) {
  const got = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
  const aliases = await lambda.send(new ListAliasesCommand({ FunctionName: name }));
  const tags = await lambda.send(new ListTagsCommand({ Resource: got.Configuration!.FunctionArn }));
  const code = Buffer.from(await (await fetch(got.Code!.Location!)).arrayBuffer());
  return {
    configuration: got.Configuration,
    tags: got.Tags,
    concurrency: got.Concurrency,
    versions: versions.Versions,
    aliases: aliases.Aliases,
    listTags: tags.Tags,
    codeSha: sha256(code),
  };
}

async function allEvents(logs: CloudWatchLogsClient, group: string, stream: string) {
  const events: { timestamp?: number; message?: string; ingestionTime?: number }[] = [];
  for await (const page of paginateGetLogEvents(
    { client: logs, stopOnSameToken: true },
    { logGroupName: group, logStreamName: stream, startFromHead: true },
  )) {
    events.push(...page.events!);
  }
  return events;
}

test('functions, versions, aliases, tags and logs are all there after a restart', async () => {
  const home = freshHome();
  try {
    const codeA = zipOf({ 'index.js': NODE_HELLO });
    const codeB = zipOf({ 'index.js': `${NODE_HELLO}// B\n` });
    const now = Date.now();
    let before: { a: Awaited<ReturnType<typeof snapshotFunction>> } & Record<string, unknown>;
    let credentials: { accessKeyId: string; secretAccessKey: string };
    {
      const t = await startTestEndpoint({ home });
      credentials = {
        accessKeyId: t.endpoint.credentials.accessKeyId,
        secretAccessKey: t.endpoint.credentials.secretAccessKey,
      };
      await t.lambda.send(
        new CreateFunctionCommand(
          createInput('keep-a', codeA, {
            Tags: { team: 'lens' },
            Environment: { Variables: { STAGE: 'prod' } },
          }),
        ),
      );
      await t.lambda.send(new PublishVersionCommand({ FunctionName: 'keep-a', Description: 'v1' }));
      await t.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'keep-a', ZipFile: codeB }),
      );
      // PublishVersion waits for the update, as on AWS.
      await waitUntilFunctionUpdatedV2(
        { client: t.lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
        { FunctionName: 'keep-a' },
      );
      await t.lambda.send(new PublishVersionCommand({ FunctionName: 'keep-a' }));
      await t.lambda.send(
        new CreateAliasCommand({
          FunctionName: 'keep-a',
          Name: 'live',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { 2: 0.25 } },
        }),
      );
      await t.lambda.send(
        new TagResourceCommand({
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:keep-a',
          Tags: { cost: 'low' },
        }),
      );
      await t.lambda.send(
        new PutFunctionConcurrencyCommand({
          FunctionName: 'keep-a',
          ReservedConcurrentExecutions: 5,
        }),
      );
      await t.lambda.send(new CreateFunctionCommand(createInput('keep-b', codeB)));
      // Active before the snapshot: a restart finds it so (its Pending phase is over by then).
      await waitUntilFunctionUpdatedV2(
        { client: t.lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
        { FunctionName: 'keep-b' },
      );
      const eu = clientsFor(t.endpoint.url, { ...credentials }, 'eu-west-1');
      await eu.lambda.send(new CreateFunctionCommand(createInput('keep-eu', codeA)));
      await waitUntilFunctionUpdatedV2(
        { client: eu.lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
        { FunctionName: 'keep-eu' },
      );
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/keep-a' }));
      await t.logs.send(
        new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/keep-a', retentionInDays: 14 }),
      );
      await t.logs.send(
        new CreateLogStreamCommand({
          logGroupName: '/aws/lambda/keep-a',
          logStreamName: '2026/01/01/[$LATEST]abc',
        }),
      );
      await t.logs.send(
        new PutLogEventsCommand({
          logGroupName: '/aws/lambda/keep-a',
          logStreamName: '2026/01/01/[$LATEST]abc',
          logEvents: [
            { timestamp: now - 2000, message: 'first\n' },
            { timestamp: now - 1000, message: 'second "quoted" line\n' },
          ],
        }),
      );
      before = {
        a: await snapshotFunction(t.lambda, 'keep-a'),
        b: await snapshotFunction(t.lambda, 'keep-b'),
        eu: await snapshotFunction(eu.lambda, 'keep-eu'),
        groups: (await t.logs.send(new DescribeLogGroupsCommand({}))).logGroups,
        streams: (
          await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/keep-a' }))
        ).logStreams,
        events: await allEvents(t.logs, '/aws/lambda/keep-a', '2026/01/01/[$LATEST]abc'),
      };
      eu.lambda.destroy();
      eu.logs.destroy();
      await t.close();
    }
    const t = await startTestEndpoint({ home });
    try {
      assert.deepEqual(
        {
          accessKeyId: t.endpoint.credentials.accessKeyId,
          secretAccessKey: t.endpoint.credentials.secretAccessKey,
        },
        credentials,
        'the credentials are kept',
      );
      const eu = clientsFor(t.endpoint.url, t.endpoint.credentials, 'eu-west-1');
      const after = {
        a: await snapshotFunction(t.lambda, 'keep-a'),
        b: await snapshotFunction(t.lambda, 'keep-b'),
        eu: await snapshotFunction(eu.lambda, 'keep-eu'),
        groups: (await t.logs.send(new DescribeLogGroupsCommand({}))).logGroups,
        streams: (
          await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/keep-a' }))
        ).logStreams,
        events: await allEvents(t.logs, '/aws/lambda/keep-a', '2026/01/01/[$LATEST]abc'),
      };
      eu.lambda.destroy();
      eu.logs.destroy();
      assert.deepEqual(after, before);
      const a = after.a;
      assert.equal(a.configuration!.CodeSha256, sha256(codeB));
      assert.equal(a.codeSha, sha256(codeB));
      assert.deepEqual(
        a.versions!.map((v) => [v.Version, v.CodeSha256]),
        [
          ['$LATEST', sha256(codeB)],
          ['1', sha256(codeA)],
          ['2', sha256(codeB)],
        ],
      );
      assert.deepEqual(
        a.aliases!.map((x) => [x.Name, x.FunctionVersion, x.RoutingConfig]),
        [['live', '1', { AdditionalVersionWeights: { 2: 0.25 } }]],
      );
      assert.deepEqual(a.tags, { team: 'lens', cost: 'low' });
      assert.deepEqual(a.concurrency, { ReservedConcurrentExecutions: 5 });
      assert.deepEqual(
        after.events.map((e) => e.message),
        ['first\n', 'second "quoted" line\n'],
      );
      // The next version number continues where it stopped.
      await t.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: 'keep-a',
          ZipFile: zipOf({ 'index.js': `${NODE_HELLO}// C\n` }),
        }),
      );
      await waitUntilFunctionUpdatedV2(
        { client: t.lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
        { FunctionName: 'keep-a' },
      );
      assert.equal(
        (await t.lambda.send(new PublishVersionCommand({ FunctionName: 'keep-a' }))).Version,
        '3',
      );
      assert.equal(
        (await t.lambda.send(new GetAliasCommand({ FunctionName: 'keep-a', Name: 'live' })))
          .RevisionId,
        before.a.aliases![0]!.RevisionId,
      );
    } finally {
      await t.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a second instance on the same home refuses with a clear message', async () => {
  const home = freshHome();
  const first = await startServeProcess(home);
  try {
    const second = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', 'dist', 'cli.js'), 'serve', '--json', '--home', home],
      { encoding: 'utf8', timeout: 10_000 },
    );
    assert.notEqual(second.status, 0);
    assert.equal(second.stdout, '');
    assert.match(
      second.stderr,
      new RegExp(
        `Another Lambda Lens local endpoint is already running on ${escape(home)} \\(process ${first.child.pid}, ${escape(first.url)}\\)`,
      ),
    );
    // In this process too, while the other one runs.
    await assert.rejects(
      startLocalEndpoint({ home, port: 0 }),
      /Another Lambda Lens local endpoint is already running/,
    );
    // The first one still answers.
    const { lambda } = clientsFor(first.url, first);
    await lambda.send(
      new CreateFunctionCommand(createInput('still-there', zipOf({ 'index.js': NODE_HELLO }))),
    );
    lambda.destroy();
  } finally {
    first.child.kill('SIGTERM');
    await new Promise((resolve) => first.child.once('exit', resolve));
    rmSync(home, { recursive: true, force: true });
  }
});

test('two endpoints in one process cannot share a home', async () => {
  const home = freshHome();
  const first = await startLocalEndpoint({ home, port: 0 });
  try {
    await assert.rejects(
      startLocalEndpoint({ home, port: 0 }),
      new RegExp(
        `already running on ${escape(home)} \\(process ${process.pid}, ${escape(first.url)}\\)`,
      ),
    );
  } finally {
    await first.close();
  }
  // Once closed, the home is free again.
  const again = await startLocalEndpoint({ home, port: 0 });
  await again.close();
  assert.equal(existsSync(join(home, 'endpoint.lock')), false);
  rmSync(home, { recursive: true, force: true });
});

test('a stale lock from a dead process, or naming our reused pid, is taken over', async () => {
  const home = freshHome();
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(dead.stdout);
    for (const pid of [deadPid, process.pid]) {
      writeFileSync(
        join(home, 'endpoint.lock'),
        JSON.stringify({ pid, url: 'http://127.0.0.1:1' }),
      );
      const endpoint = await startLocalEndpoint({ home, port: 0 });
      try {
        const { startTime, ...lock } = JSON.parse(
          readFileSync(join(home, 'endpoint.lock'), 'utf8'),
        ) as { startTime?: number };
        assert.deepEqual(lock, { pid: process.pid, url: endpoint.url });
        if (process.platform === 'linux')
          assert.equal(typeof startTime, 'number', 'the holder named for good');
      } finally {
        await endpoint.close();
      }
    }
    // An unreadable lock (a crash while it was replaced) is stale too.
    writeFileSync(join(home, 'endpoint.lock'), '{"pi');
    const endpoint = await startLocalEndpoint({ home, port: 0 });
    await endpoint.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('kill -9 during concurrent writes leaves a store that starts and reads completely', async () => {
  const home = freshHome();
  try {
    // No update phase: workers update their functions back to back (this is about a crash, not about waiting).
    const serve = await startServeProcess(home, [], { LAMBDA_LENS_SETTLE_MS: '0' });
    const { lambda, logs } = clientsFor(serve.url, serve);
    const group = '/aws/lambda/crash';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const WORKERS = 12;
    // What was acknowledged before the kill must be there after it; what was in flight may be.
    const created = new Set<string>();
    const codeOf = new Map<string, { acked: string; inFlight?: string }>();
    const ackedMessages = new Map<string, string[]>();
    let acks = 0;
    let killed = false;
    const zipFor = (label: string) =>
      zipSync({
        'index.js': [new TextEncoder().encode(`${NODE_HELLO}// ${label}\n`), {}],
        'blob.bin': [randomBytes(256 * 1024), { level: 0 }],
      });

    async function worker(w: number): Promise<void> {
      const stream = `worker-${w}`;
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      ackedMessages.set(stream, []);
      const mine: string[] = [];
      for (let n = 0; !killed; n++) {
        try {
          const choice = n % 3;
          if (choice === 0 || mine.length === 0) {
            const name = `crash-${w}-${n}`;
            const zip = zipFor(name);
            const out = await lambda.send(new CreateFunctionCommand(createInput(name, zip)));
            assert.equal(out.CodeSha256, sha256(zip));
            created.add(name);
            codeOf.set(name, { acked: sha256(zip) });
            mine.push(name);
          } else if (choice === 1) {
            const name = mine[n % mine.length]!;
            const zip = zipFor(`${name}-${n}`);
            codeOf.get(name)!.inFlight = sha256(zip);
            await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }));
            codeOf.set(name, { acked: sha256(zip) });
          } else {
            const messages = Array.from(
              { length: 20 },
              (_, i) => `w${w} n${n} line ${i} ${'x'.repeat(200)}`,
            );
            await logs.send(
              new PutLogEventsCommand({
                logGroupName: group,
                logStreamName: stream,
                logEvents: messages.map((message) => ({ timestamp: Date.now(), message })),
              }),
            );
            ackedMessages.get(stream)!.push(...messages);
          }
          acks += 1;
        } catch (error) {
          if (!killed) throw error;
        }
      }
    }

    const running = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    while (acks < 60) await new Promise((resolve) => setTimeout(resolve, 5));
    killed = true;
    serve.child.kill('SIGKILL');
    await new Promise((resolve) => serve.child.once('exit', resolve));
    await running;
    lambda.destroy();
    logs.destroy();

    // Leftovers a crash can leave, on top of whatever this one left: temp files and a torn line.
    writeFileSync(join(home, 'code', '.tmp-0000.zip-dead'), randomBytes(100));
    writeFileSync(
      join(home, 'regions', 'us-east-1', 'functions', '.tmp-torn.json-dead'),
      '{"region":"us-ea',
    );
    const groupDir = logGroupFolder(home, group);
    appendFileSync(
      join(groupDir, `${Buffer.from('worker-0').toString('base64url')}.jsonl`),
      '{"t":17000000',
    );

    const t = await startTestEndpoint({ home });
    try {
      const listed: string[] = [];
      for await (const page of paginateListFunctions({ client: t.lambda }, {}))
        listed.push(...page.Functions!.map((f) => f.FunctionName!));
      for (const name of created)
        assert.ok(listed.includes(name), `${name} was acknowledged but is gone`);
      for (const name of listed) {
        const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: name }));
        const code = Buffer.from(await (await fetch(got.Code!.Location!)).arrayBuffer());
        assert.equal(
          sha256(code),
          got.Configuration!.CodeSha256,
          `${name}: the code matches CodeSha256`,
        );
        assert.equal(code.length, got.Configuration!.CodeSize);
        const expected = codeOf.get(name);
        if (expected)
          assert.ok(
            [expected.acked, expected.inFlight].includes(got.Configuration!.CodeSha256),
            `${name}: code is the last acknowledged or the one in flight`,
          );
      }
      for (const [stream, acked] of ackedMessages) {
        const events = await allEvents(t.logs, group, stream);
        const messages = events.map((e) => e.message!);
        assert.equal(new Set(messages).size, messages.length, `${stream}: no event twice`);
        for (const message of acked)
          assert.ok(
            messages.includes(message),
            `${stream}: acknowledged "${message.slice(0, 20)}" is gone`,
          );
      }
      // Writing after the torn line keeps the new event across the next restart.
      await t.logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 'worker-0',
          logEvents: [{ timestamp: Date.now(), message: 'after the crash' }],
        }),
      );
      assert.deepEqual(
        readdirSync(join(home, 'code')).filter((f) => f.startsWith('.tmp-')),
        [],
      );
      assert.deepEqual(
        readdirSync(join(home, 'regions', 'us-east-1', 'functions')).filter((f) =>
          f.startsWith('.tmp-'),
        ),
        [],
      );
    } finally {
      await t.close();
    }
    const again = await startTestEndpoint({ home });
    try {
      const events = await allEvents(again.logs, group, 'worker-0');
      assert.equal(events[events.length - 1]?.message, 'after the crash');
    } finally {
      await again.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a log group deletion cut short does not bring its streams back', async () => {
  const home = freshHome();
  try {
    const group = '/aws/lambda/half-deleted';
    const groupDir = logGroupFolder(home, group);
    {
      const t = await startTestEndpoint({ home });
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      await t.logs.send(
        new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'ghost' }),
      );
      await t.logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 'ghost',
          logEvents: [{ timestamp: Date.now(), message: 'boo' }],
        }),
      );
      await t.close();
    }
    // A kill in the middle of DeleteLogGroup: the metadata is gone, a stream file is not.
    rmSync(join(groupDir, 'group.json'));
    {
      const t = await startTestEndpoint({ home });
      assert.deepEqual((await t.logs.send(new DescribeLogGroupsCommand({}))).logGroups, []);
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      assert.deepEqual(
        (await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }))).logStreams,
        [],
      );
      await t.close();
    }
    const t = await startTestEndpoint({ home });
    try {
      assert.deepEqual(
        (await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }))).logStreams,
        [],
      );
    } finally {
      await t.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('events older than the retention are dropped on start, for good', async () => {
  const home = freshHome();
  try {
    const now = Date.now();
    // Written through the store itself: PutLogEvents refuses events this old.
    const store = new LogStore(join(home, 'regions'), 30);
    const group = store.createGroup('us-east-1', '/aws/lambda/old');
    const stream = store.createStream('us-east-1', group, 's');
    stream.append(
      [
        { timestamp: now - 3 * DAY, message: 'three days old' },
        { timestamp: now - 2 * DAY, message: 'two days old' },
        { timestamp: now - 60_000, message: 'recent' },
      ],
      now,
    );
    store.close();

    const endpoint = await startLocalEndpoint({ home, port: 0, logRetentionDays: 1 });
    const { logs } = clientsFor(endpoint.url, endpoint.credentials);
    try {
      assert.deepEqual(
        (await allEvents(logs, '/aws/lambda/old', 's')).map((e) => e.message),
        ['recent'],
      );
      const described = await logs.send(
        new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/old' }),
      );
      assert.equal(described.logStreams![0]!.firstEventTimestamp, now - 60_000);
    } finally {
      logs.destroy();
      await endpoint.close();
    }
    // The file was rewritten: a longer retention does not bring them back.
    const longer = await startLocalEndpoint({ home, port: 0, logRetentionDays: 30 });
    const clients = clientsFor(longer.url, longer.credentials);
    try {
      assert.deepEqual(
        (await allEvents(clients.logs, '/aws/lambda/old', 's')).map((e) => e.message),
        ['recent'],
      );
    } finally {
      clients.logs.destroy();
      await longer.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('appends after a stream file is rewritten (retention) or deleted and made again land in the new file', () => {
  // The store keeps stream files open between appends (store/appendFiles.ts): a replaced file must
  // not keep receiving them.
  const home = freshHome();
  try {
    const now = Date.now();
    const store = new LogStore(join(home, 'regions'), 1);
    const group = store.createGroup('us-east-1', '/aws/lambda/open');
    const stream = store.createStream('us-east-1', group, 'kept');
    stream.append(
      [
        { timestamp: now - 2 * DAY, message: 'expires' },
        { timestamp: now - 1000, message: 'before' },
      ],
      now,
    );
    store.applyRetention(now);
    stream.append([{ timestamp: now, message: 'after the rewrite' }], now);
    const gone = store.createStream('us-east-1', group, 'remade');
    gone.append([{ timestamp: now, message: 'deleted' }], now);
    store.deleteStream('us-east-1', group, 'remade');
    const remade = store.createStream('us-east-1', group, 'remade');
    remade.append([{ timestamp: now, message: 'made again' }], now);
    store.close();

    const reloaded = new LogStore(join(home, 'regions'), 1);
    const streams = reloaded.groups('us-east-1').get('/aws/lambda/open')!.streams;
    assert.deepEqual(messagesOf(streams.get('kept')!), ['before', 'after the rewrite']);
    assert.deepEqual(messagesOf(streams.get('remade')!), ['made again']);
    reloaded.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

/** A stream's messages in time order, read from its file. */
function messagesOf(stream: LogStream): string[] {
  stream.sort();
  const messages: string[] = [];
  for (const cursor = stream.cursorAt(0); cursor.next();) messages.push(cursor.event!.message);
  return messages;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
