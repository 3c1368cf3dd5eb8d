// Deploy against the real local endpoint over HTTP: the code that runs afterwards is the code
// deployed, an unchanged redeploy sends nothing, the zip keeps executable bits, TypeScript and
// Python handlers run, limits and unsafe folders are refused with a message, and a failure
// between the code and the configuration update says what is live.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  InvokeCommand,
  GetFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import * as yauzl from 'yauzl';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import {
  deployFunction,
  DeployError,
  type DeployRequest,
} from '../../src/cloud/deploy/deployFunction';
import { preparePackage } from '../../src/cloud/deploy/packageFolder';
import { closeCompressionPool } from '../../src/cloud/deploy/compressionPool';
import { PackagingError } from '../../src/cloud/deploy/packagingError';
import { bundleTypeScript } from '../../src/cloud/deploy/bundleTypeScript';

let t: TestEndpoint;
let scratch: string;
/** UpdateFunctionCode/UpdateFunctionConfiguration requests the client sent, by command name. */
const sent: string[] = [];
/** Commands to fail once, by name (a fault between deploy steps). */
const failNext = new Set<string>();

before(async () => {
  t = await startTestEndpoint();
  scratch = mkdtempSync(join(tmpdir(), 'll-deploy-'));
  t.lambda.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      sent.push(name);
      if (failNext.delete(name))
        throw Object.assign(new Error('Injected fault: the connection dropped'), {
          name: 'ServiceUnavailableException',
        });
      return next(args);
    },
    { step: 'initialize', name: 'deployTestSpy' },
  );
});
after(async () => {
  await t.close();
  await closeCompressionPool();
  rmSync(scratch, { recursive: true, force: true });
});

function project(
  name: string,
  files: Record<string, string | { content: string; mode: number }>,
): string {
  const root = join(scratch, name);
  for (const [path, file] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof file === 'string' ? file : file.content);
    if (typeof file !== 'string') chmodSync(full, file.mode);
  }
  return root;
}

/** Moves every file's mtime into the past, so the unchanged-package cache may trust it. */
function age(root: string, paths: string[]): void {
  const past = new Date(Date.now() - 60_000);
  for (const p of paths) utimesSync(join(root, p), past, past);
}

function request(
  folder: string,
  functionName: string,
  extra: Partial<DeployRequest> = {},
): DeployRequest {
  return {
    folder,
    functionName,
    connection: {
      id: 'local',
      kind: 'local',
      region: 'us-east-1',
      endpoint: t.endpoint.url,
      credentials: t.endpoint.credentials,
    },
    client: t.lambda,
    cacheDir: join(scratch, 'cache'),
    ...extra,
  };
}

async function invoke(lambda: LambdaClient, name: string, payload: unknown = {}): Promise<unknown> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(payload) }),
  );
  const text = new TextDecoder().decode(out.Payload);
  assert.equal(out.FunctionError, undefined, text);
  return JSON.parse(text);
}

const count = (name: string) => sent.filter((s) => s === name).length;

test('deploy, invoke the new code; unchanged redeploy sends no code; a one-byte change deploys', async () => {
  const root = project('node-fn', {
    'index.js':
      "const dep = require('dep-a');\nexports.handler = async () => ({ version: 'A', dep: dep.name });\n",
    'package.json': JSON.stringify({
      dependencies: { 'dep-a': '1.0.0' },
      devDependencies: { 'dev-b': '1.0.0' },
    }),
    'node_modules/dep-a/package.json': JSON.stringify({
      name: 'dep-a',
      dependencies: { 'dep-c': '1' },
    }),
    'node_modules/dep-a/index.js': "module.exports = { name: 'dep-a:' + require('dep-c') };\n",
    'node_modules/dep-c/package.json': JSON.stringify({ name: 'dep-c' }),
    'node_modules/dep-c/index.js': "module.exports = 'c';\n",
    'node_modules/dev-b/package.json': JSON.stringify({ name: 'dev-b' }),
    'node_modules/dev-b/index.js': '// dev only\n',
    'test/index.test.js': '// not deployed\n',
    '.vscode/settings.json': '{}',
  });
  const stages: string[] = [];
  const created = await deployFunction(
    request(root, 'deploy-node', {
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      onProgress: (p) => stages.push(p.stage),
    }),
  );
  assert.equal(created.action, 'created');
  assert.ok(created.codeBytesSent > 0);
  assert.deepEqual(
    [...new Set(stages)],
    ['reading', 'checking', 'zipping', 'creating', 'waiting', 'done'],
  );
  assert.deepEqual(await invoke(t.lambda, 'deploy-node'), { version: 'A', dep: 'dep-a:c' });
  const prepared = await preparePackage({
    folder: root,
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    cacheDir: false,
  });
  assert.deepEqual(
    prepared.files.map((f) => f.path),
    [
      'index.js',
      'node_modules/dep-a/index.js',
      'node_modules/dep-a/package.json',
      'node_modules/dep-c/index.js',
      'node_modules/dep-c/package.json',
      'package.json',
    ],
  );

  const before = count('UpdateFunctionCodeCommand');
  const again = await deployFunction(
    request(root, 'deploy-node', { handler: 'index.handler', runtime: 'nodejs20.x' }),
  );
  assert.equal(again.action, 'up-to-date');
  assert.equal(again.codeBytesSent, 0);
  assert.equal(count('UpdateFunctionCodeCommand'), before, 'no UpdateFunctionCode request');
  assert.equal(again.codeSha256, created.codeSha256);

  writeFileSync(
    join(root, 'index.js'),
    "const dep = require('dep-a');\nexports.handler = async () => ({ version: 'B', dep: dep.name });\n",
  );
  const changed = await deployFunction(
    request(root, 'deploy-node', { handler: 'index.handler', runtime: 'nodejs20.x' }),
  );
  assert.equal(changed.action, 'updated');
  assert.notEqual(changed.codeSha256, created.codeSha256);
  assert.equal(count('UpdateFunctionCodeCommand'), before + 1);
  assert.deepEqual(await invoke(t.lambda, 'deploy-node'), { version: 'B', dep: 'dep-a:c' });
  assert.match(changed.live, /^code updated to sha /);
});

test('unchanged files with old mtimes: the redeploy reads and zips nothing', async () => {
  const root = project('cached-fn', { 'index.js': "exports.handler = async () => 'cached';\n" });
  age(root, ['index.js']);
  const first = await deployFunction(
    request(root, 'deploy-cached', { handler: 'index.handler', runtime: 'nodejs20.x' }),
  );
  const second = await deployFunction(
    request(root, 'deploy-cached', { handler: 'index.handler', runtime: 'nodejs20.x' }),
  );
  assert.equal(second.action, 'up-to-date');
  assert.equal(second.timings.zipping, undefined, 'the CodeSha256 came from the cache');
  assert.equal(second.codeSha256, first.codeSha256);
  // Same size, one byte different: the new mtime marks the change.
  writeFileSync(join(root, 'index.js'), "exports.handler = async () => 'CACHED';\n");
  const third = await deployFunction(
    request(root, 'deploy-cached', { handler: 'index.handler', runtime: 'nodejs20.x' }),
  );
  assert.equal(third.action, 'updated');
  assert.equal(await invoke(t.lambda, 'deploy-cached'), 'CACHED');
});

test('the zip is deterministic and keeps the executable bit; a shell bootstrap runs', async () => {
  const root = project('custom-fn', {
    bootstrap: {
      mode: 0o755,
      content: `#!/bin/sh
set -eu
exec python3 -u -c '
import http.client, os
api = os.environ["AWS_LAMBDA_RUNTIME_API"]
while True:
    c = http.client.HTTPConnection(api)
    c.request("GET", "/2018-06-01/runtime/invocation/next")
    r = c.getresponse(); r.read()
    rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
    c = http.client.HTTPConnection(api)
    c.request("POST", "/2018-06-01/runtime/invocation/%s/response" % rid, "\\"from bootstrap\\"")
    c.getresponse().read()
'
`,
    },
    'scripts/run.sh': { mode: 0o744, content: '#!/bin/sh\necho hi\n' },
    'data.txt': 'x\n',
  });
  const a = await (await preparePackage({ folder: root, cacheDir: false })).build();
  utimesSync(join(root, 'data.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  const b = await (await preparePackage({ folder: root, cacheDir: false })).build();
  assert.equal(a.sha256, b.sha256, 'same files, different mtimes: same bytes');
  const modes = await zipModes(a.zip);
  assert.deepEqual(modes, { bootstrap: 0o755, 'data.txt': 0o644, 'scripts/run.sh': 0o755 });
  if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
    const zipFile = join(scratch, 'custom.zip');
    writeFileSync(zipFile, a.zip);
    const listing = spawnSync('unzip', ['-t', zipFile], { encoding: 'utf8' });
    assert.equal(listing.status, 0, `unzip -t accepts it: ${listing.stdout}${listing.stderr}`);
  }
  await deployFunction(
    request(root, 'deploy-custom', { handler: 'function.handler', runtime: 'provided.al2023' }),
  );
  assert.equal(await invoke(t.lambda, 'deploy-custom'), 'from bootstrap');
});

function zipModes(zip: Buffer): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      const modes: Record<string, number> = {};
      file.on('entry', (entry: yauzl.Entry) => {
        modes[entry.fileName] = (entry.externalFileAttributes >>> 16) & 0o777;
        file.readEntry();
      });
      file.on('end', () => resolve(modes));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

test('a TypeScript handler is bundled and runs', async () => {
  const root = project('ts-fn', {
    'src/index.ts':
      "import { greet } from './greet';\ninterface Event { name?: string }\nexport const handler = async (event: Event): Promise<string> => greet(event.name ?? 'world');\n",
    'src/greet.ts':
      'export function greet(name: string): string { return `hello ${name} from ts`; }\n',
    'tsconfig.json': '{ "compilerOptions": { "strict": true } }',
  });
  const result = await deployFunction(
    request(root, 'deploy-ts', { handler: 'src/index.handler', runtime: 'nodejs20.x' }),
  );
  assert.equal(result.action, 'created');
  assert.equal(await invoke(t.lambda, 'deploy-ts', { name: 'lens' }), 'hello lens from ts');
  const prepared = await preparePackage({
    folder: root,
    handler: 'src/index.handler',
    runtime: 'nodejs20.x',
    cacheDir: false,
  });
  assert.equal(prepared.typeScriptEntry, 'src/index.ts');
  assert.deepEqual(
    prepared.files.map((f) => f.path),
    [],
    'sources and tsconfig stay out; the bundle replaces them',
  );
});

test('a TypeScript bundle carries its source map inline, naming the .ts files beside it (for debuggers and traces)', async () => {
  const root = project('ts-mapped', {
    'src/index.ts':
      "import { greet } from './greet';\nexport const handler = async (): Promise<string> => greet('map');\n",
    'src/greet.ts': 'export function greet(name: string): string { return `hello ${name}`; }\n',
  });
  const bundle = await bundleTypeScript(root, 'src/index.ts', 'nodejs20.x');
  const text = new TextDecoder().decode(bundle.content);
  const inline =
    /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\n?$/.exec(text);
  assert.ok(inline, 'an inline source map ends the bundle');
  const map = JSON.parse(Buffer.from(inline[1]!, 'base64').toString('utf8')) as {
    sources: string[];
    sourcesContent?: unknown;
  };
  assert.deepEqual(
    [...map.sources].sort(),
    ['greet.ts', 'index.ts'],
    "relative to src/index.js: the workspace's files, through any path mapping",
  );
  assert.equal(map.sourcesContent, undefined, 'the sources themselves stay out of the package');
});

test('a TypeScript error is reported with its place', async () => {
  const root = project('ts-broken', {
    'index.ts': 'export const handler = async () => { return ;; }}\n',
  });
  await assert.rejects(
    deployFunction(
      request(root, 'deploy-ts-broken', { handler: 'index.handler', runtime: 'nodejs20.x' }),
    ),
    (e: unknown) =>
      e instanceof DeployError &&
      /index\.ts did not bundle:\n.*index\.ts:1:/.test(e.message) &&
      /Not deployed/.test(e.message),
  );
});

test('a Python handler runs', async () => {
  const root = project('py-fn', {
    'app.py': 'def lambda_handler(event, context):\n    return {"python": True, "got": event}\n',
    'requirements.txt': '',
  });
  await deployFunction(
    request(root, 'deploy-python', { handler: 'app.lambda_handler', runtime: 'python3.12' }),
  );
  assert.deepEqual(await invoke(t.lambda, 'deploy-python', { a: 1 }), {
    python: true,
    got: { a: 1 },
  });
});

test('over 250 MB unzipped: refused before reading, naming the largest files', async () => {
  const root = project('huge-fn', { 'index.js': 'exports.handler = async () => 1;\n' });
  writeFileSync(join(root, 'model.bin'), '');
  truncateSync(join(root, 'model.bin'), 260 * 1024 * 1024); // sparse: no disk used
  const calls = sent.length;
  await assert.rejects(
    deployFunction(
      request(root, 'deploy-huge', { handler: 'index.handler', runtime: 'nodejs20.x' }),
    ),
    (e: unknown) =>
      e instanceof DeployError &&
      /260\.0 MB unzipped; Lambda allows at most 250\.0 MB unzipped\. Largest files: model\.bin \(260\.0 MB\)/.test(
        e.message,
      ),
  );
  assert.equal(sent.length, calls, 'nothing was sent');
});

test('symbolic links: inside followed, escaping or looping refused with a message', async () => {
  const root = project('links-fn', {
    'index.js': "exports.handler = async () => require('./lib/shared.js');\n",
    'real/shared.js': "module.exports = 'shared';\n",
  });
  symlinkSync(join(root, 'real'), join(root, 'lib'));
  const prepared = await preparePackage({ folder: root, cacheDir: false });
  assert.ok(prepared.files.some((f) => f.path === 'lib/shared.js'));
  symlinkSync(tmpdir(), join(root, 'outside'));
  await assert.rejects(
    preparePackage({ folder: root, cacheDir: false }),
    (e: unknown) =>
      e instanceof PackagingError &&
      /outside is a symbolic link to .* outside the folder/.test(e.message),
  );
  rmSync(join(root, 'outside'));
  symlinkSync(root, join(root, 'real', 'loop'));
  await assert.rejects(
    preparePackage({ folder: root, cacheDir: false }),
    /symbolic link to one of its own parent folders/,
  );
  writeFileSync(join(root, '.lambdaignore'), 'loop\n'); // reachable as real/loop and lib/loop
  await preparePackage({ folder: root, cacheDir: false });
});

test('a failure between the code and the configuration update says what is live', async () => {
  const root = project('half-fn', { 'index.js': "exports.handler = async () => 'v1';\n" });
  await deployFunction(
    request(root, 'deploy-half', { handler: 'index.handler', runtime: 'nodejs20.x' }),
  );
  writeFileSync(join(root, 'index.js'), "exports.handler = async () => 'v2';\n");
  failNext.add('UpdateFunctionConfigurationCommand');
  const error = await deployFunction(
    request(root, 'deploy-half', {
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      memorySize: 512,
    }),
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeployError, String(error));
  assert.equal(error.stage, 'configuring');
  assert.equal(error.live.codeIsNew, true);
  assert.deepEqual(error.live.notConfigured, ['memorySize']);
  assert.match(
    error.message,
    /^code updated to sha \S+; configuration NOT updated \(memorySize\): ServiceUnavailableException: Injected fault/,
  );
  assert.equal(await invoke(t.lambda, 'deploy-half'), 'v2', 'the new code is indeed live');
  const live = await t.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'deploy-half' }),
  );
  assert.equal(live.MemorySize, 128, 'and the old memory size');
  const retried = await deployFunction(
    request(root, 'deploy-half', {
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      memorySize: 512,
    }),
  );
  assert.deepEqual(retried.configurationChanged, ['memorySize']);
  assert.equal(retried.codeBytesSent, 0);
});

test('invalid settings are refused before anything is sent', async () => {
  const root = project('invalid-fn', { 'index.js': 'exports.handler = async () => 1;\n' });
  const calls = sent.length;
  await assert.rejects(
    deployFunction(
      request(root, 'deploy-invalid', {
        handler: 'index.handler',
        runtime: 'nodejs20.x',
        memorySize: 64,
      }),
    ),
    /Not deployed: .*greater than or equal to 128/,
  );
  assert.equal(sent.length, calls);
});

test('publish and alias; cancellation stops the deploy', async () => {
  const root = project('alias-fn', { 'index.js': "exports.handler = async () => 'aliased';\n" });
  const result = await deployFunction(
    request(root, 'deploy-alias', {
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      alias: 'live',
    }),
  );
  assert.equal(result.version, '1');
  assert.deepEqual(result.alias, { name: 'live', version: '1' });
  writeFileSync(join(root, 'index.js'), "exports.handler = async () => 'aliased 2';\n");
  const moved = await deployFunction(
    request(root, 'deploy-alias', {
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      alias: 'live',
    }),
  );
  assert.deepEqual(moved.alias, { name: 'live', version: '2' });
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    deployFunction(
      request(root, 'deploy-alias', {
        handler: 'index.handler',
        runtime: 'nodejs20.x',
        signal: controller.signal,
      }),
    ),
    DeployError,
  );
});

test('to the local endpoint: tracing, VPC, DLQ, KMS key and file systems are stored as sent, layers left out with a warning; a redeploy changes nothing', async () => {
  const root = project('attached-fn', {
    'index.js': "exports.handler = async () => 'attached';\n",
  });
  const layer = 'arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:21';
  const cloud = {
    layers: [layer],
    tracing: 'Active' as const,
    vpcConfig: { subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: ['sg-0a1b2c3d'] },
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:failed',
    kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1',
    fileSystemConfigs: [
      {
        arn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0',
        localMountPath: '/mnt/data',
      },
    ],
  };
  const created = await deployFunction(
    request(root, 'deploy-attached', { handler: 'index.handler', runtime: 'nodejs20.x', cloud }),
  );
  assert.equal(created.action, 'created');
  assert.deepEqual(created.warnings.filter((w) => w.startsWith('Layers not attached')).length, 1);
  // The request alone makes this one: the same words on every deploy of it, for a caller to say once.
  assert.deepEqual(
    created.requestWarnings,
    created.warnings.filter((w) => w.startsWith('Layers not attached')),
  );
  assert.match(
    created.warnings.join('\n'),
    new RegExp(
      `the local endpoint runs a function with its own package only, so what ${layer} hold\\(s\\) is missing when it runs here`,
    ),
  );
  const live = await t.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'deploy-attached' }),
  );
  assert.equal(live.Layers, undefined);
  assert.deepEqual(live.TracingConfig, { Mode: 'Active' });
  assert.deepEqual(live.VpcConfig, {
    SubnetIds: ['subnet-0a1b2c3d'],
    SecurityGroupIds: ['sg-0a1b2c3d'],
    VpcId: '',
    Ipv6AllowedForDualStack: false,
  });
  assert.deepEqual(live.DeadLetterConfig, { TargetArn: cloud.deadLetterTargetArn });
  assert.equal(live.KMSKeyArn, cloud.kmsKeyArn);
  assert.deepEqual(live.FileSystemConfigs, [
    { Arn: cloud.fileSystemConfigs[0]!.arn, LocalMountPath: '/mnt/data' },
  ]);
  const again = await deployFunction(
    request(root, 'deploy-attached', { handler: 'index.handler', runtime: 'nodejs20.x', cloud }),
  );
  assert.equal(again.action, 'up-to-date', 'what the endpoint reads back is what was sent');
  const changed = await deployFunction(
    request(root, 'deploy-attached', { cloud: { ...cloud, tracing: 'PassThrough' } }),
  );
  assert.deepEqual(changed.configurationChanged, ['tracing']);
  assert.deepEqual(
    (await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'deploy-attached' })))
      .TracingConfig,
    { Mode: 'PassThrough' },
  );
});
