// The local CPU share (`serve --cpu-share`): how closely a CPU-bound handler's duration follows
// Lambda's CPU for its memory, per mechanism available here, and what the throttling itself costs.
//   accuracy:  the duration at 128, 512 and 1,024 MB against the duration at 1,769 MB (one vCPU),
//              measured, against Lambda's ratio (1769 / memory), medians of interleaved rounds:
//              the printed ratio is measured / expected (1.000x is exact);
//   cost:      the same handler at 1,769 MB, whose single thread never uses more than its share
//              (one vCPU on a machine with more), with the share on against the same environment
//              with it off (X-Lambda-Lens-Cpu-Share: off) in the same run, and the endpoint's own
//              CPU time per second of a throttled 128 MB invocation (timers, signals, /proc reads,
//              and the invoke's own handling, spread over its 1.6 s).
// Lambda's shares are absolute, and a machine shared by others may not give even an unthrottled
// process one CPU: where this process may (a writable cgroup v1 cpu hierarchy), it and the
// endpoint run in a cgroup of high CPU weight, as on an idle machine; the output says which.
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipOf } from '../test/integration/endpoint.ts';
import { CPU_HANDLER, cpuPriority, withCpuShareHeader } from '../test/integration/cpuShareKit.ts';
import { CLOCK_TICK_MS, cpuMs } from './processCpu.mjs';
import { figure, median } from './report.mjs';
import { children, removeFolder, stop, tempFolder, withTimeout } from './owned.mjs';

const root = join(import.meta.dirname, '..');
const SIZES = [128, 512, 1024, 1769];
const ROUNDS = 3;
const TARGET_MS_AT_ONE_VCPU = 120;
const COST_INVOKES = 5;

async function startServe(env) {
  const home = tempFolder('ll-bench-cpu-');
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist', 'cli.js'),
      'serve',
      '--json',
      '--home',
      home,
      '--cpu-share',
      '--stop-on-stdin-close',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...env } },
  );
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const line = await withTimeout(
    new Promise((resolveLine, reject) => {
      createInterface({ input: child.stdout }).once('line', resolveLine);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    }),
    15_000,
    'starting serve',
  );
  const info = JSON.parse(line);
  const lambda = new LambdaClient({
    endpoint: info.url,
    region: 'us-east-1',
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    maxAttempts: 1,
  });
  return {
    lambda,
    pid: child.pid,
    log: () => stderr,
    async close() {
      lambda.destroy();
      await stop(child);
      removeFolder(home);
    },
  };
}

/** REPORT Duration of one invoke, and the CPU_SHARE line after it. */
async function invoke(lambda, name, rounds, share) {
  const command = new InvokeCommand({
    FunctionName: name,
    Payload: Buffer.from(JSON.stringify({ rounds })),
    LogType: 'Tail',
  });
  if (share) withCpuShareHeader(command, share);
  const out = await lambda.send(command);
  if (out.FunctionError) throw new Error(Buffer.from(out.Payload).toString());
  const log = Buffer.from(out.LogResult, 'base64').toString();
  const duration = Number(/\tDuration: ([\d.]+) ms/.exec(log)[1]);
  return { duration, shareLine: log.split('\n').find((l) => l.startsWith('CPU_SHARE')) ?? '' };
}

async function measureMechanism(label, env) {
  const serve = await startServe(env);
  try {
    const described =
      serve
        .log()
        .split('\n')
        .find((l) => l.startsWith('CPU share')) ?? '';
    process.stdout.write(`# ${label}: ${described}\n`);
    for (const memory of SIZES) {
      await serve.lambda.send(
        new CreateFunctionCommand({
          FunctionName: `cpu-${memory}`,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: 'arn:aws:iam::123456789012:role/bench',
          Code: { ZipFile: zipOf({ 'index.js': CPU_HANDLER }) },
          MemorySize: memory,
          Timeout: 120,
        }),
      );
      await invoke(serve.lambda, `cpu-${memory}`, 1000); // cold start out of the way
    }
    // Work that takes about TARGET_MS_AT_ONE_VCPU at 1,769 MB.
    let rounds = 2_000_000;
    for (let i = 0; i < 5; i++) {
      const { duration } = await invoke(serve.lambda, 'cpu-1769', rounds);
      if (duration > TARGET_MS_AT_ONE_VCPU * 0.7) {
        rounds = Math.round((rounds * TARGET_MS_AT_ONE_VCPU) / duration);
        break;
      }
      rounds = Math.round(rounds * Math.min(20, TARGET_MS_AT_ONE_VCPU / Math.max(1, duration)));
    }
    const seen = Object.fromEntries(SIZES.map((m) => [m, []]));
    let mechanism = '';
    let serveCpuMs = 0;
    let throttledMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const memory of SIZES) {
        const before = memory === 128 ? cpuMs([serve.pid]) : 0;
        const { duration, shareLine } = await invoke(serve.lambda, `cpu-${memory}`, rounds);
        if (memory === 128) {
          serveCpuMs += cpuMs([serve.pid]) - before;
          throttledMs += duration;
        }
        mechanism = /Mechanism: (\w+)/.exec(shareLine)?.[1] ?? mechanism;
        seen[memory].push(duration);
      }
    }
    const at = Object.fromEntries(SIZES.map((m) => [m, median(seen[m])]));
    for (const memory of SIZES.filter((m) => m !== 1769)) {
      figure(`${label}: duration at ${memory} MB / at 1,769 MB`, at[memory] / at[1769], 'x', {
        label: `Lambda's ${memory} MB share, 1769 / ${memory} =`,
        value: 1769 / memory,
      });
    }
    figure(`${label}: duration at 1,769 MB (one vCPU)`, at[1769], 'ms', {
      label: 'mechanism',
      value: mechanism || 'none',
      unit: '',
    });

    // The cost on an environment that never uses more than its share.
    const on = [];
    const off = [];
    for (let i = 0; i < COST_INVOKES; i++) {
      off.push((await invoke(serve.lambda, 'cpu-1769', rounds, 'off')).duration);
      on.push((await invoke(serve.lambda, 'cpu-1769', rounds, 'on')).duration);
    }
    figure(
      `${label}: 1,769 MB handler with the share on (1 vCPU of ${availableParallelism()} cores)`,
      median(on),
      'ms',
      { label: 'the same, share off', value: median(off) },
    );
    figure(
      `${label}: endpoint CPU per second of a throttled 128 MB invocation (${CLOCK_TICK_MS} ms ticks)`,
      serveCpuMs / (throttledMs / 1000),
      'ms/s',
      { label: 'a second', value: 1000 },
    );
  } finally {
    await serve.close();
  }
}

const undo = cpuPriority('lambda-lens-bench');
process.stdout.write(
  `# load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} on ${availableParallelism()} cores; ${undo ? 'run in a cgroup of high CPU weight (as on an idle machine)' : 'run at normal priority (a busy machine gives less than the shares)'}\n`,
);
try {
  const mechanisms = [
    ['cgroup', { LAMBDA_LENS_CPU_SHARE_MECHANISM: 'cgroup' }],
    ['duty (CPU-time budget from /proc)', { LAMBDA_LENS_CPU_SHARE_MECHANISM: 'duty' }],
    [
      'duty (wall-clock fraction, process group; LAMBDA_LENS_FORCE_PORTABLE=1)',
      { LAMBDA_LENS_CPU_SHARE_MECHANISM: 'duty', LAMBDA_LENS_FORCE_PORTABLE: '1' },
    ],
  ];
  for (const [label, env] of mechanisms) await measureMechanism(label, env);
} finally {
  undo?.();
}
