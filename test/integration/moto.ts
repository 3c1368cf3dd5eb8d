// moto_server (an independent AWS implementation, see /work/shared/notes/moto.md) for tests that
// check our client code against a server we did not write: found on PATH, started on a free
// port with Docker-less Lambda, an IAM role made for CreateFunction, stopped by its PID.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { freePort } from '../support/freePort';

export const MOTO_ACCOUNT = '123456789012';
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface MotoServer {
  readonly url: string;
  /** An execution role that exists in moto's IAM (its CreateFunction checks). */
  readonly role: string;
  close(): Promise<void>;
}

/** A running moto_server, or the reason a test should skip (not installed, not starting). */
export async function startMotoServer(): Promise<MotoServer | { skip: string }> {
  const path = findOnPath('moto_server');
  if (!path)
    return {
      skip: "moto_server not found: it is not on PATH (it ships with this project's machine image, see /work/shared/notes/moto.md)",
    };
  let started: { child: ChildProcess; url: string };
  try {
    started = await startMoto(path);
  } catch (error) {
    return { skip: `moto_server not usable: ${(error as Error).message}` };
  }
  const { child, url } = started;
  const close = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    // No Docker here: Invoke would try to run containers. Set before any function exists.
    await fetch(`${url}/moto-api/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lambda: { use_docker: false } }),
    });
    const role = await createRole(url, 'lambda-lens-test');
    return { url, role, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

async function startMoto(path: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(path, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with ${child.exitCode}: ${stderr.slice(-500)}`);
    try {
      if ((await fetch(`${url}/moto-api/config`)).ok) return { child, url };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`moto_server did not answer within 20 s: ${stderr.slice(-500)}`);
}

/** IAM CreateRole as a raw signed query request (@aws-sdk/client-iam is not a dependency here). */
async function createRole(url: string, name: string): Promise<string> {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: name,
    AssumeRolePolicyDocument: policy,
  }).toString();
  const { hostname, port, host } = new URL(url);
  const signer = new SignatureV4({
    credentials: MOTO_CREDENTIALS,
    region: 'us-east-1',
    service: 'iam',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname,
      port: Number(port),
      path: '/',
      body,
      headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    }),
  );
  const response = await fetch(`${url}/`, { method: 'POST', headers: signed.headers, body });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  assert.ok(arn, `no role ARN in ${text}`);
  return arn;
}
