// Shared by the functionUrl*.test.ts files: a function that answers by path, a URL for it, and
// HTTP clients that call the URL as users do (curl, and Node's fetch).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateFunctionUrlConfigCommand,
  type CreateFunctionUrlConfigCommandInput,
} from '@aws-sdk/client-lambda';
import type { TestEndpoint } from './endpoint';

/** Answers by path, so that one function covers every response shape. */
export const ROUTED_HANDLER = `
exports.handler = async (event) => {
  switch (event.rawPath) {
    case '/echo': return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
    case '/structured': return { statusCode: 201, headers: { 'X-Custom': 'yes', 'Access-Control-Allow-Origin': 'https://other.example' }, cookies: ['a=1; Max-Age=60', 'b=2'], body: 'created' };
    case '/object': return { hello: 'world' };
    case '/string': return 'Hello, world!';
    case '/number': return 42;
    case '/binary': return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true };
    case '/throw': throw new Error('boom');
    case '/slow': await new Promise((resolve) => setTimeout(resolve, 3000)); return 'late';
    case '/bad-header': return { statusCode: 200, headers: { 'x-bad': 'a\\r\\nx-injected: 1' }, body: 'x' };
  }
  return { statusCode: 404, body: 'no route ' + event.rawPath };
};
`;

export async function createUrl(
  t: TestEndpoint,
  input: Omit<CreateFunctionUrlConfigCommandInput, 'AuthType'> & { AuthType?: 'NONE' | 'AWS_IAM' },
): Promise<string> {
  const out = await t.lambda.send(
    new CreateFunctionUrlConfigCommand({ AuthType: 'NONE', ...input }),
  );
  return out.FunctionUrl!;
}

export interface CurlAnswer {
  readonly status: number;
  /** Lower-cased names; a repeated header keeps every value. */
  readonly headers: Record<string, string[]>;
  readonly body: Buffer;
}

const run = promisify(execFile);

/** curl as a user runs it (asynchronously: the endpoint runs in this process). */
export async function curl(args: string[]): Promise<CurlAnswer> {
  const { stdout } = await run('curl', ['-s', '-i', '--max-time', '20', ...args], {
    encoding: 'buffer',
    maxBuffer: 32 * 1024 * 1024,
  });
  // Skip any 100 Continue block: the last header block before the body is the answer's.
  let rest = stdout;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    const head = rest.subarray(0, end).toString('latin1');
    rest = rest.subarray(end + 4);
    if (!/^HTTP\/[\d.]+ 100/.test(head)) return parse(head, rest);
  }
}

function parse(head: string, body: Buffer): CurlAnswer {
  const [statusLine, ...lines] = head.split('\r\n');
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}
