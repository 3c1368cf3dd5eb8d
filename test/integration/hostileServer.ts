// A foreign endpoint whose answers the test writes, and the CLI run against it as its own process:
// the kit of the tests that show a server's answer is untrusted like any input (escape sequences,
// bidirectional controls, values of the wrong type).
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/** Control characters and bidirectional overrides a terminal would act on. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
export const RAW_CONTROLS = /[\u001b\u0007\u009b\u202e]/;

export interface HostileServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A server on loopback that answers every request, once its body is read, with `answer`'s JSON
 * (as application/x-amz-json-1.1 to a CloudWatch Logs request, which names its X-Amz-Target,
 * else as application/json).
 */
export async function startHostileServer(
  answer: (request: IncomingMessage) => unknown,
): Promise<HostileServer> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const logs = req.headers['x-amz-target'] !== undefined;
      res.writeHead(200, {
        'content-type': logs ? 'application/x-amz-json-1.1' : 'application/json',
      });
      res.end(JSON.stringify(answer(req)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `lambda-lens ARGS --endpoint URL` with static keys and no profile; with `untilOutput`, stopped by
 * SIGINT once stdout shows it. One that runs 30 s is killed, failing its test instead of hanging it.
 */
export function cliAgainst(
  url: string,
  args: readonly string[],
  { untilOutput, env = {} }: { untilOutput?: RegExp; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, '--endpoint', url], {
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'us-east-1',
        AWS_PROFILE: '',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (untilOutput?.test(stdout)) child.kill('SIGINT');
    });
    child.stderr.on('data', (d) => (stderr += d));
    const stop = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(stop);
      resolve({ code, stdout, stderr });
    });
  });
}
