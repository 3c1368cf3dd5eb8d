// `lambda-lens tune` as users run it: the built CLI as its own process against a `serve` process on
// a temporary home. Every test checks that the function ends as it began: its MemorySize, no
// lambda-lens-tune-* alias and no version the run published.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  clientsFor,
  NODE_HELLO,
  ROLE,
  startServeProcess,
  stopServeProcess,
  zipOf,
  type ServeProcess,
} from './endpoint';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
let home: string;
let serve: ServeProcess;
let lambda: LambdaClient;

function tune(
  args: string[],
  cwd = home,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'tune', ...args, '--home', home], {
    encoding: 'utf8',
    cwd,
    env: ENV,
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function create(
  name: string,
  code: string,
  options: {
    memorySize?: number;
    timeout?: number;
    publish?: boolean;
    tags?: Record<string, string>;
  } = {},
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': code }) },
      MemorySize: options.memorySize ?? 256,
      ...(options.timeout ? { Timeout: options.timeout } : {}),
      ...(options.publish ? { Publish: true } : {}),
      ...(options.tags ? { Tags: options.tags } : {}),
    }),
  );
}

/** The function as the run must leave it: its own memory size, the versions it had, no tuning alias. */
async function assertLeftAsItWas(
  name: string,
  memoryMB: number,
  versions: string[] = ['$LATEST'],
): Promise<void> {
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  assert.equal(config.MemorySize, memoryMB, `${name}'s MemorySize`);
  const listed = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
  assert.deepEqual(
    listed.Versions?.map((v) => v.Version),
    versions,
    `${name}'s versions`,
  );
  const aliases = await lambda.send(new ListAliasesCommand({ FunctionName: name }));
  assert.deepEqual(aliases.Aliases?.map((a) => a.Name) ?? [], [], `${name}'s aliases`);
}

const CPU_BOUND = `exports.handler = async () => { let x = 0; const until = process.cpuUsage().user + 15000; while (process.cpuUsage().user < until) x += Math.sqrt(x + 1); return { x }; };\n`;
const IO_BOUND = `exports.handler = async () => { await new Promise((r) => setTimeout(r, 25)); return { waited: 25 }; };\n`;
// Fails at 512 MB only: the runtime's own figure of the memory size.
const FAILS_AT_512 = `exports.handler = async (event, context) => { if (Number(context.memoryLimitInMB) === 512) throw new RangeError('no room at 512'); return { ok: context.memoryLimitInMB }; };\n`;
const SLOW = `exports.handler = async () => { await new Promise((r) => setTimeout(r, 400)); return {}; };\n`;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-cli-tune-'));
  serve = await startServeProcess(home);
  ({ lambda } = clientsFor(serve.url, serve));
  await create('hello', NODE_HELLO);
  // At 128 MB the CPU share makes a cold start about 14 times slower: on a loaded machine it can
  // pass Lambda's default 3 s, which this test does not measure.
  await create('cpu', CPU_BOUND, { timeout: 30 });
  await create('io', IO_BOUND);
  await create('fragile', FAILS_AT_512);
  await create('slow', SLOW);
  await create('guarded', NODE_HELLO, { tags: { protected: 'true' } });
  await create('released', NODE_HELLO, { memorySize: 128, publish: true });
});

after(async () => {
  lambda?.destroy();
  if (serve) await stopServeProcess(serve);
  rmSync(home, { recursive: true, force: true });
});

test('--json prints the contract: function, strategy, recommendation, restored, results per size', async () => {
  const { status, stdout, stderr } = tune([
    'hello',
    '--memory',
    '128,512,1024',
    '--invocations',
    '4',
    '--concurrency',
    '2',
    '--json',
  ]);
  assert.equal(status, 0, stderr);
  const out = JSON.parse(stdout);
  assert.deepEqual(Object.keys(out).slice(0, 5), [
    'function',
    'strategy',
    'recommendation',
    'restored',
    'results',
  ]);
  assert.equal(out.function, 'hello');
  assert.equal(out.strategy, 'balanced');
  assert.ok([128, 512, 1024].includes(out.recommendation.memoryMB), out.recommendation.reason);
  assert.match(out.recommendation.reason, /^\d+ MB: /);
  assert.deepEqual(
    out.results.map((r: { memoryMB: number }) => r.memoryMB),
    [128, 512, 1024],
  );
  for (const r of out.results) {
    assert.equal(r.invocations, 4);
    assert.equal(r.errors, 0);
    // The first invoke of a new version is cold; two at a time may start a second environment: cold too, and counted so.
    assert.ok(
      r.cold.count >= 1 && r.cold.count <= 2,
      `cold starts at ${r.memoryMB} MB: ${r.cold.count}`,
    );
    assert.equal(r.cold.count + r.warm.count, 4);
    for (const key of ['p50Ms', 'p90Ms', 'p99Ms']) assert.ok(r.warm[key] > 0, `warm ${key}`);
    assert.ok(r.cold.p50Ms > 0 && r.cold.initP50Ms > 0);
    assert.ok(r.billedMsMean >= 1);
    assert.ok(r.maxMemoryUsedMB > 0 && r.maxMemoryUsedMB <= r.memoryMB);
    assert.ok(r.costPer1MUsd > 0.2, 'at least the request price');
    assert.equal(typeof r.monthlyUsd, 'number');
  }
  assert.deepEqual(out.restored.aliasesDeleted, [
    'lambda-lens-tune-128',
    'lambda-lens-tune-512',
    'lambda-lens-tune-1024',
  ]);
  assert.equal(out.restored.versionsDeleted.length, 3);
  assert.equal(out.restored.memoryMB, 256);
  assert.equal(out.restored.configuration, 'restored');
  assert.equal(out.restored.complete, true);
  assert.ok(
    out.notes.some((n: string) => /CPU share/.test(n)),
    'says when local durations follow memory',
  );
  await assertLeftAsItWas('hello', 256);
});

test('a CPU-bound and an I/O-bound handler: figures at every size, as text', async () => {
  const cpu = tune(['cpu', '--memory', '128,1769', '--invocations', '3']);
  assert.equal(cpu.status, 0, cpu.stderr);
  assert.match(
    cpu.stdout,
    /^memory\s+runs\s+errors\s+cold p50\s+warm p50\s+warm p90\s+warm p99\s+billed mean\s+max used\s+per 1M\s+per month$/m,
  );
  assert.match(cpu.stdout, /^128 MB\s+3\/3\s+0\s+[\d.,]+ ms/m);
  assert.match(cpu.stdout, /^1769 MB\s+3\/3\s+0\s+[\d.,]+ ms/m);
  assert.match(cpu.stdout, /^Recommended \(balanced\): (128|1769) MB: /m);
  assert.match(
    cpu.stdout,
    /^Restored cpu: MemorySize 256 MB restored on \$LATEST; deleted aliases lambda-lens-tune-128, lambda-lens-tune-1769 and versions \d+, \d+; nothing of the run is left$/m,
  );
  await assertLeftAsItWas('cpu', 256);

  const io = JSON.parse(
    tune(['io', '--memory', '128,1024', '--invocations', '3', '--json', '--strategy', 'cost'])
      .stdout,
  );
  for (const r of io.results)
    assert.ok(r.warm.p50Ms >= 25, `an I/O-bound handler waits its 25 ms at ${r.memoryMB} MB`);
  // The same wait at both sizes: the smaller one costs less.
  assert.equal(io.recommendation.memoryMB, 128, io.recommendation.reason);
  await assertLeftAsItWas('io', 256);
});

test('a size whose invocations fail is shown as failed, never recommended, and the function is restored', async () => {
  const { status, stdout, stderr } = tune([
    'fragile',
    '--memory',
    '128,512,1024',
    '--invocations',
    '3',
    '--json',
    '--strategy',
    'speed',
  ]);
  assert.equal(status, 0, stderr);
  const out = JSON.parse(stdout);
  const at512 = out.results.find((r: { memoryMB: number }) => r.memoryMB === 512);
  assert.equal(at512.errors, 3);
  assert.equal(at512.complete, false);
  assert.deepEqual(at512.errorTypes, [{ type: 'RangeError', count: 3 }]);
  assert.ok(
    at512.notes.some((n: string) =>
      /3 of 3 invocations failed \(RangeError × 3\): not recommended/.test(n),
    ),
  );
  assert.notEqual(out.recommendation.memoryMB, 512);
  assert.match(out.recommendation.reason, /left out: 512 MB \(3 of 3 failed\)/);
  assert.equal(out.restored.complete, true);
  await assertLeftAsItWas('fragile', 256);
});

test('Ctrl-C mid-run stops, restores the function, says what it restored and exits 130', async () => {
  const child = spawn(
    process.execPath,
    [CLI, 'tune', 'slow', '--memory', '128,512,1024', '--invocations', '20', '--home', home],
    { env: ENV },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  const invoking = new Promise<void>((resolve) =>
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/Publishing 512 MB/.test(stderr)) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await invoking;
  // Mid-way through the second size: one size measured, one version published and aliased.
  await new Promise((r) => setTimeout(r, 1200));
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /Stopping: restoring the function/);
  assert.match(stdout, /^Stopped: cancelled$/m);
  assert.match(stdout, /^128 MB\s+20\/20\s/m);
  assert.match(stdout, /^512 MB\s+\d+\/20\s/m, 'the size under way shows fewer than asked');
  assert.match(
    stdout,
    /^Restored slow: MemorySize 256 MB restored on \$LATEST; deleted aliases lambda-lens-tune-128, lambda-lens-tune-512 and versions \d+, \d+; nothing of the run is left$/m,
  );
  await assertLeftAsItWas('slow', 256);
});

test('a protected function is refused without --yes, and nothing is changed', async () => {
  const refused = tune(['guarded', '--memory', '512', '--invocations', '1']);
  assert.equal(refused.status, 1);
  assert.match(
    refused.stderr,
    /guarded on Local is protected \(it is tagged protected=true\).*Run again with --yes/,
  );
  await assertLeftAsItWas('guarded', 256);
  // The editor's setting, read from the folder's .vscode/settings.json (with comments, as VS Code writes it).
  const folder = join(home, 'workspace');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(
    join(folder, '.vscode', 'settings.json'),
    '{\n  // guard production\n  "lambdaLens.protectedFunctions": ["hel*"],\n}\n',
  );
  const bySetting = tune(['hello', '--memory', '512', '--invocations', '1'], folder);
  assert.equal(bySetting.status, 1);
  assert.match(bySetting.stderr, /it matches "hel\*" in the lambdaLens.protectedFunctions setting/);
  const yes = tune(['guarded', '--memory', '512', '--invocations', '1', '--yes', '--json']);
  assert.equal(yes.status, 0, yes.stderr);
  await assertLeftAsItWas('guarded', 256);
});

test('a version the user published is not deleted when a size publishes to it', async () => {
  // `released` is at 128 MB with version 1 published: publishing 128 MB again returns version 1.
  const { status, stdout, stderr } = tune([
    'released',
    '--memory',
    '128,256',
    '--invocations',
    '2',
    '--json',
  ]);
  assert.equal(status, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.restored.versionsDeleted.length, 1, 'only the version the run made');
  assert.ok(!out.restored.versionsDeleted.includes('1'));
  assert.deepEqual(out.restored.aliasesDeleted, ['lambda-lens-tune-128', 'lambda-lens-tune-256']);
  await assertLeftAsItWas('released', 128, ['$LATEST', '1']);
});

test('usage errors name the option and exit 2', () => {
  for (const [args, message] of [
    [['hello', '--memory', '64,256'], /--memory "64" is not a size Lambda accepts/],
    [['hello', '--invocations', '0'], /--invocations must be a whole number from 1 to 1000/],
    [['hello', '--strategy', 'cheap'], /--strategy must be one of cost, speed, balanced/],
    [['hello', '--payload', '{'], /--payload is not valid JSON/],
    [[], /tune takes one function name/],
  ] as const) {
    const { status, stderr } = tune([...args]);
    assert.equal(status, 2, stderr);
    assert.match(stderr, message);
  }
});

test('a missing function is said as such', () => {
  const { status, stderr } = tune(['nobody', '--memory', '128', '--invocations', '1']);
  assert.equal(status, 1);
  assert.match(stderr, /^lambda-lens tune: no function "nobody" on Local \(us-east-1\)$/m);
});

test('--event FILE is the payload of every invocation', async () => {
  const file = join(home, 'tune-event.json');
  writeFileSync(file, '{"from":"file"}');
  await create(
    'echo',
    'exports.handler = async (event) => { if (event.from !== "file") throw new Error("wrong event"); return event; };\n',
  );
  const out = JSON.parse(
    tune(['echo', '--memory', '128', '--invocations', '2', '--event', file, '--json']).stdout,
  );
  assert.equal(out.results[0].errors, 0, JSON.stringify(out.results[0]));
  assert.equal(out.results[0].invocations, 2);
  await assertLeftAsItWas('echo', 256);
});
