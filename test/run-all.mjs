// `npm test`: checks, then every test tier, each in its own process, with one summary at the end.
//   node test/run-all.mjs [tier…]      tiers: unit integration vscode ui (default: all, after the checks)
// Tiers run even when an earlier one fails, so one run shows everything that is wrong.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
process.chdir(root);

// The AWS SDK warns that its future releases need Node 22; tests run the SDK this repo pins.
const TEST_ENV = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function run(command, args, { capture = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...TEST_ENV, ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      if (capture) output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function testFiles(dir, suffix) {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(suffix))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** node --test with a TAP copy in a file, whose summary gives the counts. */
async function nodeTests(dir) {
  const files = [...testFiles(dir, '.test.ts'), ...testFiles(dir, '.test.mjs')];
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0 };
  const scratch = mkdtempSync(join(tmpdir(), 'll-tap-'));
  const tap = join(scratch, 'report.tap');
  const { code } = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const summary = readFileSync(tap, 'utf8');
  rmSync(scratch, { recursive: true, force: true });
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(summary)?.[1] ?? 0);
  const counts = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** The extension-host suites (mocha inside VS Code); mocha's own summary gives the counts. */
async function vscodeTests() {
  const { code, output } = await run(process.execPath, ['test/vscode/run.mjs'], { capture: true });
  const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}`, 'm').exec(output)?.[1] ?? 0);
  const counts = { passed: count('passing'), failed: count('failing'), skipped: count('pending') };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

async function step(name, command, args) {
  process.stdout.write(`\n=== ${name}\n`);
  const { code } = await run(command, args);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
}

const npx = (bin, ...args) => [
  process.execPath,
  [join(root, 'node_modules', '.bin', bin), ...args],
];
const TIERS = {
  checks: async () => {
    const results = [
      await step('type-check (tsc --noEmit)', ...npx('tsc', '--noEmit', '-p', '.')),
      await step('lint (eslint)', ...npx('eslint', '.')),
      await step('format (prettier --check)', ...npx('prettier', '--check', '.')),
    ];
    return results.reduce(add, zero());
  },
  unit: () => nodeTests('test/unit'),
  integration: () => nodeTests('test/integration'),
  vscode: vscodeTests,
  ui: () => nodeTests('test/ui'),
};

const zero = () => ({ passed: 0, failed: 0, skipped: 0 });
const add = (a, b) => ({
  passed: a.passed + b.passed,
  failed: a.failed + b.failed,
  skipped: a.skipped + b.skipped,
});

const requested = process.argv.slice(2);
const tiers = requested.length ? requested : Object.keys(TIERS);
for (const tier of tiers)
  if (!TIERS[tier]) {
    console.error(`unknown tier "${tier}"; tiers: ${Object.keys(TIERS).join(' ')}`);
    process.exit(2);
  }

// What the tiers need built: the bundles (integration, vscode, ui) and the .vsix (ui).
const summary = [];
let totals = zero();
function record(name, counts) {
  summary.push(
    `${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
  totals = add(totals, counts);
}
const started = Date.now();
if (tiers.some((t) => ['integration', 'vscode'].includes(t)))
  record('build', await step('build (esbuild)', process.execPath, ['esbuild.mjs']));
for (const tier of tiers) {
  if (tier === 'ui')
    record('package', await step('package (.vsix)', 'npm', ['run', '--silent', 'package']));
  process.stdout.write(`\n=== ${tier} tests\n`);
  record(tier, await TIERS[tier]());
}
process.stdout.write(`\n${summary.join('\n')}\n(${Math.round((Date.now() - started) / 1000)} s)\n`);
process.stdout.write(
  `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
);
process.exit(totals.failed > 0 ? 1 : 0);
