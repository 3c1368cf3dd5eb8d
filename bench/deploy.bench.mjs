// Deploy of a synthetic project (~5,000 files, ~20 MB: node_modules-like JS text and some
// binaries, bench/syntheticProject.mjs) to `lambda-lens serve`, beside, in the same run against
// the same endpoint, what a user does by hand: `zip -qr -6` then `aws lambda
// update-function-code --zip-file`. Rounds alternate so the machine's noise falls on both.
//   full deploy:      our deployFunction after a change (walk, zip, upload, wait) vs zip + AWS CLI
//   zip size:         our deterministic zip vs `zip -6 -qr`
//   no-op redeploy:   nothing changed: the time and the code bytes sent
// Targets: full deploy <= 0.5x the anchor; zip no larger than zip -6's; no-op < 150 ms, 0 bytes.
import { spawnSync } from 'node:child_process';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { deployFunction } from '../src/cloud/deploy/deployFunction.ts';
import { closeCompressionPool } from '../src/cloud/deploy/compressionPool.ts';
import { figure, median } from './report.mjs';
import { startServe } from './serve.mjs';
import { cleanupNow, tempFolder } from './owned.mjs';
import { writeSyntheticProject } from './syntheticProject.mjs';

const ROUNDS = 5;
const NOOP_ROUNDS = 7;

function timed(command, args, options) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
  return performance.now() - start;
}

function ageAll(root, paths) {
  const past = new Date(Date.now() - 3_600_000);
  for (const p of paths) utimesSync(join(root, p), past, past);
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  for (const tool of ['zip', 'aws']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is not installed: the anchor cannot be measured`);
  }
  const project = tempFolder('ll-bench-deploy-project-');
  const scratch = tempFolder('ll-bench-deploy-scratch-');
  const written = writeSyntheticProject(project);
  process.stdout.write(
    `# project: ${written.files} files, ${(written.bytes / 1048576).toFixed(1)} MB\n`,
  );
  const serve = await startServe('ll-bench-deploy-home-');
  const lambda = new LambdaClient({
    endpoint: serve.url,
    region: 'us-east-1',
    credentials: serve.credentials,
    maxAttempts: 1,
  });
  const connection = {
    id: 'local',
    kind: 'local',
    region: 'us-east-1',
    endpoint: serve.url,
    credentials: serve.credentials,
  };
  const awsEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: serve.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: serve.credentials.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
  const request = {
    folder: project,
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    connection,
    client: lambda,
    cacheDir: join(scratch, 'cache'),
  };
  const ours = [];
  const anchor = [];
  const anchorZip = [];
  const anchorCli = [];
  let ourZipBytes = 0;
  let anchorZipBytes = 0;
  try {
    await deployFunction({ ...request, functionName: 'bench-ours' });
    const zipFile = join(scratch, 'anchor.zip');
    timed('zip', ['-qr', '-6', zipFile, '.'], { cwd: project });
    timed(
      'aws',
      [
        '--endpoint-url',
        serve.url,
        '--region',
        'us-east-1',
        'lambda',
        'create-function',
        '--function-name',
        'bench-cli',
        '--runtime',
        'nodejs20.x',
        '--handler',
        'index.handler',
        '--role',
        'arn:aws:iam::123456789012:role/x',
        '--zip-file',
        `fileb://${zipFile}`,
      ],
      { env: awsEnv },
    );
    for (let round = 0; round < ROUNDS; round++) {
      // A one-line change each round, so both sides really upload.
      writeFileSync(
        join(project, 'index.js'),
        `exports.handler = async () => ({ statusCode: 200, body: 'round ${round}' });\n`,
      );
      let start = performance.now();
      const result = await deployFunction({ ...request, functionName: 'bench-ours' });
      ours.push(performance.now() - start);
      if (result.action !== 'updated' || !result.codeUploaded)
        throw new Error(`expected an upload, got ${result.action}`);
      if (process.env.BENCH_VERBOSE === '1')
        process.stderr.write(
          `  stages: ${JSON.stringify(Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v)])))}\n`,
        );
      ourZipBytes = result.zipBytes;
      spawnSync('rm', ['-f', zipFile]);
      const z = timed('zip', ['-qr', '-6', zipFile, '.'], { cwd: project });
      anchorZipBytes = statSync(zipFile).size;
      const c = timed(
        'aws',
        [
          '--endpoint-url',
          serve.url,
          '--region',
          'us-east-1',
          '--output',
          'json',
          'lambda',
          'update-function-code',
          '--function-name',
          'bench-cli',
          '--zip-file',
          `fileb://${zipFile}`,
        ],
        { env: awsEnv },
      );
      anchorZip.push(z);
      anchorCli.push(c);
      anchor.push(z + c);
    }
    // No-op: files aged past the racy window, one deploy to remember the package, then measure.
    ageAll(
      project,
      spawnSync('find', ['.', '-type', 'f'], { cwd: project, encoding: 'utf8' })
        .stdout.trim()
        .split('\n'),
    );
    await deployFunction({ ...request, functionName: 'bench-ours' });
    const noop = [];
    let noopBytes = 0;
    for (let i = 0; i < NOOP_ROUNDS; i++) {
      const start = performance.now();
      const result = await deployFunction({ ...request, functionName: 'bench-ours' });
      noop.push(performance.now() - start);
      if (result.action !== 'up-to-date')
        throw new Error(`expected up-to-date, got ${result.action}`);
      noopBytes += result.codeBytesSent;
    }
    process.stdout.write(
      `# anchor parts: zip -qr -6 median ${median(anchorZip).toFixed(0)} ms, aws update-function-code median ${median(anchorCli).toFixed(0)} ms\n`,
    );
    figure('deploy: full deploy, 5,000 files / 20 MB', median(ours), 'ms', {
      label: 'zip -qr + aws lambda update-function-code',
      value: median(anchor),
      unit: 'ms',
    });
    figure('deploy: zip size', ourZipBytes / 1048576, 'MB', {
      label: 'zip -6 -qr',
      value: anchorZipBytes / 1048576,
      unit: 'MB',
    });
    figure('deploy: no-op redeploy', median(noop), 'ms', {
      label: 'target',
      value: 150,
      unit: 'ms',
    });
    figure('deploy: no-op redeploy code bytes sent', noopBytes, 'bytes', {
      label: 'target',
      value: 0,
      unit: 'bytes',
    });
  } finally {
    lambda.destroy();
    await closeCompressionPool();
    await serve.close();
    cleanupNow();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
