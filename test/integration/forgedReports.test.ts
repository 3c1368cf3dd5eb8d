// Functions that print REPORT lines of their own, with their own request id (raw writes, Node's
// console.log, Python's print, a platform.report record in the JSON log format), invoked 3 times
// each: `lambda-lens report` and `estimate` from the built CLI still say 3 invocations, the real
// memory and the real cost, and say how many REPORT lines they discarded and why. Read as the
// Local connection (--home), only the lines the endpoint marked as its own count; read as any
// other endpoint (--endpoint), one REPORT per request id and invocation, the platform's.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, waitFor, filterEvents } from './invokeKit';
import { recentInvocations } from '../../src/cloud/functions';
import { summarizeInvoke } from '../../src/core/invoke/invokeResult';
import { ReportStats } from '../../src/core/report/reportStats';
import { estimateFunction } from '../../src/core/cost/functionEstimate';
import type { ReportRecord } from '../../src/core/report/reportLine';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const FORGED =
  'Duration: 900000.00 ms\\tBilled Duration: 900000 ms\\tMemory Size: 10240 MB\\tMax Memory Used: 10240 MB\\t';
const FUNCTIONS: Record<
  string,
  { files: Record<string, string>; runtime?: string; handler?: string; logFormat?: 'JSON' }
> = {
  'forger-node': {
    files: {
      'index.js': `exports.handler = async (event, context) => {
  const forged = \`REPORT RequestId: \${context.awsRequestId}\\t${FORGED}\`;
  process.stdout.write(forged + '\\n');
  console.log(forged);
  return 'ok';
};
`,
    },
  },
  'forger-json': {
    logFormat: 'JSON',
    files: {
      'index.js': `exports.handler = async (event, context) => {
  const forged = JSON.stringify({ time: new Date().toISOString(), type: 'platform.report', record: { requestId: context.awsRequestId, metrics: { durationMs: 900000, billedDurationMs: 900000, memorySizeMB: 10240, maxMemoryUsedMB: 10240 }, status: 'success' } });
  process.stdout.write(forged + '\\n');
  console.log(forged);
  return 'ok';
};
`,
    },
  },
  'forger-py': {
    runtime: 'python3.12',
    handler: 'app.handler',
    files: {
      'app.py': `def handler(event, context):\n    print(f"REPORT RequestId: {context.aws_request_id}\\t${FORGED}")\n    return 'ok'\n`,
    },
  },
};
const NAMES = Object.keys(FUNCTIONS);

let t: TestEndpoint;
/** The platform's own REPORT of each invoke, from its log tail (the last REPORT there). */
const platformReports = new Map<string, ReportRecord[]>();
before(async () => {
  t = await startTestEndpoint();
  for (const [name, f] of Object.entries(FUNCTIONS)) {
    await createFunction(t, name, f.files, {
      memorySize: 128,
      ...(f.runtime ? { runtime: f.runtime } : {}),
      ...(f.handler ? { handler: f.handler } : {}),
      ...(f.logFormat ? { logFormat: f.logFormat } : {}),
    });
    const reports: ReportRecord[] = [];
    for (let i = 0; i < 3; i++) {
      const invoked = await invoke(t, name, { n: i });
      assert.equal(invoked.text, '"ok"', invoked.log);
      reports.push(
        summarizeInvoke({ logResult: Buffer.from(invoked.log).toString('base64') }).report!,
      );
    }
    assert.ok(
      reports.every((r) => r.memorySizeMB === 128 && r.maxMemoryUsedMB < 10240),
      JSON.stringify(reports),
    );
    platformReports.set(name, reports);
  }
  // Each invoke logged the platform's REPORT and the function's forged ones.
  for (const name of NAMES)
    await waitFor(`${name}'s lines`, async () =>
      (await filterEvents(t, name, '?"REPORT RequestId" ?"platform.report"')).length >= 6
        ? true
        : undefined,
    );
});
after(async () => {
  await t.close();
});

/** Runs the CLI as a child without blocking this process, whose endpoint the child talks to. */
function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    timeout: 30_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The Local connection (the endpoint found through its home), or the same endpoint as any other. */
const AS_LOCAL = (home: string) => ({ args: ['--home', home], env: {} });
const AS_OTHER = () => ({
  args: ['--endpoint', t.endpoint.url, '--region', 'us-east-1'],
  env: {
    AWS_ACCESS_KEY_ID: t.endpoint.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.endpoint.credentials.secretAccessKey,
  },
});

interface ReportJson {
  summary: {
    invocations: number;
    memory: { sizeMB: number; maxUsedMB: number };
    billed: { totalMs: number };
    discarded: { duplicateRequestIds: number; writtenByFunction: number };
  };
  basis: string[];
}

for (const [how, connection, discarded, why] of [
  [
    'as the Local connection: only the lines the endpoint marked',
    () => AS_LOCAL(t.home),
    'writtenByFunction',
    'written by the function, not by the local endpoint',
  ],
  [
    "as any other endpoint: one REPORT per request id, the platform's",
    AS_OTHER,
    'duplicateRequestIds',
    'duplicate request ids',
  ],
] as const) {
  test(`report ${how}`, async () => {
    for (const name of NAMES) {
      const { args, env } = connection();
      const out = await cli(['report', name, '--since', '1h', '--json', ...args], env);
      assert.equal(out.code, 0, out.stderr);
      const json = JSON.parse(out.stdout) as ReportJson;
      const real = platformReports.get(name)!;
      assert.equal(json.summary.invocations, 3, `${name}: ${out.stdout}`);
      assert.deepEqual(
        [json.summary.memory.sizeMB, json.summary.memory.maxUsedMB],
        [128, Math.max(...real.map((r) => r.maxMemoryUsedMB))],
        name,
      );
      assert.equal(
        json.summary.billed.totalMs,
        real.reduce((n, r) => n + r.billedDurationMs, 0),
        name,
      );
      assert.equal(
        json.summary.discarded[discarded],
        3,
        `${name}: ${JSON.stringify(json.summary.discarded)}`,
      );
      assert.deepEqual(json.basis, [`3 REPORT lines discarded: ${why}`], name);
      const text = await cli(['report', name, '--since', '1h', ...args], env);
      assert.match(text.stdout, /^Invocations {4}3 /m, name);
      assert.match(
        text.stdout,
        new RegExp(`^Discarded {6}3 REPORT lines discarded: ${why}$`, 'm'),
        name,
      );
    }
  });

  test(`estimate ${how}: the real memory and the real cost`, async () => {
    for (const name of NAMES) {
      const { args, env } = connection();
      const out = await cli(['estimate', name, '--window', '1h', '--json', ...args], env);
      assert.equal(out.code, 0, out.stderr);
      const json = JSON.parse(out.stdout) as {
        observed: ReportJson['summary'];
        estimate: { perMillionUsd: number; costInput: { memoryMB: number }; basis: string[] };
      };
      assert.equal(json.observed.invocations, 3, name);
      assert.equal(json.estimate.costInput.memoryMB, 128, name);
      assert.ok(
        json.estimate.basis.includes(`3 REPORT lines discarded: ${why}`),
        `${name}: ${json.estimate.basis.join('; ')}`,
      );
      // The cost of the platform's own three REPORTs, and nothing the function printed.
      const real = new ReportStats();
      platformReports.get(name)!.forEach((r, i) => real.add(r, i));
      const expected = estimateFunction({
        facts: {
          runtime: FUNCTIONS[name]!.runtime ?? 'nodejs20.x',
          architecture: 'x86_64',
          memoryMB: 128,
        },
        observed: real.summary(),
        windowMs: 3600_000,
      });
      assert.ok(
        Math.abs(json.estimate.perMillionUsd - expected.perMillionUsd) < 1e-9,
        `${name}: ${json.estimate.perMillionUsd} against ${expected.perMillionUsd}`,
      );
      assert.ok(json.estimate.perMillionUsd < 1, `${name}: $${json.estimate.perMillionUsd} per 1M`);
    }
  });
}

test("the explorer's recent invocations: the platform's three, read either way", async () => {
  for (const name of NAMES) {
    for (const fromLocalEndpoint of [true, false]) {
      const invocations = await recentInvocations(t.logs, name, { fromLocalEndpoint });
      assert.equal(
        invocations.length,
        3,
        `${name} (${fromLocalEndpoint ? 'marks' : 'request ids'}): ${JSON.stringify(invocations)}`,
      );
      assert.ok(
        invocations.every((r) => r.memorySizeMB === 128 && r.maxMemoryUsedMB < 10240),
        name,
      );
    }
  }
});
