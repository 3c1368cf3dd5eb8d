// The home's lock keeps a second endpoint off a home in use, and only that: a lock whose pid is
// now a zombie (a serve killed with -9 whose parent has not reaped it yet) or another program (the
// pid reused) does not block a restart. The portable check (process.kill(pid, 0)), forced with
// LAMBDA_LENS_FORCE_PORTABLE=1, still tells a live serve from a dead pid.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startServeProcess, stopServeProcess } from './endpoint';
import { waitFor } from './invokeKit';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const LINUX = process.platform === 'linux' && existsSync('/proc/self/stat');
const homes: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'll-home-lock-'));
  homes.push(home);
  return home;
}

/** `serve` in one go, as a user would: its exit code and what it said (it is stopped once it listens). */
async function tryServe(
  home: string,
  env: Record<string, string> = {},
): Promise<{ started: boolean; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--json', '--home', home], {
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const started = await new Promise<boolean>((resolve) => {
    createInterface({ input: child.stdout }).once('line', () => resolve(true));
    child.once('exit', () => resolve(false));
  });
  if (started) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return { started, stderr };
}

/** A process left as a zombie: `sleep 0` started in the background by a shell that then becomes `sleep 60`, which never reaps it. */
async function zombie(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(parent);
  const pid = Number(
    await new Promise<string>((resolve) =>
      createInterface({ input: parent.stdout! }).once('line', resolve),
    ),
  );
  await waitFor('the zombie', async () =>
    /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) ? true : undefined,
  );
  return pid;
}

function otherProgram(): number {
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(sleeper);
  return sleeper.pid!;
}

function writeLock(home: string, content: object): void {
  writeFileSync(join(home, 'endpoint.lock'), JSON.stringify(content));
}

test('a running serve keeps a second one off its home, with its pid, URL and start time in the lock', async () => {
  const home = newHome();
  const serve = await startServeProcess(home);
  try {
    const lock = JSON.parse(readFileSync(join(home, 'endpoint.lock'), 'utf8')) as {
      pid: number;
      url: string;
      startTime?: number;
    };
    assert.equal(lock.pid, serve.child.pid);
    assert.equal(lock.url, serve.url);
    if (LINUX)
      assert.equal(
        lock.startTime,
        Number(
          readFileSync(`/proc/${lock.pid}/stat`, 'utf8')
            .replace(/^.*\) /s, '')
            .split(' ')[19],
        ),
      );
    const second = await tryServe(home);
    assert.equal(second.started, false);
    assert.match(
      second.stderr,
      new RegExp(
        `Another Lambda Lens local endpoint is already running on .* \\(process ${serve.child.pid}, ${serve.url.replace(/[.]/g, '\\.')}\\)`,
      ),
    );
  } finally {
    await stopServeProcess(serve);
  }
});

test(
  'a restart right after kill -9, while the dead serve lingers as a zombie, is not refused',
  { skip: !LINUX && 'zombies are seen through /proc' },
  async () => {
    const home = newHome();
    // The serve runs under a parent that never reaps it (as a shell busy with something else would).
    const parent = spawn(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${CLI}" serve --json --home "${home}" >/dev/null 2>&1 & echo $!; exec sleep 60`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    children.push(parent);
    const pid = Number(
      await new Promise<string>((resolve) =>
        createInterface({ input: parent.stdout! }).once('line', resolve),
      ),
    );
    await waitFor('the first serve listening', async () =>
      existsSync(join(home, 'endpoint.lock')) &&
      readFileSync(join(home, 'endpoint.lock'), 'utf8').includes('"url"')
        ? true
        : undefined,
    );
    process.kill(pid, 'SIGKILL');
    await waitFor('the zombie', async () =>
      /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) ? true : undefined,
    );
    const restart = await tryServe(home);
    assert.equal(restart.started, true, restart.stderr);
  },
);

test(
  'a lock naming a zombie or another program (its pid reused) does not block a restart',
  { skip: !LINUX && 'zombies and start times are read from /proc' },
  async () => {
    const cases: [string, object][] = [
      ['a zombie', { pid: await zombie(), url: 'http://127.0.0.1:1' }],
      [
        'another program, started at another time',
        { pid: otherProgram(), startTime: 1, url: 'http://127.0.0.1:1' },
      ],
      [
        'another program, in a lock without a start time',
        { pid: otherProgram(), url: 'http://127.0.0.1:1' },
      ],
    ];
    for (const [what, lock] of cases) {
      const home = newHome();
      writeLock(home, lock);
      const restart = await tryServe(home);
      assert.equal(restart.started, true, `${what}: ${restart.stderr}`);
    }
  },
);

test('forced portable: a dead pid is taken over, a live serve still blocks', async () => {
  const portable = { LAMBDA_LENS_FORCE_PORTABLE: '1' };
  const home = newHome();
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  writeLock(home, { pid: Number(gone.stdout), url: 'http://127.0.0.1:1' });
  assert.equal((await tryServe(home, portable)).started, true);
  const serve = await startServeProcess(home);
  try {
    const second = await tryServe(home, portable);
    assert.equal(second.started, false);
    assert.match(second.stderr, /already running/);
  } finally {
    await stopServeProcess(serve);
  }
});
