// Shared by the CPU share tests and bench/cpuShare.bench.mjs: the CPU-bound handler they time,
// the header that asks one invocation for the share, and a cgroup of high CPU weight for the
// measuring process where this machine allows one.
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareStack } from '@smithy/types';
import { CPU_SHARE_HEADER } from '../../src/core/invoke/cpuShare';

/**
 * index.js of a handler that does a fixed amount of work (`event.rounds`) and answers with the CPU
 * time it took: its own, or a child process's that did it (`event.child`).
 */
export const CPU_HANDLER = `
const { execFileSync } = require('node:child_process');
function spin(rounds) { const before = process.cpuUsage(); let x = 0; for (let i = 0; i < rounds; i++) x = (x + i * 7) % 1000003; const used = process.cpuUsage(before); return { x, cpuMs: (used.user + used.system) / 1000 }; }
exports.handler = async (event) => {
  if (event.child) return JSON.parse(execFileSync(process.execPath, ['-e', spin.toString() + ';process.stdout.write(JSON.stringify(spin(' + Number(event.rounds) + ')))']).toString());
  return spin(event.rounds);
};
`;

/** Sends X-Lambda-Lens-Cpu-Share: `value` with the command; returns the command. */
export function withCpuShareHeader<I extends object, O extends object, C>(
  command: C & { readonly middlewareStack: MiddlewareStack<I, O> },
  value: string,
): C {
  command.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers[CPU_SHARE_HEADER] = value;
      return next(args);
    },
    { step: 'build', name: 'cpuShareHeader' },
  );
  return command;
}

/**
 * Moves this process into a cgroup v1 of high CPU weight (`<name>-<pid>`), where it may (Linux, a
 * writable cpu hierarchy): it then gets the CPU an idle machine would. Returns the undo, or
 * undefined where it may not.
 */
export function cpuPriority(name: string): (() => void) | undefined {
  if (process.platform !== 'linux') return undefined;
  const own = /^\d+:(?:[^:]*,)?cpu(?:,[^:]*)?:(\/.*)$/m.exec(
    readFileSync('/proc/self/cgroup', 'utf8'),
  )?.[1];
  const hierarchy = ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct'].find((dir) => {
    try {
      readdirSync(dir);
      return true;
    } catch {
      return false;
    }
  });
  if (own === undefined || !hierarchy) return undefined;
  const home = join(hierarchy, own);
  const dir = join(home, `${name}-${process.pid}`);
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'cpu.shares'), '262144');
    writeFileSync(join(dir, 'cgroup.procs'), String(process.pid));
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      /* never made */
    }
    return undefined;
  }
  return () => {
    writeFileSync(join(home, 'cgroup.procs'), String(process.pid));
    try {
      rmdirSync(dir);
    } catch {
      /* a process of ours still there: the next run's mkdir fails, and it runs without */
    }
  };
}
