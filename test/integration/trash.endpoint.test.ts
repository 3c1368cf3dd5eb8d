// Removing a large tree does not stall the endpoint: DeleteFunction moves the function's unpacked
// package (a node_modules of 30,000 files) into the trash and answers; the trash is emptied in
// the background while another client's Invoke is answered. Trash left in the home by an endpoint
// that was killed is emptied after the next start, while the endpoint already answers.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogStreamsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { unzippedCodeFolder } from '../../src/core/localHome';
import { removeTree } from '../../src/local/store/removeTree';
import { TRASH_FOLDER } from '../../src/local/store/trash';
import {
  NODE_HELLO,
  ROLE,
  startTestEndpoint,
  zipOf,
  type TestEndpoint,
  logGroupFolder,
} from './endpoint';

const FILES = 30_000;

/** A node_modules of `files` files under `root` (packages of 100 files). */
function makeNodeModules(root: string, files = FILES): void {
  for (let p = 0; p < files / 100; p++) {
    const folder = join(root, 'node_modules', `pkg-${p}`, 'lib');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 100; i++) writeFileSync(join(folder, `m${i}.js`), 'module.exports = 1;\n');
  }
}

async function createFunction(t: TestEndpoint, name: string): Promise<string> {
  const created = await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO, [`${name}.txt`]: name }) },
    }),
  );
  return created.CodeSha256!;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 120_000) assert.fail(`still not so after 2 minutes: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('DeleteFunction of a 30,000-file package answers at once; another Invoke is answered while the tree is still being removed', async () => {
  const t = await startTestEndpoint();
  try {
    await createFunction(t, 'warm');
    // The package's copy, where the endpoint unpacks it; written here rather than unzipped from
    // 30,000 entries, which would cost minutes on a shared machine and is not what is tested.
    // Written before any function runs: this process's loop is the endpoint's, held meanwhile.
    const big = unzippedCodeFolder(t.home, await createFunction(t, 'big'));
    makeNodeModules(big);
    const first = await t.lambda.send(new InvokeCommand({ FunctionName: 'warm', Payload: '{}' }));
    assert.equal(first.StatusCode, 200);
    const trash = join(t.home, TRASH_FOLDER);

    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'big' }));
    assert.equal(existsSync(big), false, 'the unpacked package left its place before the answer');
    assert.equal(readdirSync(trash).length, 1, 'it waits in the trash');

    const invoked = await t.lambda.send(new InvokeCommand({ FunctionName: 'warm', Payload: '{}' }));
    const stillRemoving = readdirSync(trash).length;
    assert.equal(invoked.StatusCode, 200);
    assert.equal(invoked.FunctionError, undefined);
    assert.equal(stillRemoving, 1, 'the Invoke was answered while the removal was under way');

    await until(() => readdirSync(trash).length === 0, 'the trash is empty');
    const listed = await t.lambda.send(new ListFunctionsCommand({}));
    assert.deepEqual(
      listed.Functions?.map((f) => f.FunctionName),
      ['warm'],
    );
  } finally {
    await t.close();
  }
});

test('DeleteLogGroup of a group of many streams frees its name at once; its folder goes through the trash', async () => {
  const t = await startTestEndpoint();
  try {
    const logGroupName = '/many/streams';
    await t.logs.send(new CreateLogGroupCommand({ logGroupName }));
    for (let i = 0; i < 50; i++) {
      const logStreamName = `stream-${i}`;
      await t.logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
      await t.logs.send(
        new PutLogEventsCommand({
          logGroupName,
          logStreamName,
          logEvents: [{ timestamp: Date.now(), message: `line ${i}` }],
        }),
      );
    }
    const folder = logGroupFolder(t.home, logGroupName);
    assert.equal(readdirSync(folder).filter((f) => f.endsWith('.jsonl')).length, 50);

    await t.logs.send(new DeleteLogGroupCommand({ logGroupName }));
    await t.logs.send(new CreateLogGroupCommand({ logGroupName }));
    const streams = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName }));
    assert.deepEqual(streams.logStreams, [], 'the group made again has none of the old streams');
    await until(() => readdirSync(join(t.home, TRASH_FOLDER)).length === 0, 'the trash is empty');
    assert.deepEqual(
      readdirSync(folder).filter((f) => f.endsWith('.jsonl')),
      [],
      'no old stream file came back',
    );
  } finally {
    await t.close();
  }
});

test('trash left in the home (a kill -9 mid-removal) is emptied after the next start, in the background', async () => {
  const home = mkdtempSync(join(tmpdir(), 'll-trash-home-'));
  try {
    const left = join(home, TRASH_FOLDER, 'discarded-killed-0123456789ab');
    makeNodeModules(left, 10_000);
    const t = await startTestEndpoint({ home });
    try {
      assert.equal(existsSync(left), true, 'the endpoint started before the trash was emptied');
      const listed = await t.lambda.send(new ListFunctionsCommand({}));
      assert.deepEqual(listed.Functions, []);
      await until(() => !existsSync(left), 'the left trash is gone');
      assert.deepEqual(readdirSync(join(home, TRASH_FOLDER)), []);
    } finally {
      await t.close();
    }
  } finally {
    removeTree(home);
  }
});
