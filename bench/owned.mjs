// Processes and folders a benchmark owns, cleaned up on every way out (normal exit, Ctrl-C,
// SIGTERM), so that an interrupted run leaves no server or temporary folder behind.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const children = new Set();
const folders = new Set();

/** Child pids from /proc (Linux): e.g. the execution environments `serve` started in their own groups. */
export function descendants(pid) {
  const all = [];
  const queue = [pid];
  while (queue.length && all.length < 256) {
    const next = queue.shift();
    let kids = [];
    try {
      kids = readFileSync(`/proc/${next}/task/${next}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      /* gone or not Linux */
    }
    all.push(...kids);
    queue.push(...kids);
  }
  return all;
}

/** Signals the process, its group and every descendant's group. */
export function killTree(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  for (const pid of descendants(child.pid)) {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        /* gone */
      }
    }
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

/** Stops every owned process and removes every owned folder now. */
export function cleanupNow() {
  for (const child of children) killTree(child, 'SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
process.on('exit', cleanupNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.once(signal, () => {
    cleanupNow();
    process.exit(130);
  });

/** SIGTERM (a server then stops what it started itself), then SIGKILL for all if it lingers. */
export async function stop(child, graceMs = 5_000) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const timer = setTimeout(() => killTree(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
}

export function tempFolder(prefix) {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.add(folder);
  return folder;
}

export function removeFolder(folder) {
  rmSync(folder, { recursive: true, force: true });
  folders.delete(folder);
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
