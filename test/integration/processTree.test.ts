// The process tree from /proc (memory and the Runtime API's peer check read it): a child started
// from any thread of a process is found, not only those of its main thread.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { childrenOf, pidsIn as parseChildren, someDescendant } from '../../src/local/os/procTree';

const linux = process.platform === 'linux';

test(
  "a child started from a worker thread is among the process's children, and its own child among the descendants",
  { skip: !linux && '/proc is Linux-only' },
  async () => {
    // The worker starts `sh`, which starts `sleep`: a grandchild under a non-main thread.
    const script = `
const { Worker } = require('node:worker_threads');
new Worker("const c = require('node:child_process').spawn('sh', ['-c', 'sleep 30; :'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);", { eval: true });
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const shPid = Number(
        await new Promise<string>((resolve) =>
          createInterface({ input: parent.stdout! }).once('line', resolve),
        ),
      );
      let sleepPid: number | undefined;
      for (let i = 0; i < 100 && sleepPid === undefined; i++) {
        sleepPid = childrenOf(shPid)[0];
        if (sleepPid === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(sleepPid, 'sh started sleep');
      const mainThreadOnly = parseChildren(
        readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8'),
      );
      assert.ok(
        !mainThreadOnly.includes(shPid),
        "the main thread's list does not have it (the reason to read every thread's)",
      );
      assert.ok(childrenOf(parent.pid!).includes(shPid));
      const seen: number[] = [];
      assert.equal(
        someDescendant(childrenOf(parent.pid!), (pid) => {
          seen.push(pid);
          return pid === sleepPid;
        }),
        true,
      );
      assert.deepEqual(seen, [shPid, sleepPid]);
      process.kill(sleepPid, 'SIGKILL');
    } finally {
      parent.kill('SIGKILL');
    }
  },
);
