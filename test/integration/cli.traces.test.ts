// Stack traces of local runs point at the workspace: `lambda-lens invoke` of a function deployed
// from a workspace (its .lambda-lens/functions.json) prints frames naming the workspace's files
// and lines — JavaScript and ES modules by the folder mapping, TypeScript through the esbuild
// bundle's source map, Python by the folder mapping — not the endpoint's unzipped copy. Run
// elsewhere, where nothing says which folder the code came from, the trace stays as it ran.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServeProcess, stopServeProcess, type ServeProcess } from './endpoint';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
let home: string;
let workspace: string;
let serve: ServeProcess;

function cli(
  cwd: string,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args, '--home', home], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const FUNCTIONS = [
  { name: 'trace-js', folder: 'js', handler: 'index.handler', runtime: 'nodejs20.x' },
  { name: 'trace-esm', folder: 'esm', handler: 'app.handler', runtime: 'nodejs20.x' },
  { name: 'trace-ts', folder: 'ts', handler: 'src/index.handler', runtime: 'nodejs20.x' },
  { name: 'trace-py', folder: 'py', handler: 'app.handler', runtime: 'python3.12' },
];

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-traces-home-'));
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'll-traces-ws-')));
  write(
    join(workspace, '.lambda-lens', 'functions.json'),
    JSON.stringify({
      version: 1,
      functions: FUNCTIONS.map((f) => ({ ...f, connection: 'local' })),
    }),
  );
  write(
    join(workspace, 'js', 'index.js'),
    "'use strict';\nexports.handler = async (event) => {\n  if (event.fail) throw new TypeError('bad order');\n  return 'ok';\n};\n",
  );
  write(
    join(workspace, 'esm', 'app.mjs'),
    "// an ES module handler\n\nexport const handler = async () => {\n  throw new Error('esm failure');\n};\n",
  );
  write(
    join(workspace, 'ts', 'src', 'index.ts'),
    "import { check } from './lib/check';\n\ninterface Order { id?: string }\nexport const handler = async (event: Order): Promise<string> => {\n  check(event.id);\n  return 'ok';\n};\n",
  );
  write(
    join(workspace, 'ts', 'src', 'lib', 'check.ts'),
    "export function check(id: string | undefined): void {\n  if (!id) {\n    throw new RangeError('no order id');\n  }\n}\n",
  );
  write(
    join(workspace, 'py', 'app.py'),
    "def handler(event, context):\n    # fails on purpose\n    raise ValueError('python failure')\n",
  );
  serve = await startServeProcess(home);
  for (const f of FUNCTIONS) {
    const deployed = cli(workspace, 'deploy', join(workspace, f.folder));
    assert.equal(deployed.status, 0, deployed.stderr);
  }
});

after(async () => {
  if (serve) await stopServeProcess(serve);
  rmSync(home, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
});

test('JavaScript: the trace, the error document and the log name the workspace file and line', () => {
  const { status, stdout, stderr } = cli(
    workspace,
    'invoke',
    'trace-js',
    '--payload',
    '{"fail":true}',
  );
  assert.equal(status, 1, stderr);
  const where = `${join(workspace, 'js', 'index.js')}:3:25`;
  assert.match(
    stderr,
    new RegExp(
      `^TypeError: bad order\\n\\s+at (?:Runtime\\.|exports\\.)?handler \\(${escape(where)}\\)`,
      'm',
    ),
  );
  assert.ok(
    JSON.parse(stdout).trace.some((line: string) => line.includes(where)),
    stdout,
  );
  assert.ok(
    !stderr.includes('runtime-cache') && !stdout.includes('runtime-cache'),
    `${stderr}\n${stdout}`,
  );
});

test('an ES module: file:// frames become the workspace path', () => {
  const { status, stderr } = cli(workspace, 'invoke', 'trace-esm');
  assert.equal(status, 1, stderr);
  assert.match(
    stderr,
    new RegExp(`at (?:Runtime\\.)?handler \\(${escape(join(workspace, 'esm', 'app.mjs'))}:4:9\\)`),
  );
  assert.ok(!stderr.includes('runtime-cache'), stderr);
});

test('TypeScript: frames of the bundle map through its source map to the .ts lines', () => {
  const { status, stdout, stderr } = cli(workspace, 'invoke', 'trace-ts');
  assert.equal(status, 1, stderr);
  assert.match(
    stderr,
    new RegExp(`at check \\(${escape(join(workspace, 'ts', 'src', 'lib', 'check.ts'))}:3:11\\)`),
  );
  assert.match(
    stderr,
    new RegExp(
      `at (?:Object\\.|Runtime\\.)?handler \\(${escape(join(workspace, 'ts', 'src', 'index.ts'))}:5:3\\)`,
    ),
  );
  assert.ok(
    JSON.parse(stdout).trace.some((line: string) =>
      line.includes(`${join(workspace, 'ts', 'src', 'lib', 'check.ts')}:3:11`),
    ),
    stdout,
  );
});

test(
  'Python: File "…", line N names the workspace file',
  { skip: spawnSync('python3', ['--version']).status !== 0 && 'no python3 here' },
  () => {
    const { status, stdout, stderr } = cli(workspace, 'invoke', 'trace-py');
    assert.equal(status, 1, stderr);
    assert.match(
      stderr,
      new RegExp(`File "${escape(join(workspace, 'py', 'app.py'))}", line 3, in handler`),
    );
    assert.ok(
      JSON.parse(stdout).stackTrace.some((line: string) =>
        line.includes(`File "${join(workspace, 'py', 'app.py')}", line 3`),
      ),
      stdout,
    );
  },
);

test('from a folder that does not say where the code came from, the trace stays as it ran', () => {
  const { status, stderr } = cli(home, 'invoke', 'trace-js', '--payload', '{"fail":true}');
  assert.equal(status, 1);
  assert.match(
    stderr,
    /at (?:Runtime\.|exports\.)?handler \(\S*runtime-cache\/[0-9a-f]{64}\/index\.js:3:25\)/,
  );
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
