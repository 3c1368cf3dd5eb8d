// The built CLI against hostile or mistaken input: usage errors are one line and exit 2, nothing
// prints a stack trace, a function's escape sequences cannot drive the terminal, environment values
// stay masked, and a template the deploy cannot read stops the deploy instead of being skipped.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateFunctionCommand,
  ListFunctionsCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  clientsFor,
  NODE_HELLO,
  ROLE,
  startServeProcess,
  zipOf,
  type ServeProcess,
} from './endpoint';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const STACK_LINE = /^\s+at /m;
let home: string;
let scratch: string;
let serve: ServeProcess;
let lambda: LambdaClient;

function cli(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-cli-hostile-'));
  scratch = mkdtempSync(join(tmpdir(), 'll-cli-hostile-work-'));
  serve = await startServeProcess(home);
  ({ lambda } = clientsFor(serve.url, serve));
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'secretive',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
      Environment: { Variables: { DB_PASSWORD: 'hunter2', STAGE: 'dev' } },
    }),
  );
  const hostile = [
    'exports.handler = async (event) => {',
    "  process.stdout.write('\\x1b]0;pwned\\x07\\x1b[2J\\n');",
    "  console.log('\\x1b[31mred\\u009b2J');",
    "  if (event.fail) throw new Error('\\x1b]0;pwned\\x07boom');",
    "  return '\\x1b]0;pwned\\x07\\u009b2J';",
    '};',
  ].join('\n');
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'hostile',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': hostile }) },
    }),
  );
});

after(async () => {
  lambda?.destroy();
  serve?.child.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function assertUsageError(
  out: { status: number | null; stdout: string; stderr: string },
  pattern: RegExp,
  what: string,
): void {
  assert.equal(out.status, 2, `${what}: ${out.stderr}`);
  assert.equal(out.stdout, '', what);
  assert.doesNotMatch(out.stderr, STACK_LINE, what);
  assert.equal(
    out.stderr.trimEnd().split('\n').length,
    1,
    `${what}: one line, not ${JSON.stringify(out.stderr)}`,
  );
  assert.match(out.stderr.trimEnd(), pattern, what);
}

test('bad options: one line naming the problem and --help, exit code 2, no stack trace', () => {
  const cases: [string[], RegExp][] = [
    [
      ['estimate', '--duration-ms', '100', '--memory', '-5'],
      /^lambda-lens estimate: --memory must be a number from 128 to 10240, not "-5" \(see lambda-lens estimate --help\)$/,
    ],
    [
      ['estimate', '--duration-ms', '100', '--requests', '-1'],
      /^lambda-lens estimate: --requests must be a number from 0, not "-1"/,
    ],
    [
      ['estimate', '--bogus'],
      /^lambda-lens estimate: unknown option --bogus \(see lambda-lens estimate --help\)$/,
    ],
    [['functions', '--bogus'], /unknown option --bogus/],
    [['invoke', 'hello', '--payload'], /--payload needs a value/],
    [['deploy', '--memory', 'lots'], /--memory must be a whole number/],
    [
      ['deploy', '--region', 'mars-1'],
      /^lambda-lens deploy: --region "mars-1" is not a region name/,
    ],
    [['deploy', '--endpoint', 'ftp://x'], /--endpoint must be an http:\/\/ or https:\/\/ URL/],
    [['functions', '--region', 'mars-1'], /--region "mars-1" is not a region name/],
    [['serve', '--port'], /--port needs a value/],
    [['report', '--json=yes'], /--json takes no value/],
    [['events', 'list', '--bogus'], /unknown option --bogus/],
    [['functions', 'stray'], /unexpected argument "stray"/],
  ];
  for (const [args, pattern] of cases) assertUsageError(cli(args), pattern, args.join(' '));
});

test('an unexpected failure is one line and exit code 1; LAMBDA_LENS_DEBUG=1 adds the stack', () => {
  const notAFolder = join(scratch, 'a-file');
  writeFileSync(notAFolder, 'x');
  const out = cli(['functions', '--home', notAFolder]);
  assert.equal(out.status, 1, out.stderr);
  assert.doesNotMatch(out.stderr, STACK_LINE);
  assert.equal(out.stderr.trimEnd().split('\n').length, 1, out.stderr);
  assert.match(out.stderr, /^lambda-lens functions: .*a-file.* is not a folder/);
  assert.match(
    cli(['functions', '--home', notAFolder], { LAMBDA_LENS_DEBUG: '1' }).stderr,
    STACK_LINE,
  );
});

test("invoke makes a function's escape sequences inert in the response, the log tail and the error", () => {
  const ok = cli(['invoke', 'hostile', '--home', home]);
  assert.equal(ok.status, 0, ok.stderr);
  const failed = cli(['invoke', 'hostile', '--payload', '{"fail":true}', '--home', home]);
  assert.equal(failed.status, 1, failed.stderr);
  for (const out of [ok, failed]) {
    const printed = out.stdout + out.stderr;
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    assert.doesNotMatch(printed, /[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/, JSON.stringify(printed));
    assert.match(out.stderr, /\\u001b\]0;pwned\\u0007\\u001b\[2J/);
  }
  assert.match(ok.stderr, /\\u001b\[31mred\\u009b2J/);
  assert.equal(
    JSON.parse(ok.stdout),
    '\x1b]0;pwned\x07\u009b2J',
    'the JSON response still means the same',
  );
  assert.match(failed.stderr, /^Error: \\u001b\]0;pwned\\u0007boom$/m);
});

test('functions --json masks environment values unless --show-values', () => {
  const masked = cli(['functions', '--json', '--home', home]);
  assert.equal(masked.status, 0, masked.stderr);
  assert.doesNotMatch(masked.stdout, /hunter2/);
  const fn = (
    JSON.parse(masked.stdout) as {
      FunctionName: string;
      Environment?: { Variables: Record<string, string> };
    }[]
  ).find((f) => f.FunctionName === 'secretive')!;
  assert.deepEqual(Object.keys(fn.Environment!.Variables).sort(), ['DB_PASSWORD', 'STAGE']);
  assert.equal(fn.Environment!.Variables.DB_PASSWORD, '••••••••');
  assert.doesNotMatch(cli(['functions', '--home', home]).stdout, /hunter2/);
  const shown = cli(['functions', '--json', '--show-values', '--home', home]);
  assert.equal(
    (
      JSON.parse(shown.stdout) as {
        FunctionName: string;
        Environment?: { Variables: Record<string, string> };
      }[]
    ).find((f) => f.FunctionName === 'secretive')!.Environment!.Variables.DB_PASSWORD,
    'hunter2',
  );
});

/** A folder with a handler and the given template.yaml, deployed through the CLI to the serve process. */
function deployWithTemplate(name: string, template: string) {
  const folder = join(scratch, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'index.js'), NODE_HELLO);
  writeFileSync(join(folder, 'template.yaml'), template);
  return cli(['deploy', folder, '--home', home]);
}

async function functionNames(): Promise<string[]> {
  return ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map(
    (f) => f.FunctionName!,
  );
}

test('deploy refuses a billion-laughs template with one line, and deploys nothing', async () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++)
    lines.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  lines.push(
    'Resources:',
    '  Laughs:',
    '    Type: AWS::Serverless::Function',
    '    Properties: {CodeUri: ., Handler: index.handler, Runtime: nodejs20.x, Environment: {Variables: {X: *i}}}',
  );
  const out = deployWithTemplate('laughs', lines.join('\n'));
  assertUsageError(out, /^lambda-lens deploy: template\.yaml: too many aliases/, 'alias bomb');
  assert.ok(!(await functionNames()).some((n) => n === 'laughs' || n === 'Laughs'));
});

test('deploy refuses a template over the size limit instead of guessing the settings', async () => {
  const template = `Resources:\n  Big:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: ., Handler: index.handler, Runtime: nodejs20.x, MemorySize: 1024}\n#${'x'.repeat(6 * 1024 * 1024)}\n`;
  const out = deployWithTemplate('big', template);
  assertUsageError(
    out,
    /^lambda-lens deploy: template\.yaml is 6\.0 MB, over the 5\.0 MB/,
    'oversized template',
  );
  assert.ok(!(await functionNames()).some((n) => n === 'big' || n === 'Big'));
});
