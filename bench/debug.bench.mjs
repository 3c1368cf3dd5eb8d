// Debug locally in the real VS Code: from the command to js-debug stopped at a breakpoint in the
// hello handler (JavaScript, and TypeScript through its bundle's source map), median of several
// runs, beside the same machine's cold Invoke locally of that handler in the same run, the 1.5 s
// target, and the published anchor: SAM CLI's local debugging starts a Docker container per invoke,
// which takes seconds (aws/aws-sam-cli#2223).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildExtensionHostBenchmarks } from '../test/build-tests.mjs';
import { figure, median } from './report.mjs';

const root = resolve(import.meta.dirname, '..');
const RUNS = 5;
const TARGET_MS = 1_500;
const SAM_ANCHOR = {
  label: 'SAM CLI local debug, a Docker container per invoke:',
  value: 'seconds',
  unit: '(published, aws-sam-cli#2223)',
};

const home = mkdtempSync(join(tmpdir(), 'll-bench-debug-'));
const workspace = join(home, 'workspace');
cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
try {
  await buildExtensionHostBenchmarks();
  const child = spawn(
    process.execPath,
    [
      join(root, 'test/harness/code-server-as-electron.mjs'),
      workspace,
      '--disable-extensions',
      `--extensionDevelopmentPath=${root}`,
      `--extensionTestsPath=${join(root, 'out/bench/vscode/debug.js')}`,
    ],
    {
      env: {
        ...process.env,
        LAMBDA_LENS_HOME: home,
        BENCH_DEBUG_RUNS: String(RUNS),
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`the extension-host benchmark failed (${code}):\n${out}`);
  const runs = {};
  for (const m of out.matchAll(/^BENCH (\S+) ms=([\d.]+)$/gm))
    (runs[m[1]] ??= []).push(Number(m[2]));
  for (const [language, label] of [
    ['js', 'JavaScript'],
    ['ts', 'TypeScript'],
  ]) {
    const debug = runs[`debug-${language}`] ?? [];
    const invoke = runs[`invoke-${language}`] ?? [];
    if (debug.length < RUNS || invoke.length < RUNS)
      throw new Error(`missing runs for ${label}:\n${out}`);
    const name = `debug locally, ${label} hello handler: command to stopped at the breakpoint (median of ${RUNS})`;
    figure(name, median(debug), 'ms', {
      label: 'cold Invoke locally, same handler, same run',
      value: median(invoke),
    });
    figure(name, median(debug), 'ms', { label: 'target', value: TARGET_MS });
    figure(name, median(debug), 'ms', SAM_ANCHOR);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
