// For integration tests: the real local endpoint on a free port with a fresh home, and AWS SDK v3
// clients pointed at it with the endpoint's own credentials.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { zipSync, type Zippable } from 'fflate';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server';
import { createInvoker, type InvokerOptions } from '../../src/local/runtime/invoker';

export interface TestEndpoint {
  readonly endpoint: LocalEndpoint;
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  readonly home: string;
  close(): Promise<void>;
}

export function clientsFor(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region = 'us-east-1',
) {
  const config = { endpoint: url, region, credentials, maxAttempts: 1 };
  return { lambda: new LambdaClient(config), logs: new CloudWatchLogsClient(config) };
}

/** Starts the endpoint in this process (fast); `home` reuses a folder, e.g. to test restarts; `log` gets the endpoint's log lines. */
export async function startTestEndpoint(
  options: { home?: string; invoker?: InvokerOptions; log?: (line: string) => void } = {},
): Promise<TestEndpoint> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'll-endpoint-'));
  const endpoint = await startLocalEndpoint({
    home,
    port: 0,
    createInvoker: (stores) => createInvoker(stores, options.invoker),
    ...(options.log ? { log: options.log } : {}),
  });
  const { lambda, logs } = clientsFor(endpoint.url, endpoint.credentials);
  return {
    endpoint,
    lambda,
    logs,
    home,
    async close() {
      lambda.destroy();
      logs.destroy();
      await endpoint.close();
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Stops a serve process as a terminal's Ctrl-C would, and waits until it has exited. */
export async function stopServeProcess(serve: ServeProcess): Promise<void> {
  if (serve.child.exitCode !== null || serve.child.signalCode !== null) return;
  const exited = new Promise((resolve) => serve.child.once('exit', resolve));
  serve.child.kill('SIGTERM');
  await exited;
}

/** Runs `lambda-lens serve --json` from the built CLI as its own process (for kill -9 and CLI tests). */
export async function startServeProcess(
  home: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      join(dirname(__filename), '..', '..', 'dist', 'cli.js'),
      'serve',
      '--json',
      '--home',
      home,
      ...extraArgs,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    ...(JSON.parse(line) as { url: string; accessKeyId: string; secretAccessKey: string }),
  };
}

/** A deterministic zip of the given files; `mode` keeps Unix permissions (e.g. 0o755 for bootstrap). */
export function zipOf(
  files: Record<string, string | { content: string; mode: number }>,
): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, file] of Object.entries(files)) {
    const content = typeof file === 'string' ? file : file.content;
    const mode = typeof file === 'string' ? 0o644 : file.mode;
    zippable[name] = [
      new TextEncoder().encode(content),
      { os: 3, attrs: (0o100000 | mode) << 16, mtime: new Date('2020-01-01T00:00:00Z') },
    ];
  }
  return zipSync(zippable);
}

export const NODE_HELLO =
  "exports.handler = async (event, context) => { console.log('event', JSON.stringify(event)); return { hello: context.functionName, event }; };\n";

/** The SDK's types require a role; the local endpoint accepts any well-formed one. */
export const ROLE = 'arn:aws:iam::123456789012:role/lambda-lens-test';

/** Where a home keeps a log group's stream files (the log store's layout: names in base64url). */
export function logGroupFolder(home: string, group: string, region = 'us-east-1'): string {
  return join(home, 'regions', region, 'logs', Buffer.from(group).toString('base64url'));
}
