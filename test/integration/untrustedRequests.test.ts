// Requests from anyone who can reach the port: what the endpoint checks before it reads a body, how
// much body it holds at once for requests whose signature is not verified yet, and its answers to
// hostile input (an unsigned Host, a deeply nested filter pattern, an expired code link).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateLogGroupCommand,
  FilterLogEventsCommand,
  InvalidParameterException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  startLocalEndpoint,
  type LocalEndpoint,
  type LocalEndpointOptions,
} from '../../src/local/server';
import {
  clientsFor,
  NODE_HELLO,
  ROLE,
  startTestEndpoint,
  zipOf,
  type TestEndpoint,
} from './endpoint';

const MB = 1024 * 1024;
const LAMBDA_PATH = '/2015-03-31/functions';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t?.close();
});

/** An endpoint of its own (no execution environments), for options the shared one does not take. */
async function ownEndpoint(
  options: Partial<LocalEndpointOptions>,
): Promise<{ endpoint: LocalEndpoint; close(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'll-untrusted-'));
  const endpoint = await startLocalEndpoint({ home, port: 0, ...options });
  return {
    endpoint,
    async close() {
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

interface SignOptions {
  readonly method?: string;
  readonly path?: string;
  readonly service?: string;
  readonly region?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  readonly signingDate?: Date;
  readonly unsignable?: Set<string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** Headers signed by the SDK's signer, over an empty body unless one is given. */
async function signedHeaders(
  endpoint: LocalEndpoint,
  options: SignOptions = {},
): Promise<Record<string, string>> {
  const url = new URL(endpoint.url);
  const signer = new SignatureV4({
    credentials: options.credentials ?? endpoint.credentials,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'lambda',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: options.method ?? 'POST',
      hostname: url.hostname,
      port: Number(url.port),
      path: options.path ?? LAMBDA_PATH,
      headers: { host: url.host, ...options.headers },
      ...(options.body !== undefined ? { body: options.body } : {}),
    }),
    {
      ...(options.signingDate ? { signingDate: options.signingDate } : {}),
      ...(options.unsignable ? { unsignableHeaders: options.unsignable } : {}),
    },
  );
  return signed.headers as Record<string, string>;
}

/** The bytes every test body is made of, shared so that the test's own memory stays small. */
const BODY_BLOCK = Buffer.alloc(4 * MB, 0x61);

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly afterMs: number;
}

/** An HTTP/1.1 request on a socket of its own, whose body the test sends at its own pace. */
class RawUpload {
  private received = Buffer.alloc(0);
  private readonly started = performance.now();
  private waiters: (() => void)[] = [];
  written = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => {});
  }

  /** Sends the request head declaring a body of `declared` bytes (chunked when undefined). */
  static async open(
    endpoint: LocalEndpoint,
    head: { method?: string; path?: string; headers: Record<string, string>; declared?: number },
  ): Promise<RawUpload> {
    const url = new URL(endpoint.url);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve, reject) =>
      socket.once('connect', resolve).once('error', reject),
    );
    const upload = new RawUpload(socket);
    const headers = {
      host: url.host,
      ...head.headers,
      ...(head.declared === undefined
        ? { 'transfer-encoding': 'chunked' }
        : { 'content-length': String(head.declared) }),
    };
    socket.write(
      `${head.method ?? 'POST'} ${head.path ?? LAMBDA_PATH} HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`,
    );
    return upload;
  }

  /** Writes `bytes` of body, waiting while the server does not read; false when the socket closed. */
  async send(bytes: number, chunk = MB): Promise<boolean> {
    const block = BODY_BLOCK.subarray(0, Math.min(chunk, bytes));
    for (let left = bytes; left > 0; left -= block.length) {
      if (this.socket.destroyed) return false;
      const piece = left < block.length ? block.subarray(0, left) : block;
      const flushed = this.socket.write(piece);
      this.written += piece.length;
      if (!flushed) {
        await new Promise<void>((resolve) => {
          this.socket.once('drain', resolve);
          this.socket.once('close', resolve);
        });
      }
    }
    return !this.socket.destroyed;
  }

  /** The response, once complete; undefined when none came within `timeoutMs`. */
  async response(timeoutMs: number): Promise<RawResponse | undefined> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const parsed = this.parse();
      if (parsed) return parsed;
      const left = deadline - performance.now();
      if (left <= 0 || this.socket.destroyed) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private parse(): RawResponse | undefined {
    const end = this.received.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = this.received.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines)
      headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line
        .slice(line.indexOf(':') + 1)
        .trim();
    const length = Number(headers['content-length'] ?? 0);
    if (this.received.length < end + 4 + length) return undefined;
    return {
      status: Number(statusLine!.split(' ')[1]),
      headers,
      body: this.received.subarray(end + 4, end + 4 + length).toString('utf8'),
      afterMs: performance.now() - this.started,
    };
  }

  close(): void {
    this.socket.destroy();
  }
}

const messageOf = (response: RawResponse) =>
  (JSON.parse(response.body) as { message: string }).message;

test('checks that need no body are made before it is read: a refused request is answered while its body is still coming', async () => {
  const { endpoint } = t;
  const stale = new Date(Date.now() - 16 * 60_000);
  const cases: {
    name: string;
    headers: Record<string, string>;
    type: string;
    message: string | RegExp;
  }[] = [
    {
      name: 'unsigned',
      headers: {},
      type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    },
    {
      name: 'a wrong access key',
      headers: await signedHeaders(endpoint, {
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) },
      }),
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    },
    {
      name: 'a stale signature',
      headers: await signedHeaders(endpoint, { signingDate: stale }),
      type: 'InvalidSignatureException',
      message: /^Signature expired: /,
    },
    {
      name: 'host not signed',
      headers: await signedHeaders(endpoint, { unsignable: new Set(['host']) }),
      type: 'InvalidSignatureException',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    },
    {
      name: 'scoped to another service',
      headers: await signedHeaders(endpoint, { service: 'logs' }),
      type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'lambda'.",
    },
    {
      name: 'scoped to no region',
      headers: await signedHeaders(endpoint, { region: 'moon' }),
      type: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'moon'.",
    },
  ];
  for (const { name, headers, type, message } of cases) {
    const upload = await RawUpload.open(endpoint, { headers, declared: 60 * MB });
    try {
      await upload.send(MB);
      const response = await upload.response(5_000);
      assert.ok(response, `${name}: no answer while 59 MB of the body were still to come`);
      assert.equal(response.status, 403, name);
      assert.equal(response.headers['x-amzn-errortype'], type, name);
      if (typeof message === 'string') assert.equal(messageOf(response), message, name);
      else assert.match(messageOf(response), message, name);
      // The rest is read and dropped, so that clients that send the whole body first still read the answer.
      assert.ok(
        await upload.send(59 * MB),
        `${name}: the connection was cut before the body was sent`,
      );
    } finally {
      upload.close();
    }
  }
});

test('bodies of requests not verified yet share a budget: over it they wait, then get the throttling error SDKs retry', async () => {
  const own = await ownEndpoint({
    unverifiedBodies: { largeBytes: 8 * MB, smallBytes: MB, waitMs: 400 },
  });
  const { endpoint } = own;
  const { lambda, logs } = clientsFor(endpoint.url, endpoint.credentials);
  const uploads: RawUpload[] = [];
  const upload = async (declared: number, logsTarget?: string) => {
    const path = logsTarget ? '/' : LAMBDA_PATH;
    const extra: Record<string, string> = logsTarget
      ? {
          'x-amz-target': `Logs_20140328.${logsTarget}`,
          'content-type': 'application/x-amz-json-1.1',
        }
      : {};
    const headers = await signedHeaders(endpoint, {
      path,
      service: logsTarget ? 'logs' : 'lambda',
      headers: extra,
    });
    const u = await RawUpload.open(endpoint, { path, headers, declared });
    uploads.push(u);
    return u;
  };
  try {
    // The right key and a fresh date pass the checks made before the body; the signature is only
    // found wrong once the body is in. This one holds 6 of the 8 MB and sends slowly.
    const holder = await upload(6 * MB);
    await holder.send(MB);
    assert.equal(await holder.response(200), undefined, 'the holder is still being read');

    // Another large one does not fit: it waits, is not read, and is told to retry.
    const waiting = await upload(6 * MB);
    void waiting.send(6 * MB);
    const throttled = await waiting.response(5_000);
    assert.ok(throttled, 'the waiting request was never answered');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['x-amzn-errortype'], 'TooManyRequestsException');
    assert.equal(messageOf(throttled), 'Rate exceeded');
    assert.ok(
      throttled.afterMs >= 350,
      `answered after ${throttled.afterMs} ms, before its wait was over`,
    );
    // In the Logs protocol, the same refusal is its ThrottlingException.
    const logsWaiting = await upload(3 * MB, 'PutLogEvents');
    const logsThrottled = await logsWaiting.response(5_000);
    assert.equal(logsThrottled?.status, 400);
    assert.equal(
      (JSON.parse(logsThrottled.body) as { __type: string }).__type,
      'ThrottlingException',
    );

    // Small signed requests have their own share and go on being answered meanwhile.
    await Promise.all([
      ...Array.from({ length: 5 }, () => lambda.send(new ListFunctionsCommand({}))),
      ...Array.from({ length: 5 }, (_, i) =>
        lambda.send(
          new CreateFunctionCommand({
            FunctionName: `small-${i}`,
            Runtime: 'nodejs20.x',
            Role: ROLE,
            Handler: 'index.handler',
            Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
          }),
        ),
      ),
      logs.send(new CreateLogGroupCommand({ logGroupName: '/small/requests' })),
    ]);

    // One that gives up while waiting: when its turn comes, its bytes must come straight back.
    const quitter = await upload(6 * MB);
    await new Promise((resolve) => setTimeout(resolve, 50));
    quitter.close();

    // Once the holder's body is in and refused, its bytes are free again.
    await holder.send(5 * MB);
    const refused = await holder.response(5_000);
    assert.equal(refused?.status, 403);
    assert.equal(refused.headers['x-amzn-errortype'], 'InvalidSignatureException');
    const next = await upload(6 * MB);
    await next.send(6 * MB);
    const answered = await next.response(5_000);
    // Had the bytes not come back, it would have waited its 400 ms and been throttled.
    assert.equal(answered?.status, 403, answered?.body);
  } finally {
    for (const u of uploads) u.close();
    lambda.destroy();
    logs.destroy();
    await own.close();
  }
});

test('many large bodies with the right key and no valid signature: memory stays bounded and signed requests are answered', async () => {
  const { endpoint } = t;
  const LARGE = 40 * MB;
  let peak = 0;
  const baseline = process.memoryUsage().arrayBuffers;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
  }, 5);
  const uploads = await Promise.all(
    Array.from({ length: 6 }, async () =>
      RawUpload.open(endpoint, { headers: await signedHeaders(endpoint), declared: LARGE }),
    ),
  );
  try {
    const large = Promise.all(
      uploads.map(async (u) => {
        await u.send(LARGE, 4 * MB);
        return u.response(30_000);
      }),
    );
    const small = Promise.all(
      Array.from({ length: 20 }, () => t.lambda.send(new ListFunctionsCommand({}))),
    );
    await small;
    for (const response of await large) {
      assert.ok(response, 'a large request was never answered');
      assert.ok([403, 429].includes(response.status), `${response.status} ${response.body}`);
    }
  } finally {
    clearInterval(sampler);
    for (const u of uploads) u.close();
  }
  // Unbounded, six bodies of 40 MB are 240 MB at least. Bounded: the large lane's 67 MB, and a
  // body released but not yet collected.
  assert.ok(peak < 150 * MB, `the endpoint held ${Math.round(peak / MB)} MB of bodies at once`);
});

test('a signature whose SignedHeaders lack host is refused, as AWS does', async () => {
  const response = await fetch(`${t.endpoint.url}${LAMBDA_PATH}`, {
    headers: await signedHeaders(t.endpoint, { method: 'GET', unsignable: new Set(['host']) }),
  });
  assert.equal(response.status, 403);
  assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
  assert.equal(
    ((await response.json()) as { message: string }).message,
    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  );
  assert.equal(
    (
      await fetch(`${t.endpoint.url}${LAMBDA_PATH}`, {
        headers: await signedHeaders(t.endpoint, { method: 'GET' }),
      })
    ).status,
    200,
  );
});

test('a deeply nested filter pattern is InvalidParameterException in the Logs shape', async () => {
  await t.logs.send(new CreateLogGroupCommand({ logGroupName: '/nested/patterns' }));
  const deep = `{ ${'('.repeat(20_000)}$.a = 1${')'.repeat(20_000)} }`;
  await assert.rejects(
    t.logs.send(
      new FilterLogEventsCommand({ logGroupName: '/nested/patterns', filterPattern: deep }),
    ),
    (error: unknown) => {
      assert.ok(error instanceof InvalidParameterException, String(error));
      assert.match(error.message, /nest/);
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    },
  );
  // Nesting a person would write still works.
  const fine = `{ ${'('.repeat(20)}$.a = 1${')'.repeat(20)} }`;
  assert.deepEqual(
    (
      await t.logs.send(
        new FilterLogEventsCommand({ logGroupName: '/nested/patterns', filterPattern: fine }),
      )
    ).events,
    [],
  );
});

test('an unexpected failure in a Logs request is answered in the Logs shape', async () => {
  const home = mkdtempSync(join(tmpdir(), 'll-untrusted-'));
  const endpoint = await startLocalEndpoint({ home, port: 0 });
  try {
    // A file where the region's log folder belongs: the store fails in a way no handler expects.
    mkdirSync(join(home, 'regions', 'us-east-1'), { recursive: true });
    writeFileSync(join(home, 'regions', 'us-east-1', 'logs'), 'not a folder');
    const body = JSON.stringify({ logGroupName: '/broken' });
    const headers = {
      'x-amz-target': 'Logs_20140328.CreateLogGroup',
      'content-type': 'application/x-amz-json-1.1',
    };
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: await signedHeaders(endpoint, { path: '/', service: 'logs', headers, body }),
      body,
    });
    assert.equal(response.status, 500);
    assert.equal(
      response.headers.get('x-amzn-errortype'),
      null,
      'no Lambda error header on a Logs answer',
    );
    assert.match(response.headers.get('content-type') ?? '', /^application\/x-amz-json-1\.1/);
    const error = (await response.json()) as { __type: string; message: string; Type?: string };
    assert.equal(error.__type, 'ServiceUnavailableException');
    assert.equal(error.Type, undefined);
    assert.match(error.message, /log/);
    // The SDK reads it as the Logs service's own exception.
    const { logs } = clientsFor(endpoint.url, endpoint.credentials);
    try {
      await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: '/broken' })), {
        name: 'ServiceUnavailableException',
      });
    } finally {
      logs.destroy();
    }
  } finally {
    await endpoint.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('Code.Location expires after 10 minutes, like a pre-signed S3 URL', async () => {
  let offset = 0;
  const own = await ownEndpoint({ clock: () => Date.now() + offset });
  const { lambda } = clientsFor(own.endpoint.url, own.endpoint.credentials);
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'expiring',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
      }),
    );
    const location = new URL(
      (await lambda.send(new GetFunctionCommand({ FunctionName: 'expiring' }))).Code!.Location!,
    );
    offset = 9 * 60_000;
    assert.equal((await fetch(location)).status, 200);
    offset = 10 * 60_000 + 1_000;
    const expired = await fetch(location);
    assert.equal(expired.status, 403);
    assert.match(expired.headers.get('content-type') ?? '', /xml/);
    const text = await expired.text();
    assert.match(text, /<Code>AccessDenied<\/Code>/);
    assert.match(
      text,
      /<Message>Request has expired; get a fresh Code\.Location with GetFunction\.<\/Message>/,
    );
    // The expiry is inside the token: moving it on breaks the link.
    const extended = new URL(location);
    const expires = Number(extended.searchParams.get('expires'));
    assert.ok(Number.isInteger(expires), location.search);
    extended.searchParams.set('expires', String(expires + 3600));
    assert.equal((await fetch(extended)).status, 403);
  } finally {
    lambda.destroy();
    await own.close();
  }
});
