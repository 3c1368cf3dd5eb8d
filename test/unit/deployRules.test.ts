import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  parseWorkspaceFunctions,
  recordWorkspaceFunction,
} from '../../src/core/deploy/workspaceFunctions';
import { createPackageFilter } from '../../src/core/deploy/packagingRules';
import { checkUnzippedSize, checkZippedSize } from '../../src/core/deploy/packageLimits';
import {
  compareZipPaths,
  isStoredUncompressed,
  zipEntryMode,
} from '../../src/core/deploy/zipRules';
import { detectRuntime, handlerCandidates } from '../../src/core/deploy/detection';
import { configurationChanges } from '../../src/core/deploy/configurationChanges';
import { describeLive } from '../../src/core/deploy/deployOutcome';
import { deploySettingsOf } from '../../src/core/deploy/functionDefinition';

test('workspace file: valid entries become definitions', () => {
  const { functions, problems } = parseWorkspaceFunctions(
    JSON.stringify({
      version: 1,
      functions: [
        {
          name: 'orders',
          folder: 'orders',
          handler: 'index.handler',
          runtime: 'nodejs22.x',
          memory: 256,
          timeout: 10,
          architecture: 'arm64',
          environment: { TABLE: 't' },
          connection: 'profile:dev',
          region: 'eu-west-1',
          role: 'arn:aws:iam::123456789012:role/x',
        },
      ],
    }),
  );
  assert.deepEqual(problems, []);
  assert.equal(functions[0]!.memorySize, 256);
  assert.equal(functions[0]!.source, 'workspace');
});

test('workspace file: every problem names its place', () => {
  const { functions, problems } = parseWorkspaceFunctions(
    JSON.stringify({
      functions: [
        {
          name: 'bad name',
          folder: '../outside',
          memory: 100,
          timeout: 901,
          runtime: 'nodejs12.x',
          architecture: 'mips',
          role: 'nope',
          environment: { AWS_REGION: 'x', n: 1 },
          extra: true,
        },
      ],
    }),
  );
  assert.equal(functions.length, 0);
  const where = problems.map((p) => p.where.replace(/^.*functions\[0\]\./, ''));
  for (const field of [
    'name',
    'folder',
    'memory',
    'timeout',
    'runtime',
    'architecture',
    'role',
    'environment.AWS_REGION',
    'environment.n',
    'extra',
  ])
    assert.ok(where.includes(field), `${field} in ${where.join(', ')}`);
  assert.match(problems.find((p) => p.where.endsWith('.memory'))!.message, /128 to 10240/);
});

test('workspace file: broken JSON and wrong shape are explained', () => {
  assert.match(parseWorkspaceFunctions('{').problems[0]!.message, /not valid JSON/);
  assert.match(parseWorkspaceFunctions('[]').problems[0]!.message, /"functions"/);
  assert.match(
    parseWorkspaceFunctions('{"version":2,"functions":[]}').problems[0]!.message,
    /update the extension/,
  );
});

test('workspace file: recording replaces the same function and keeps others', () => {
  const first = recordWorkspaceFunction(undefined, { name: 'a', folder: 'a', memory: 128 });
  const second = recordWorkspaceFunction(first, { name: 'b', folder: 'b' });
  const third = recordWorkspaceFunction(second, { name: 'a', folder: 'a', memory: 512 });
  const { functions } = parseWorkspaceFunctions(third);
  assert.deepEqual(
    functions.map((f) => [f.name, f.memorySize]),
    [
      ['a', 512],
      ['b', undefined],
    ],
  );
});

test('ignore rules: defaults, dependencies, and .lambdaignore with negation', () => {
  const filter = createPackageFilter({ lambdaignore: '*.md\n!README.md\nbig/\n!.env.example\n' });
  const inProject = (p: string, dir = false) => filter.includesProjectPath(p, dir);
  for (const out of ['.git', '.vscode', '.lambda-lens', 'test', 'tests', '__tests__'])
    assert.equal(inProject(out, true), false, out);
  for (const out of [
    '.env',
    'index.js.map',
    'src/a.test.js',
    'handler.spec.ts',
    'docs/notes.md',
    '.lambdaignore',
    'test_app.py',
    '__pycache__',
  ])
    assert.equal(inProject(out, out === '__pycache__'), false, out);
  assert.equal(inProject('big', true), false);
  for (const kept of ['index.js', 'README.md', 'src/test-data.json', 'lib/test', '.env.example'])
    assert.equal(inProject(kept, kept === 'lib/test'), true, kept);
  assert.equal(
    filter.includesDependencyPath('test/index.js', false),
    true,
    "a dependency's test/ may be code",
  );
  assert.equal(filter.includesDependencyPath('dist/x.js.map', false), false);
  assert.equal(filter.includesDependencyPath('.cache', true), false);
  const ts = createPackageFilter({ bundled: true });
  assert.equal(ts.includesProjectPath('src/index.ts', false), false);
  assert.equal(ts.includesProjectPath('tsconfig.json', false), false);
  assert.equal(ts.includesProjectPath('node_modules', true), false);
  assert.equal(ts.includesProjectPath('assets/data.json', false), true);
});

test('limits: unzipped over 250 MB names the largest files; zipped over 50 MB too', () => {
  const files = [
    { path: 'small.js', size: 10 },
    { path: 'models/big.bin', size: 200 * 1024 * 1024 },
    { path: 'models/other.bin', size: 60 * 1024 * 1024 },
  ];
  const message = checkUnzippedSize(files)!;
  assert.match(message, /260\.0 MB unzipped; Lambda allows at most 250\.0 MB/);
  assert.match(
    message,
    /Largest files: models\/big\.bin \(200\.0 MB\), models\/other\.bin \(60\.0 MB\), small\.js/,
  );
  assert.match(message, /\.lambdaignore/);
  assert.equal(checkUnzippedSize(files.slice(0, 2)), undefined);
  assert.match(
    checkZippedSize(51 * 1024 * 1024, files)!,
    /51\.0 MB; Lambda takes at most 50\.0 MB uploaded directly/,
  );
  assert.equal(checkZippedSize(50 * 1024 * 1024, files), undefined);
});

test('zip rules: byte order, executable modes, stored formats', () => {
  const paths = ['b.js', 'a/z.js', 'A.js', 'a.js', 'é.js', 'a/b.js'];
  assert.deepEqual([...paths].sort(compareZipPaths), [
    'A.js',
    'a.js',
    'a/b.js',
    'a/z.js',
    'b.js',
    'é.js',
  ]);
  assert.equal(
    zipEntryMode('bootstrap', 0o100644),
    0o755,
    'bootstrap is executable whatever the disk says',
  );
  assert.equal(zipEntryMode('bin/run.sh', 0o100744), 0o755);
  assert.equal(zipEntryMode('index.js', 0o100664), 0o644);
  assert.equal(zipEntryMode('index.js', 0o100600), 0o644, 'modes are normalised, not copied');
  assert.equal(isStoredUncompressed('img/logo.PNG'), true);
  assert.equal(isStoredUncompressed('data.json'), false);
  assert.equal(isStoredUncompressed('.gz/file'), false);
});

test('detection: runtime from the folder, handlers from files', () => {
  assert.equal(
    detectRuntime(['package.json', 'index.js'], { engines: { node: '>=20' } })?.runtime,
    'nodejs20.x',
  );
  assert.equal(detectRuntime(['tsconfig.json', 'src'])?.runtime, 'nodejs22.x');
  assert.equal(detectRuntime(['requirements.txt', 'app.py'])?.runtime, 'python3.13');
  assert.equal(detectRuntime(['bootstrap', 'main.go'])?.runtime, 'provided.al2023');
  assert.equal(detectRuntime(['README.md']), undefined);
  assert.deepEqual(
    handlerCandidates([
      {
        path: 'index.mjs',
        text: 'export const handler = async (event) => event;\nexport function helper() {}',
      },
      {
        path: 'app.py',
        text: 'def lambda_handler(event, context):\n    return 1\ndef helper(x, y):\n    pass\n',
      },
      { path: 'index.test.js', text: 'exports.handler = 1' },
    ])
      .slice(0, 2)
      .sort(),
    ['app.lambda_handler', 'index.handler'],
  );
});

test('configuration changes: only what the user set and what differs', () => {
  const live = {
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    memorySize: 128,
    timeout: 3,
    environment: { A: '1' },
  };
  assert.deepEqual(
    configurationChanges({ handler: 'index.handler', memorySize: 128 }, live).changed,
    [],
  );
  const { changed, update } = configurationChanges(
    { memorySize: 256, environment: { A: '1', B: '2' } },
    live,
  );
  assert.deepEqual(changed, ['memorySize', 'environment']);
  assert.deepEqual(update, { memorySize: 256, environment: { A: '1', B: '2' } });
});

test('what is live is said exactly', () => {
  assert.equal(
    describeLive(
      {
        exists: true,
        codeSha256: 'abcdefghijklmnop',
        codeIsNew: true,
        configured: [],
        notConfigured: ['memorySize'],
      },
      { stage: 'configuring', reason: 'boom' },
    ),
    'code updated to sha abcdefghijkl; configuration NOT updated (memorySize): boom.',
  );
  assert.match(
    describeLive(
      { exists: false, codeIsNew: false, configured: [], notConfigured: [] },
      { stage: 'creating', reason: 'x' },
    ),
    /Nothing is live/,
  );
});

test('a definition gives deploy the settings it sets, and nothing for the ones it leaves out', () => {
  const definition = {
    source: 'workspace' as const,
    name: 'f',
    folder: 'f',
    handler: 'index.handler',
    memorySize: 256,
    role: '',
    description: '',
    connection: 'local',
    region: 'us-east-1',
  };
  assert.deepEqual(deploySettingsOf(definition), {
    handler: 'index.handler',
    memorySize: 256,
    description: '',
  });
});
