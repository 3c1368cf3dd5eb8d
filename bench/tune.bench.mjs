// `lambda-lens tune` of a hello handler on the local endpoint (`serve` as its own process, the CLI
// as users run it): 5 sizes × 10 invocations, wall time from spawn to exit, beside what the same
// 50 invokes cost as plain sequential Invokes of $LATEST through the SDK, measured in the same run
// (so the ratio is what publishing, aliasing and restoring add), and beside AWS Lambda Power
// Tuning's documented cost: a Step Functions state machine deployed into the account (a
// CloudFormation stack of the state machine and its Lambda functions), then per execution about
// $0.000025 × (6 + N) for N power values in state transitions, plus the function's own invokes
// (README-ADVANCED.md, "Execution cost", github.com/alexcasalboni/aws-lambda-power-tuning).
// Target: the tuning run ≤ 10 s.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipOf } from '../test/integration/endpoint.ts';
import { figure, median } from './report.mjs';
import { startServe } from './serve.mjs';
import { children, cleanupNow, withTimeout } from './owned.mjs';

const root = join(import.meta.dirname, '..');
const SIZES = [128, 256, 512, 1024, 1769];
const INVOCATIONS = 10;
const ROUNDS = 3;
const TARGET_MS = 10_000;
const HANDLER = "exports.handler = async () => ({ statusCode: 200, body: 'hello' });\n";
// README-ADVANCED.md: "approximately 0.000025 * (6 + N) where N is the number of power values".
const POWER_TUNING_STATE_TRANSITIONS_USD = 0.000025 * (6 + SIZES.length);

async function tuneOnce(home, name) {
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist', 'cli.js'),
      'tune',
      name,
      '--memory',
      SIZES.join(','),
      '--invocations',
      String(INVOCATIONS),
      '--json',
      '--home',
      home,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await withTimeout(
    new Promise((resolve) => child.once('exit', resolve)),
    120_000,
    'lambda-lens tune',
  );
  const elapsed = performance.now() - start;
  if (code !== 0) throw new Error(`lambda-lens tune exited ${code}: ${stderr}`);
  const outcome = JSON.parse(stdout);
  if (!outcome.restored.complete || outcome.results.some((r) => r.invocations !== INVOCATIONS))
    throw new Error(`incomplete run: ${stdout}`);
  return elapsed;
}

async function plainInvokes(lambda, name) {
  const start = performance.now();
  for (let i = 0; i < SIZES.length * INVOCATIONS; i++) {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}'), LogType: 'Tail' }),
    );
    if (out.FunctionError) throw new Error('the hello handler failed');
  }
  return performance.now() - start;
}

const serve = await startServe('ll-bench-tune-');
const lambda = new LambdaClient({
  endpoint: serve.url,
  region: 'us-east-1',
  credentials: serve.credentials,
  maxAttempts: 1,
});
try {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'hello',
      Role: 'arn:aws:iam::123456789012:role/bench',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
    }),
  );
  await plainInvokes(lambda, 'hello'); // warm-up of the endpoint's paths
  const tune = [];
  const plain = [];
  for (let round = 0; round < ROUNDS; round++) {
    tune.push(await tuneOnce(serve.home, 'hello'));
    plain.push(await plainInvokes(lambda, 'hello'));
  }
  const tuneMs = median(tune);
  figure(
    `tune wall time (${SIZES.length} sizes × ${INVOCATIONS} invocations, hello, CLI process)`,
    tuneMs,
    'ms',
    {
      label: `the same ${SIZES.length * INVOCATIONS} plain Invokes of $LATEST`,
      value: median(plain),
    },
  );
  figure('tune wall time against the target', tuneMs, 'ms', { label: 'target', value: TARGET_MS });
  figure('tune deployment into the account', 0, 'stacks', {
    label:
      'Power Tuning: a CloudFormation stack (state machine + Lambda functions), README-DEPLOY.md',
    value: 1,
  });
  figure('tune orchestration cost per run', 0, 'micro-USD', {
    label: `Power Tuning's Step Functions transitions for ${SIZES.length} power values, 0.000025 USD × (6 + N), README-ADVANCED.md`,
    value: POWER_TUNING_STATE_TRANSITIONS_USD * 1e6,
  });
  process.stdout.write(
    `${tuneMs <= TARGET_MS ? 'target met' : 'TARGET MISSED'}: tune ${Math.round(tuneMs)} ms ≤ ${TARGET_MS} ms\n`,
  );
} finally {
  lambda.destroy();
  await serve.close();
  cleanupNow();
}
