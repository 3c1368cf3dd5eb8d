// A package nested a thousand folders deep fits Lambda's PATH_MAX, but walking such a tree
// recursively (Node's rmSync, Python's shutil.rmtree) overflows the stack: it is refused at
// upload, and the endpoint's own folders are removed without recursing, however deep they are.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  LambdaServiceException,
} from '@aws-sdk/client-lambda';
import { removeTree } from '../../src/local/store/removeTree';
import { rawZip } from '../support/rawZip';
import { NODE_HELLO, ROLE, startTestEndpoint, zipOf, type TestEndpoint } from './endpoint';

const UNZIP_MESSAGE =
  'Could not unzip uploaded file. Please check your file, then try to upload again.';
const handler = { name: 'index.js', data: NODE_HELLO };
const deepZip = (levels: number) =>
  rawZip([handler, { name: `${'d/'.repeat(levels)}deep.js`, data: 'module.exports = 1;\n' }]);

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t?.close();
});

function refusedAsTooDeep(error: unknown): true {
  assert.ok(error instanceof LambdaServiceException, String(error));
  assert.equal(error.name, 'InvalidParameterValueException');
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.ok(error.message.startsWith(`${UNZIP_MESSAGE} `), error.message);
  assert.match(
    error.message,
    /"d\/d\/d\/.*…" is 1000 folders deep; the local endpoint accepts at most 128\./,
  );
  assert.match(error.message, /Flatten the package's folders/, 'says what to do');
  return true;
}

test('CreateFunction and UpdateFunctionCode refuse a package 1,000 folders deep; the endpoint answers afterwards', async () => {
  await assert.rejects(
    t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'deep',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: deepZip(1_000) },
      }),
    ),
    refusedAsTooDeep,
  );
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'shallow',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
    }),
  );
  await assert.rejects(
    t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'shallow', ZipFile: deepZip(1_000) }),
    ),
    refusedAsTooDeep,
  );
  const listed = await t.lambda.send(new ListFunctionsCommand({}));
  assert.deepEqual(
    listed.Functions?.map((f) => f.FunctionName),
    ['shallow'],
  );
});

test('a package exactly at the limit (128 folders deep) is accepted', async () => {
  const out = await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'at-the-limit',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: deepZip(128) },
    }),
  );
  assert.equal(out.FunctionName, 'at-the-limit');
  await assert.rejects(
    t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'at-the-limit', ZipFile: deepZip(129) }),
    ),
    (error: Error) =>
      error.name === 'InvalidParameterValueException' &&
      /is 129 folders deep; the local endpoint accepts at most 128/.test(error.message),
  );
});

/**
 * Makes `levels` nested folders under `root` by relative steps (a child's cwd), so that the tree
 * can pass PATH_MAX as a whole, as one made by another program could.
 */
function makeDeepTree(root: string, levels: number): void {
  mkdirSync(root, { recursive: true });
  const script = `const fs = require('node:fs'); for (let i = 0; i < ${levels}; i++) { fs.mkdirSync('d'); process.chdir('d'); } fs.writeFileSync('f', 'x');`;
  const made = spawnSync(process.execPath, ['-e', script], { cwd: root });
  assert.equal(made.status, 0, made.stderr.toString());
}

test('cache folders thousands of levels deep are removed at start-up and by pruning, without error', async () => {
  const home = mkdtempSync(join(tmpdir(), 'll-deep-'));
  const cache = join(home, 'runtime-cache');
  const unused = join(cache, 'ab'.repeat(32));
  const partial = join(cache, `${'cd'.repeat(32)}.partial-1-2`);
  try {
    makeDeepTree(unused, 3_000);
    makeDeepTree(partial, 3_000);
    writeFileSync(join(unused, 'top.js'), 'x');
    const endpoint = await startTestEndpoint({ home });
    try {
      assert.equal(existsSync(partial), false, 'the partial folder is gone at start-up');
      await endpoint.lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'prunes',
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
        }),
      );
      await endpoint.lambda.send(new DeleteFunctionCommand({ FunctionName: 'prunes' }));
      assert.deepEqual(readdirSync(cache), [], 'the unused deep copy is pruned');
      const listed = await endpoint.lambda.send(new ListFunctionsCommand({}));
      assert.deepEqual(listed.Functions, []);
    } finally {
      await endpoint.close();
    }
  } finally {
    removeTree(home);
  }
});

test(
  'removeTree unlinks symbolic links without following them, and takes files and missing paths too',
  { skip: process.platform === 'win32' && 'symlinks need privileges on Windows' },
  () => {
    const scratch = mkdtempSync(join(tmpdir(), 'll-remove-'));
    try {
      const outside = join(scratch, 'outside');
      mkdirSync(outside);
      writeFileSync(join(outside, 'keep.txt'), 'kept');
      const tree = join(scratch, 'tree');
      mkdirSync(join(tree, 'a', 'b'), { recursive: true });
      symlinkSync(outside, join(tree, 'a', 'link'));
      writeFileSync(join(tree, 'a', 'b', 'f'), 'x');
      removeTree(tree);
      assert.equal(existsSync(tree), false);
      assert.deepEqual(readdirSync(outside), ['keep.txt'], 'what a link pointed to is untouched');
      removeTree(join(outside, 'keep.txt'));
      removeTree(join(scratch, 'never-there'));
      assert.deepEqual(readdirSync(outside), []);
    } finally {
      removeTree(scratch);
    }
  },
);
