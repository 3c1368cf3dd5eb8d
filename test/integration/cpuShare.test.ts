// Local CPU share: an environment gets Lambda's CPU for its memory (1,769 MB = one vCPU), so a
// CPU-bound handler's duration follows memory as on Lambda. Each mechanism is forced in turn
// (cgroup where this machine lets the endpoint make one, duty-cycling through /proc, duty-cycling
// through the process group as on macOS, off), against real runtimes over the real SDK. The
// machine is shared and noisy: each figure is the median of a few invocations, interleaved.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CpuShare, type CpuShareMechanism } from '../../src/local/os/cpuShare';
import { CPU_SHARE_HEADER } from '../../src/core/invoke/cpuShare';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, reportIn } from './invokeKit';

/** A fixed amount of work: `rounds` of a loop V8 cannot skip; the child variant does it in a child process. */
const CPU_HANDLER = `
const { execFileSync } = require('node:child_process');
function spin(rounds) { let x = 0; for (let i = 0; i < rounds; i++) x = (x + i * 7) % 1000003; return x; }
exports.handler = async (event) => {
  if (event.child) return Number(execFileSync(process.execPath, ['-e', spin.toString() + ';process.stdout.write(String(spin(' + event.rounds + ')))']).toString());
  return spin(event.rounds);
};
`;

const TOLERANCE = 0.25;
const SAMPLES = 3;

interface Setup {
  readonly t: TestEndpoint;
  readonly log: string[];
}

async function setUp(mechanism: CpuShareMechanism, env: Record<string, string> = {}, cpuShare = true): Promise<Setup> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const log: string[] = [];
  try {
    const t = await startTestEndpoint({ invoker: { cpuShare, cpuShareMechanism: mechanism, spareProcess: false }, log: (line) => log.push(line) });
    for (const memorySize of [128, 1024, 1769]) await createFunction(t, `cpu-${memorySize}`, { 'index.js': CPU_HANDLER }, { memorySize, timeout: 60 });
    return { t, log };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

/** One invocation's REPORT Duration and the CPU_SHARE line after it. */
async function run(t: TestEndpoint, name: string, event: unknown, header?: string): Promise<{ durationMs: number; shareLine: string | undefined; log: string; error?: string }> {
  const command = new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), LogType: 'Tail' });
  if (header !== undefined) {
    command.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers[CPU_SHARE_HEADER] = header;
      return next(args);
    }, { step: 'build', name: 'cpuShareHeader' });
  }
  const out = await t.lambda.send(command);
  const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
  return {
    durationMs: reportIn(log).durationMs,
    shareLine: log.split('\n').find((line) => line.startsWith('CPU_SHARE')),
    log,
    ...(out.FunctionError ? { error: Buffer.from(out.Payload ?? []).toString() } : {}),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Rounds that take about `targetMs` at one full vCPU, measured on the 1,769 MB function. */
async function calibrate(t: TestEndpoint, targetMs: number, child = false): Promise<number> {
  let rounds = 2_000_000;
  for (let i = 0; i < 4; i++) {
    const { durationMs } = await run(t, 'cpu-1769', { rounds, child });
    if (durationMs > targetMs * 0.7) return Math.round(rounds * targetMs / durationMs);
    rounds = Math.round(rounds * Math.min(20, targetMs / Math.max(1, durationMs)));
  }
  return rounds;
}

/** Median durations per memory size, the sizes interleaved so that the machine's load falls on all alike. */
async function durations(t: TestEndpoint, rounds: number, child = false): Promise<Record<number, number>> {
  const seen: Record<number, number[]> = { 128: [], 1024: [], 1769: [] };
  for (let i = 0; i < SAMPLES; i++) {
    for (const memory of [128, 1024, 1769]) {
      const result = await run(t, `cpu-${memory}`, { rounds, child });
      assert.equal(result.error, undefined);
      assert.match(result.shareLine ?? '', /Share: \d+\.\d\d vCPU\tMechanism: \w+/);
      seen[memory]!.push(result.durationMs);
    }
  }
  return { 128: median(seen[128]!), 1024: median(seen[1024]!), 1769: median(seen[1769]!) };
}

function assertRatios(figures: Record<number, number>, what: string): void {
  const low = figures[128]! / figures[1024]!;
  const high = figures[1024]! / figures[1769]!;
  const detail = `${what}: 128 MB ${figures[128]!.toFixed(0)} ms, 1024 MB ${figures[1024]!.toFixed(0)} ms, 1769 MB ${figures[1769]!.toFixed(0)} ms`;
  console.log(`${detail}; ratios ${low.toFixed(2)} (want 8), ${high.toFixed(2)} (want 1.73)`);
  assert.ok(Math.abs(low / 8 - 1) <= TOLERANCE, `128/1024 MB ratio ${low.toFixed(2)} is not within 25 % of 8 (${detail})`);
  assert.ok(Math.abs(high / (1769 / 1024) - 1) <= TOLERANCE, `1024/1769 MB ratio ${high.toFixed(2)} is not within 25 % of 1.73 (${detail})`);
}

const cgroupHere = process.platform === 'linux' && CpuShare.choose('/tmp', 'cgroup').mechanism === 'cgroup';

describe('CPU share by cgroup', { skip: cgroupHere ? false : 'no cgroup with the cpu controller can be made here' }, () => {
  let s: Setup;
  before(async () => { s = await setUp('cgroup'); });
  after(() => s.t.close());

  test('a CPU-bound handler takes 8x as long at 128 MB as at 1,024 MB, and 1.73x at 1,024 as at 1,769', async () => {
    assert.ok(s.log.some((line) => /cgroup v[12]/.test(line)), s.log.join('\n'));
    const rounds = await calibrate(s.t, 120);
    assertRatios(await durations(s.t, rounds), 'cgroup');
  });
});

describe('CPU share by duty-cycling the process tree', { skip: process.platform === 'win32' ? 'no SIGSTOP on Windows' : false }, () => {
  let s: Setup;
  before(async () => { s = await setUp('duty'); });
  after(() => s.t.close());

  test('a CPU-bound handler takes 8x as long at 128 MB as at 1,024 MB, and 1.73x at 1,024 as at 1,769', async () => {
    assert.ok(s.log.some((line) => /stopped and continued in its process tree/.test(line)), s.log.join('\n'));
    const rounds = await calibrate(s.t, 120);
    assertRatios(await durations(s.t, rounds), 'duty');
  });
});
