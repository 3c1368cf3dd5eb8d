// serverless-offline as an anchor for the HTTP benches: the Serverless Framework v3 (v4 needs a
// login) and serverless-offline, installed from npm on demand into a cache folder outside the
// project (~/.cache/lambda-lens-bench, only when a bench asks; never for tests, never a project
// dependency), then `serverless offline` serving one hello handler on an HTTP API route (payload
// 2.0, as a Function URL's) from a scratch service folder. Checked on this machine: both install
// with npm alone (their install scripts are skipped: telemetry and a notice), and it serves with no
// AWS account and no network beyond npm (telemetry and notifications turned off). It runs the
// handler in a worker thread of its own process, its default. When it cannot be installed or
// started, `startServerlessOffline` says why instead of failing the bench.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { children, removeFolder, stop, tempFolder, withTimeout } from './owned.mjs';

const VERSIONS = { serverless: '3.40.0', 'serverless-offline': '13.10.1' };
const CACHE = process.env.LAMBDA_LENS_BENCH_CACHE ?? join(homedir(), '.cache', 'lambda-lens-bench');
const INSTALL_DIR = join(
  CACHE,
  `serverless-${VERSIONS.serverless}-offline-${VERSIONS['serverless-offline']}`,
);
const SERVERLESS_BIN = join(INSTALL_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js');

const SERVICE_YML = `service: bench-hello
frameworkVersion: '3'
provider:
  name: aws
  runtime: nodejs20.x
functions:
  hello:
    handler: handler.hello
    events:
      - httpApi:
          path: /
          method: GET
plugins:
  - serverless-offline
`;

async function install() {
  if (existsSync(SERVERLESS_BIN)) return;
  mkdirSync(INSTALL_DIR, { recursive: true });
  writeFileSync(join(INSTALL_DIR, 'package.json'), '{"private":true}\n');
  const specs = Object.entries(VERSIONS).map(([name, version]) => `${name}@${version}`);
  await promisify(execFile)(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', ...specs],
    { cwd: INSTALL_DIR, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
  );
  if (!existsSync(SERVERLESS_BIN))
    throw new Error(`npm install finished but ${SERVERLESS_BIN} is missing`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
  });
}

/**
 * `serverless offline` serving `handlerSource` (exporting `hello`) at GET /; resolves to
 * { url, pid, version, close } or { unavailable: why }.
 */
export async function startServerlessOffline(handlerSource) {
  try {
    await install();
  } catch (error) {
    return {
      unavailable: `npm could not install serverless@${VERSIONS.serverless} and serverless-offline@${VERSIONS['serverless-offline']} into ${INSTALL_DIR}: ${String(error?.message ?? error).split('\n')[0]}`,
    };
  }
  const service = tempFolder('ll-bench-sls-');
  writeFileSync(join(service, 'serverless.yml'), SERVICE_YML);
  writeFileSync(join(service, 'handler.js'), handlerSource);
  // The cached node_modules, where `plugins:` looks for serverless-offline: the service folder's.
  symlinkSync(join(INSTALL_DIR, 'node_modules'), join(service, 'node_modules'), 'dir');
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [SERVERLESS_BIN, 'offline', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)],
    {
      cwd: service,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        SLS_DEPRECATION_DISABLE: '*',
        // Its config (~/.serverlessrc) goes to the cache, not the user's home.
        HOME: CACHE,
      },
    },
  );
  children.add(child);
  const close = async () => {
    await stop(child);
    removeFolder(service);
  };
  let output = '';
  try {
    await withTimeout(
      new Promise((resolve, reject) => {
        const read = (data) => {
          output = (output + data).slice(-4_000);
          if (output.includes('Server ready')) resolve();
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('exit', (code) => reject(new Error(`it exited with ${code}`)));
      }),
      60_000,
      'starting serverless offline',
    );
    return {
      url: `http://127.0.0.1:${httpPort}/`,
      pid: child.pid,
      version: `serverless ${VERSIONS.serverless}, serverless-offline ${VERSIONS['serverless-offline']}`,
      close,
    };
  } catch (error) {
    await close();
    return {
      unavailable: `serverless offline did not start: ${error.message}; its last output: ${output.trim().split('\n').slice(-5).join(' | ')}`,
    };
  }
}
