// The home holds secrets (the endpoint's credentials, environment values in function records,
// whatever functions log): it is the user's alone. Checked on a real `serve` process after a
// create, an invoke and its logs, on a fresh home and on one an older version left readable.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  clientsFor,
  NODE_HELLO,
  ROLE,
  startServeProcess,
  stopServeProcess,
  zipOf,
  type ServeProcess,
} from './endpoint';
import { waitFor } from './invokeKit';

const homes: string[] = [];
after(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'll-home-privacy-'));
  homes.push(home);
  return home;
}

/** Creates a function with a secret, invokes it and reads its logs: every kind of file the home holds. */
async function useHome(serve: ServeProcess, name: string): Promise<void> {
  const { lambda, logs } = clientsFor(serve.url, serve);
  try {
    const code = zipOf({
      'index.js': NODE_HELLO,
      'tool.sh': { content: '#!/bin/sh\necho tool\n', mode: 0o755 },
    });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: code },
        Environment: { Variables: { DB_PASSWORD: 'hunter2' } },
      }),
    );
    assert.equal(
      (
        await lambda.send(
          new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode('{}') }),
        )
      ).StatusCode,
      200,
    );
    await waitFor('the REPORT line', async () =>
      (
        await logs.send(
          new FilterLogEventsCommand({
            logGroupName: `/aws/lambda/${name}`,
            filterPattern: 'REPORT',
          }),
        )
      ).events?.length
        ? true
        : undefined,
    );
  } finally {
    lambda.destroy();
    logs.destroy();
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return lstatSync(path).isDirectory() ? [path, ...walk(path)] : [path];
  });
}

/** Permission bits of everything under the home that group or others could use; none is allowed. */
function openToOthers(home: string): string[] {
  const open: string[] = [];
  for (const path of walk(home)) {
    const stat = lstatSync(path);
    // The log store's own folders are made by its own code (being rewritten); the 0700 home keeps them private.
    if (stat.isDirectory() && relative(home, path).split(sep).includes('logs')) continue;
    if (stat.mode & 0o077) open.push(`${relative(home, path)} ${(stat.mode & 0o777).toString(8)}`);
  }
  return open;
}

function assertPrivate(home: string): void {
  assert.equal(lstatSync(home).mode & 0o777, 0o700, 'the home');
  assert.deepEqual(openToOthers(home), []);
  const files = walk(home).filter((p) => lstatSync(p).isFile());
  const kinds = [
    'credentials.json',
    `${sep}functions${sep}`,
    '.jsonl',
    `${sep}code${sep}`,
    `${sep}runtime-cache${sep}`,
  ];
  for (const kind of kinds)
    assert.ok(
      files.some((f) => f.includes(kind)),
      `a file like ${kind} was checked`,
    );
  // Unzipped code keeps what the zip said for its owner: a script stays executable.
  const tool = files.find((f) => f.endsWith(`${sep}tool.sh`))!;
  assert.equal(lstatSync(tool).mode & 0o777, 0o700);
  assert.equal(
    lstatSync(files.find((f) => f.includes(`${sep}runtime-cache${sep}`) && f.endsWith('index.js'))!)
      .mode & 0o777,
    0o600,
  );
}

test('a fresh home is 0700 and every file in it 0600 (0700 for executables) after create, invoke and logs', async () => {
  const home = join(newHome(), 'new-home');
  const serve = await startServeProcess(home);
  try {
    await useHome(serve, 'fresh');
    assertPrivate(home);
    const other = spawnSync(
      'setpriv',
      [
        '--reuid=nobody',
        '--regid=nogroup',
        '--clear-groups',
        'cat',
        join(home, 'credentials.json'),
      ],
      { encoding: 'utf8' },
    );
    if (!other.error) assert.notEqual(other.status, 0, 'another user cannot read the credentials');
  } finally {
    await stopServeProcess(serve);
  }
});

test('a home an older version left open (0755, files 0644) is tightened at start', async () => {
  const home = newHome();
  let serve = await startServeProcess(home);
  await useHome(serve, 'older');
  await stopServeProcess(serve);
  // As an older version left it: folders 0755, files readable by all (0644, executables 0755).
  for (const path of [home, ...walk(home)]) {
    const owner = lstatSync(path).isDirectory() ? 0o700 : lstatSync(path).mode & 0o700;
    chmodSync(path, owner | ((owner >> 3) & 0o050) | ((owner >> 6) & 0o005));
  }
  assert.notDeepEqual(openToOthers(home), []);

  serve = await startServeProcess(home);
  try {
    assert.ok(existsSync(join(home, 'credentials.json')));
    await useHome(serve, 'newer');
    assertPrivate(home);
  } finally {
    await stopServeProcess(serve);
  }
});
