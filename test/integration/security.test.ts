// The local endpoint's defences: every request signed with the home's own credentials, loopback
// Host names only (DNS rebinding), no listening beyond 127.0.0.1, private files, and code URLs
// that need their token.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  LambdaServiceException,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  UnrecognizedClientException,
} from '@aws-sdk/client-cloudwatch-logs';
import { NODE_HELLO, startTestEndpoint, zipOf, type TestEndpoint } from './endpoint';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t?.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request signed for `service` with `credentials`, sent with node:http so that any Host header can be given. */
async function signedRequest(options: {
  method?: string;
  path: string;
  body?: string;
  host?: string;
  service?: string;
  headers?: Record<string, string>;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  signingDate?: Date;
  sendBody?: string;
  applyChecksum?: boolean;
  /** Changes the signed headers before sending. */
  tamper?: (headers: Record<string, string>) => void;
}): Promise<RawResponse> {
  const url = new URL(t.endpoint.url);
  const host = options.host ?? url.host;
  const signer = new SignatureV4({
    credentials: options.credentials ?? t.endpoint.credentials,
    region: 'us-east-1',
    service: options.service ?? 'lambda',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: options.applyChecksum ?? true,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: options.method ?? 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: options.path,
      headers: {
        host,
        ...options.headers,
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body,
    }),
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
  const headers = signed.headers as Record<string, string>;
  options.tamper?.(headers);
  return rawRequest(
    options.method ?? 'GET',
    options.path,
    headers,
    options.sendBody ?? options.body,
  );
}

function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawResponse> {
  const url = new URL(t.endpoint.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: Number(url.port),
        method,
        path,
        headers,
        setHost: !('host' in headers),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function clientWith(
  credentials: { accessKeyId: string; secretAccessKey: string },
  extra: { systemClockOffset?: number } = {},
) {
  const config = {
    endpoint: t.endpoint.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    ...extra,
  };
  return { lambda: new LambdaClient(config), logs: new CloudWatchLogsClient(config) };
}

async function rejects403(
  call: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  name: string,
  message: string | RegExp,
): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.equal(error.name, name);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    assert.equal((error as LambdaServiceException).$metadata.httpStatusCode, 403);
    return true;
  });
}

test('an unsigned request is 403 MissingAuthenticationTokenException', async () => {
  const response = await fetch(`${t.endpoint.url}/2015-03-31/functions`);
  assert.equal(response.status, 403);
  assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  assert.equal(
    ((await response.json()) as { message: string }).message,
    'Missing Authentication Token',
  );
  const logs = await fetch(t.endpoint.url, {
    method: 'POST',
    headers: {
      'x-amz-target': 'Logs_20140328.DescribeLogGroups',
      'content-type': 'application/x-amz-json-1.1',
    },
    body: '{}',
  });
  assert.equal(logs.status, 403);
  assert.equal(
    ((await logs.json()) as { __type: string }).__type,
    'MissingAuthenticationTokenException',
  );
});

test('a request signed with a wrong secret is 403 InvalidSignatureException', async () => {
  const wrong = clientWith({
    accessKeyId: t.endpoint.credentials.accessKeyId,
    secretAccessKey: 'x'.repeat(40),
  });
  try {
    const signatureMismatch =
      /^The request signature we calculated does not match the signature you provided\./;
    await rejects403(
      wrong.lambda.send(new ListFunctionsCommand({})),
      LambdaServiceException,
      'InvalidSignatureException',
      signatureMismatch,
    );
    await rejects403(
      wrong.logs.send(new DescribeLogGroupsCommand({})),
      Error,
      'InvalidSignatureException',
      signatureMismatch,
    );
  } finally {
    wrong.lambda.destroy();
    wrong.logs.destroy();
  }
});

test('an unknown access key is 403 UnrecognizedClientException', async () => {
  const stranger = clientWith({
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: t.endpoint.credentials.secretAccessKey,
  });
  try {
    await rejects403(
      stranger.lambda.send(new ListFunctionsCommand({})),
      LambdaServiceException,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
    await rejects403(
      stranger.logs.send(new DescribeLogGroupsCommand({})),
      UnrecognizedClientException,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  } finally {
    stranger.lambda.destroy();
    stranger.logs.destroy();
  }
});

test('a body changed after signing, or a signature for another service, is refused', async () => {
  // Signed with x-amz-content-sha256 (the signer adds it by default), then with the body's hash only.
  const tampered = await signedRequest({
    method: 'POST',
    path: '/2015-03-31/functions',
    body: '{"FunctionName":"a"}',
    sendBody: '{"FunctionName":"b"}',
  });
  assert.equal(tampered.status, 403);
  assert.equal(tampered.headers['x-amzn-errortype'], 'InvalidSignatureException');
  assert.equal(
    (JSON.parse(tampered.body) as { message: string }).message,
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
  );
  const tamperedNoHeader = await signedRequest({
    method: 'POST',
    path: '/2015-03-31/functions',
    body: '{"FunctionName":"a"}',
    sendBody: '{"FunctionName":"b"}',
    applyChecksum: false,
  });
  assert.equal(tamperedNoHeader.status, 403);
  assert.equal(tamperedNoHeader.headers['x-amzn-errortype'], 'InvalidSignatureException');
  assert.match(
    (JSON.parse(tamperedNoHeader.body) as { message: string }).message,
    /^The request signature we calculated does not match/,
  );
  const otherService = await signedRequest({ path: '/2015-03-31/functions', service: 'logs' });
  assert.equal(otherService.status, 403);
  assert.equal(otherService.headers['x-amzn-errortype'], 'InvalidSignatureException');
  assert.equal(
    (JSON.parse(otherService.body) as { message: string }).message,
    "Credential should be scoped to correct service: 'lambda'.",
  );
});

test('a correctly signed request with a non-loopback Host header is 403', async () => {
  const port = new URL(t.endpoint.url).port;
  const evil = await signedRequest({ path: '/2015-03-31/functions', host: `evil.example:${port}` });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers['x-amzn-errortype'], 'AccessDeniedException');
  const rebound = await signedRequest({
    path: '/2015-03-31/functions',
    host: `127.0.0.1.evil.example:${port}`,
  });
  assert.equal(rebound.status, 403);
  // The same signing with loopback names is accepted, so the refusal was the Host's doing.
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    const ok = await signedRequest({ path: '/2015-03-31/functions', host });
    assert.equal(ok.status, 200, `${host}: ${ok.body}`);
  }
});

test('a signature older (or newer) than 15 minutes is refused', async () => {
  const old = await signedRequest({
    path: '/2015-03-31/functions',
    signingDate: new Date(Date.now() - 16 * 60_000),
  });
  assert.equal(old.status, 403);
  assert.equal(old.headers['x-amzn-errortype'], 'InvalidSignatureException');
  assert.match(
    (JSON.parse(old.body) as { message: string }).message,
    /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
  );
  const late = clientWith(t.endpoint.credentials, { systemClockOffset: 20 * 60_000 });
  try {
    await rejects403(
      late.lambda.send(new ListFunctionsCommand({})),
      LambdaServiceException,
      'InvalidSignatureException',
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
    );
  } finally {
    late.lambda.destroy();
    late.logs.destroy();
  }
  const recent = await signedRequest({
    path: '/2015-03-31/functions',
    signingDate: new Date(Date.now() - 14 * 60_000),
  });
  assert.equal(recent.status, 200);
});

test('a Credential scope for another day than X-Amz-Date is refused, naming both', async () => {
  const signed = await signedRequest({ path: '/2015-03-31/functions' });
  assert.equal(signed.status, 200);
  let amzDate = '';
  const response = await signedRequest({
    path: '/2015-03-31/functions',
    tamper: (headers) => {
      amzDate = headers['x-amz-date']!;
      headers.authorization = headers.authorization!.replace(
        `/${amzDate.slice(0, 8)}/`,
        '/20200101/',
      );
    },
  });
  assert.equal(response.status, 403);
  assert.equal(response.headers['x-amzn-errortype'], 'InvalidSignatureException');
  assert.equal(
    (JSON.parse(response.body) as { message: string }).message,
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20200101' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
  );
});

test('credentials.json and the lock are readable by their owner only', () => {
  assert.equal(statSync(join(t.home, 'credentials.json')).mode & 0o777, 0o600);
  assert.equal(statSync(join(t.home, 'endpoint.lock')).mode & 0o777, 0o600);
  assert.equal(statSync(t.home).mode & 0o077, 0, 'the home is not open to others');
});

test('the endpoint listens on 127.0.0.1 only', async (context) => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!external) {
    context.skip('this machine has no non-loopback IPv4 address to try');
    return;
  }
  const port = Number(new URL(t.endpoint.url).port);
  const outcome = await new Promise<string>((resolve) => {
    const socket = connect({ host: external.address, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
  assert.notEqual(outcome, 'connected', `${external.address}:${port} accepted a connection`);
});

test('the code URL needs its token', async () => {
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'secret-code',
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::123456789012:role/r',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
    }),
  );
  const location = new URL(
    (await t.lambda.send(new GetFunctionCommand({ FunctionName: 'secret-code' }))).Code!.Location!,
  );
  assert.equal((await fetch(location)).status, 200);
  const token = location.searchParams.get('token')!;
  const without = new URL(location);
  without.search = '';
  assert.equal((await fetch(without)).status, 403);
  const wrong = new URL(location);
  wrong.searchParams.set('token', `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`);
  assert.equal((await fetch(wrong)).status, 403);
  // A token is for one zip only.
  const otherZip = new URL(location);
  otherZip.pathname = otherZip.pathname.replace(/[0-9a-f]{64}$/, '0'.repeat(64));
  assert.equal((await fetch(otherZip)).status, 403);
});
