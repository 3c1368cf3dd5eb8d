// Packages no honest zip tool makes (a file and a folder of one path, duplicate names, names that
// climb out of the root, sizes that lie) are refused at CreateFunction and UpdateFunctionCode with
// Lambda's own answer; one stored before that check existed fails its invokes, never the endpoint.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaServiceException,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { rawZip, type RawEntry } from '../support/rawZip';
import {
  clientsFor,
  NODE_HELLO,
  ROLE,
  startServeProcess,
  startTestEndpoint,
  zipOf,
  type TestEndpoint,
} from './endpoint';

const UNZIP_MESSAGE =
  'Could not unzip uploaded file. Please check your file, then try to upload again.';
const handler = { name: 'index.js', data: NODE_HELLO };

/** Each a package Lambda could not unpack faithfully, and the reason the refusal gives. */
const HOSTILE: Record<string, { entries: RawEntry[]; reason: RegExp }> = {
  'a file d and an entry d/x': {
    entries: [handler, { name: 'd', data: 'file' }, { name: 'd/x', data: 'inside' }],
    reason: /"d\/x" needs "d" to be a folder/,
  },
  'an entry d/x and then a file d': {
    entries: [handler, { name: 'd/x', data: 'inside' }, { name: 'd', data: 'file' }],
    reason: /"d" both as a file and as a folder/,
  },
  'a folder d/ and a file d': {
    entries: [handler, { name: 'd/' }, { name: 'd', data: 'file' }],
    reason: /"d" both as a file and as a folder/,
  },
  'a file named twice': {
    entries: [handler, { name: 'lib/a.js', data: 'one' }, { name: 'lib/a.js', data: 'two' }],
    reason: /the file "lib\/a.js" twice/,
  },
  'a file named twice through ./': {
    entries: [handler, { name: 'lib/a.js', data: 'one' }, { name: './lib/a.js', data: 'two' }],
    reason: /the file "lib\/a.js" twice/,
  },
  'a name that climbs out of the root': {
    entries: [handler, { name: '../evil.js', data: 'x' }],
    reason: /relative path: \.\.\/evil.js/,
  },
  'a name climbing out through a folder': {
    entries: [handler, { name: 'a/../../evil.js', data: 'x' }],
    reason: /relative path: a\/\.\.\/\.\.\/evil.js/,
  },
  'an absolute name': {
    entries: [handler, { name: '/tmp/evil.js', data: 'x' }],
    reason: /Absolute path: \/tmp\/evil.js/,
  },
  'a name part longer than Linux allows': {
    entries: [handler, { name: `lib/${'n'.repeat(256)}.js`, data: 'x' }],
    reason: /longer than 255 bytes/,
  },
  'a NUL in a name': { entries: [handler, { name: 'lib/a\0.js', data: 'x' }], reason: /NUL/ },
  'a declared size larger than the content': {
    entries: [handler, { name: 'big.bin', data: 'short', declaredSize: 5_000 }],
    reason: /"big.bin".*holds 5 bytes, not the 5000 its header declares/,
  },
  'a declared size smaller than the content (deflated)': {
    entries: [handler, { name: 'bomb.bin', data: Buffer.alloc(1_000_000), declaredSize: 10 }],
    reason: /"bomb.bin".*holds more than the 10 bytes its header declares/,
  },
  'a declared size smaller than the content (stored)': {
    entries: [handler, { name: 'stored.bin', data: 'twelve bytes', stored: true, declaredSize: 3 }],
    reason: /size mismatch for stored file: 12 != 3/,
  },
  'a wrong CRC-32': {
    entries: [handler, { name: 'lib/b.js', data: 'content', declaredCrc: 1234 }],
    reason: /"lib\/b.js".*CRC-32 does not match/,
  },
};

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t?.close();
});

async function refusedAsUnzippable(
  call: Promise<unknown>,
  what: string,
  reason: RegExp,
): Promise<void> {
  await assert.rejects(
    call,
    (error: unknown) => {
      assert.ok(error instanceof LambdaServiceException, `${what}: ${String(error)}`);
      assert.equal(error.name, 'InvalidParameterValueException', what);
      assert.ok(
        error.message.startsWith(`${UNZIP_MESSAGE} `),
        `${what}: AWS's message first, then the reason: ${error.message}`,
      );
      assert.match(error.message.slice(UNZIP_MESSAGE.length), reason, what);
      assert.equal(error.$metadata.httpStatusCode, 400, what);
      return true;
    },
    what,
  );
}

test("CreateFunction refuses packages that cannot be unzipped faithfully, with Lambda's message", async () => {
  let i = 0;
  for (const [what, { entries, reason }] of Object.entries(HOSTILE)) {
    const name = `hostile-${i++}`;
    const zip = rawZip(entries);
    await refusedAsUnzippable(
      t.lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zip },
        }),
      ),
      what,
      reason,
    );
    await assert.rejects(
      t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })),
      { name: 'ResourceNotFoundException' },
      `${what}: not created`,
    );
    assert.equal(
      existsSync(join(t.home, 'code', `${createHash('sha256').update(zip).digest('hex')}.zip`)),
      false,
      `${what}: not kept in code/`,
    );
  }
});

test('UpdateFunctionCode refuses them too and keeps the code the function had', async () => {
  const good = zipOf({ 'index.js': NODE_HELLO });
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'keeps-its-code',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: good },
    }),
  );
  // Its RevisionId changes once, when it becomes Active; the refused updates change nothing.
  await waitUntilFunctionActiveV2(
    { client: t.lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
    { FunctionName: 'keeps-its-code' },
  );
  const created = await t.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'keeps-its-code' }),
  );
  for (const [what, { entries, reason }] of Object.entries(HOSTILE)) {
    await refusedAsUnzippable(
      t.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'keeps-its-code', ZipFile: rawZip(entries) }),
      ),
      what,
      reason,
    );
  }
  const now = await t.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'keeps-its-code' }),
  );
  assert.equal(now.CodeSha256, created.CodeSha256);
  assert.equal(now.RevisionId, created.RevisionId);
});

test('an empty zip and a file that is no zip are refused as Lambda refuses them', async () => {
  const create = (zip: Uint8Array) =>
    t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'not-a-package',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
      }),
    );
  await assert.rejects(create(rawZip([])), {
    name: 'InvalidParameterValueException',
    message: 'Uploaded file must be a non-empty zip',
  });
  await assert.rejects(create(Buffer.from('just text, no zip')), {
    name: 'InvalidParameterValueException',
    message: UNZIP_MESSAGE,
  });
});

test('honest packages still pass: folders listed before and after their files, empty files, stored entries', async () => {
  const zip = rawZip([
    { name: 'lib/' },
    { name: 'lib/a.js', data: 'module.exports = 1;\n' },
    { name: 'lib/' },
    { name: 'empty.txt', data: '' },
    { name: 'plain.txt', data: 'stored', stored: true },
    handler,
    { name: 'lib/deep/b.js', data: '' },
  ]);
  const out = await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'honest',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip },
    }),
  );
  assert.equal(out.CodeSha256, createHash('sha256').update(zip).digest('base64'));
  const invoked = await t.lambda.send(
    new InvokeCommand({ FunctionName: 'honest', Payload: Buffer.from('{"a":1}') }),
  );
  assert.equal(invoked.FunctionError, undefined, Buffer.from(invoked.Payload ?? []).toString());
});

/** Puts `zip` in place of the function's code on disk, as a record stored before packages were checked. */
function storeCodeBehindTheEndpoint(home: string, name: string, zip: Buffer): void {
  const digest = createHash('sha256').update(zip).digest();
  writeFileSync(join(home, 'code', `${digest.toString('hex')}.zip`), zip);
  const recordPath = join(home, 'regions', 'us-east-1', 'functions', `${name}.json`);
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as {
    latest: { codeSha256: string; codeSize: number };
  };
  record.latest.codeSha256 = digest.toString('base64');
  record.latest.codeSize = zip.length;
  writeFileSync(recordPath, JSON.stringify(record));
}

function partialFolders(home: string): string[] {
  const dir = join(home, 'runtime-cache');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.includes('.partial-')) : [];
}

/** Stored before packages were checked: each with what its invokes' error must say. */
const STORED_BEFORE: Record<string, { zip: Buffer; reason: RegExp }> = {
  'stored-clash': {
    zip: rawZip(HOSTILE['a file d and an entry d/x']!.entries),
    reason: /"d\/x" needs "d" to be a folder/,
  },
  'stored-lying': {
    zip: rawZip(HOSTILE['a declared size larger than the content']!.entries),
    reason: /The entry "big.bin" cannot be unzipped: not enough bytes/,
  },
  'stored-bomb': {
    zip: rawZip(HOSTILE['a declared size smaller than the content (deflated)']!.entries),
    reason: /The entry "bomb.bin" cannot be unzipped: too many bytes/,
  },
  'stored-deep': {
    zip: rawZip([handler, { name: `${'d/'.repeat(1_000)}deep.js`, data: 'x' }]),
    reason: /is 1000 folders deep; the local endpoint accepts at most 128/,
  },
};

test('stored packages that cannot be unzipped fail each invoke with InvalidZipFileException; serve keeps running', async () => {
  const home = mkdtempSync(join(tmpdir(), 'll-hostile-'));
  const names = Object.keys(STORED_BEFORE);
  try {
    let serve = await startServeProcess(home);
    let clients = clientsFor(serve.url, serve);
    for (const name of names) {
      await clients.lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
        }),
      );
    }
    clients.lambda.destroy();
    clients.logs.destroy();
    serve.child.kill('SIGTERM');
    await new Promise((resolve) => serve.child.once('exit', resolve));
    for (const [name, { zip }] of Object.entries(STORED_BEFORE))
      storeCodeBehindTheEndpoint(home, name, zip);
    // A partial folder left by an extraction that a kill -9 interrupted.
    mkdirSync(join(home, 'runtime-cache', `${'ab'.repeat(32)}.partial-1-2`, 'd'), {
      recursive: true,
    });

    serve = await startServeProcess(home);
    clients = clientsFor(serve.url, serve);
    try {
      assert.deepEqual(partialFolders(home), [], 'stale partial folders are removed at start-up');
      for (const [name, { reason }] of Object.entries(STORED_BEFORE)) {
        for (let i = 0; i < 2; i++) {
          await assert.rejects(
            clients.lambda.send(
              new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }),
            ),
            (error: unknown) => {
              assert.ok(error instanceof LambdaServiceException, `${name}: ${String(error)}`);
              assert.equal(error.name, 'InvalidZipFileException', `${name}: ${error.message}`);
              assert.equal(error.$metadata.httpStatusCode, 502);
              assert.match(error.message, /^Lambda could not unzip the deployment package: /);
              assert.match(error.message, reason, name);
              assert.match(
                error.message,
                /Upload a valid zip with UpdateFunctionCode\.$/,
                'says what to do',
              );
              return true;
            },
          );
          assert.equal(serve.child.exitCode, null, 'serve is still running');
        }
      }
      const listed = await clients.lambda.send(new ListFunctionsCommand({}));
      assert.deepEqual(
        listed.Functions?.map((f) => f.FunctionName),
        names.sort(),
      );
      assert.deepEqual(partialFolders(home), [], 'a failed extraction leaves no partial folder');
      // Replacing the code mends it.
      await clients.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: 'stored-clash',
          ZipFile: zipOf({ 'index.js': NODE_HELLO }),
        }),
      );
      const invoked = await clients.lambda.send(
        new InvokeCommand({ FunctionName: 'stored-clash', Payload: Buffer.from('{}') }),
      );
      assert.equal(invoked.FunctionError, undefined);
    } finally {
      clients.lambda.destroy();
      clients.logs.destroy();
      serve.child.kill('SIGTERM');
      await new Promise((resolve) =>
        serve.child.exitCode !== null ? resolve(undefined) : serve.child.once('exit', resolve),
      );
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a package deeper than this machine can hold under the home fails its invoke with what to do; the endpoint carries on', async () => {
  // 4,007 bytes fit Lambda's /var/task, but not PATH_MAX (4,096) once the home's runtime-cache comes first.
  const deep = `${`${'n'.repeat(199)}/`.repeat(20)}deep.js`;
  const zip = rawZip([handler, { name: deep, data: 'module.exports = 1;\n' }]);
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'too-deep-here',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip },
    }),
  );
  await assert.rejects(
    t.lambda.send(new InvokeCommand({ FunctionName: 'too-deep-here', Payload: Buffer.from('{}') })),
    (error: LambdaServiceException) =>
      error.name === 'ServiceException' &&
      /too long for this machine/.test(error.message) &&
      /shorter path/.test(error.message),
  );
  const honest = await t.lambda.send(
    new InvokeCommand({ FunctionName: 'honest', Payload: Buffer.from('{}') }),
  );
  assert.equal(honest.FunctionError, undefined);
});
