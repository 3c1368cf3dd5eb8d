// Function URLs called over real HTTP (curl and Node's fetch) on the local endpoint: the payload
// 2.0 event field by field, the response mapping, AWS_IAM's signature check, CORS, and hostile or
// malformed requests, none of which stops the endpoint.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { generateEvent } from '../../src/core/events/catalog';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction } from './invokeKit';
import { createUrl, curl, ROUTED_HANDLER } from './functionUrlKit';

/** A parsed event, read field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape, checked by the assertions
type Json = Record<string, any>;

let t: TestEndpoint;
let url: string;
let iamUrl: string;
let corsUrl: string;

before(async () => {
  t = await startTestEndpoint();
  await createFunction(t, 'web', { 'index.js': ROUTED_HANDLER }, { timeout: 1 });
  url = await createUrl(t, { FunctionName: 'web' });
  await createFunction(t, 'private', { 'index.js': ROUTED_HANDLER });
  iamUrl = await createUrl(t, { FunctionName: 'private', AuthType: 'AWS_IAM' });
  await createFunction(t, 'shared', { 'index.js': ROUTED_HANDLER });
  corsUrl = await createUrl(t, {
    FunctionName: 'shared',
    Cors: {
      AllowOrigins: ['https://app.example'],
      AllowMethods: ['GET', 'POST'],
      AllowHeaders: ['content-type', 'x-token'],
      ExposeHeaders: ['x-custom'],
      AllowCredentials: true,
      MaxAge: 300,
    },
  });
});

after(() => t.close());

const echo = async (args: string[], path = '/echo?a=1&a=2&b=x%20y') => {
  const answer = await curl([...args, `${url}${path.slice(1)}`]);
  assert.equal(answer.status, 200, answer.body.toString());
  return JSON.parse(answer.body.toString()) as Json;
};

test('a GET with a query, cookies and a repeated header arrives as AWS sends payload 2.0', async () => {
  const before = Date.now();
  const event = await echo([
    '-H',
    'Cookie: c1=v1; c2=v2',
    '-H',
    'X-Dup: one',
    '-H',
    'X-Dup: two',
    '-A',
    'agent/1.0',
  ]);
  const port = new URL(url).port;
  assert.equal(event.version, '2.0');
  assert.equal(event.routeKey, '$default');
  assert.equal(event.rawPath, '/echo');
  assert.equal(event.rawQueryString, 'a=1&a=2&b=x%20y');
  assert.deepEqual(event.cookies, ['c1=v1', 'c2=v2']);
  assert.deepEqual(event.queryStringParameters, { a: '1,2', b: 'x y' });
  assert.equal(event.headers['x-dup'], 'one,two');
  assert.equal(event.headers.cookie, undefined, 'cookies travel in `cookies` only');
  assert.equal(event.headers.host, `127.0.0.1:${port}`);
  assert.equal(event.headers['user-agent'], 'agent/1.0');
  // What Lambda's front end adds.
  assert.equal(event.headers['x-forwarded-for'], '127.0.0.1');
  assert.equal(event.headers['x-forwarded-port'], port);
  assert.equal(event.headers['x-forwarded-proto'], 'http');
  assert.match(event.headers['x-amzn-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  assert.ok(Object.keys(event.headers).every((name) => name === name.toLowerCase()));
  assert.equal(event.isBase64Encoded, false);
  assert.equal('body' in event, false, 'a request without a body has no body key');
  assert.equal('pathParameters' in event, false);
  assert.equal('stageVariables' in event, false);
  const ctx = event.requestContext;
  assert.equal(ctx.accountId, 'anonymous');
  assert.match(ctx.apiId, /^[a-z0-9]{32}$/);
  assert.equal(ctx.domainPrefix, ctx.apiId);
  assert.equal(ctx.domainName, `127.0.0.1:${port}`);
  assert.equal(ctx.authorizer, undefined);
  assert.deepEqual(ctx.http, {
    method: 'GET',
    path: '/echo',
    protocol: 'HTTP/1.1',
    sourceIp: '127.0.0.1',
    userAgent: 'agent/1.0',
  });
  assert.match(ctx.requestId, /^[0-9a-f-]{36}$/);
  assert.equal(ctx.routeKey, '$default');
  assert.equal(ctx.stage, '$default');
  assert.equal(typeof ctx.timeEpoch, 'number');
  assert.ok(ctx.timeEpoch >= before - 1000 && ctx.timeEpoch <= Date.now());
  assert.match(ctx.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);

  // The same keys as the catalog's Function URL sample (built from AWS's documented shape).
  const sample = generateEvent('lambda', 'function-url', { query: 'a=1', body: '{}' }) as Json;
  const keys = (o: object) => Object.keys(o).sort();
  assert.deepEqual(
    keys(event).filter((k) => k !== 'cookies'),
    keys(sample).filter((k) => k !== 'body'),
  );
  assert.deepEqual(keys(ctx), keys(sample.requestContext));
  assert.deepEqual(keys(ctx.http), keys(sample.requestContext.http));
});

test('a POSTed JSON body arrives as text; a binary or untyped body as base64', async () => {
  const json = await echo(
    ['-X', 'POST', '-H', 'content-type: application/json', '--data-binary', '{"name":"Ada"}'],
    '/echo',
  );
  assert.equal(json.body, '{"name":"Ada"}');
  assert.equal(json.isBase64Encoded, false);
  assert.equal(json.requestContext.http.method, 'POST');

  const bytes = Buffer.from([0, 1, 2, 250, 255]);
  const binary = await fetch(`${url}echo`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  const event = (await binary.json()) as Json;
  assert.equal(event.isBase64Encoded, true);
  assert.deepEqual(Buffer.from(event.body, 'base64'), bytes);

  const form = await echo(['-X', 'POST', '--data', 'a=1&b=2'], '/echo');
  assert.equal(form.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(form.isBase64Encoded, true, 'Lambda base64-encodes form posts');
  assert.equal(Buffer.from(form.body, 'base64').toString(), 'a=1&b=2');
});

test('a body sent in chunks (no Content-Length) arrives whole; an empty declared body is none', async () => {
  const chunked = await echo(
    [
      '-X',
      'POST',
      '-H',
      'content-type: application/json',
      '-H',
      'transfer-encoding: chunked',
      '--data-binary',
      '{"sent":"in chunks"}',
    ],
    '/echo',
  );
  assert.equal(chunked.body, '{"sent":"in chunks"}');
  const empty = await echo(['-X', 'POST', '-H', 'content-length: 0'], '/echo');
  assert.equal('body' in empty, false, 'a declared empty body is no body');
});

test('results map to HTTP as AWS maps them: structured, plain object, string, number, binary', async () => {
  const structured = await curl([`${url}structured`]);
  assert.equal(structured.status, 201);
  assert.deepEqual(structured.headers['x-custom'], ['yes']);
  assert.deepEqual(structured.headers['set-cookie'], ['a=1; Max-Age=60', 'b=2']);
  assert.equal(structured.body.toString(), 'created');
  assert.ok(structured.headers['x-amzn-requestid']);

  const object = await fetch(`${url}object`);
  assert.equal(object.status, 200);
  assert.equal(object.headers.get('content-type'), 'application/json');
  assert.deepEqual(await object.json(), { hello: 'world' });

  const string = await fetch(`${url}string`);
  assert.equal(string.status, 200);
  assert.equal(string.headers.get('content-type'), 'application/json');
  assert.equal(
    await string.text(),
    '"Hello, world!"',
    'AWS sends the JSON of the string, quotes included',
  );

  const number = await fetch(`${url}number`);
  assert.equal(await number.text(), '42');

  const binary = await fetch(`${url}binary`);
  assert.equal(binary.headers.get('content-type'), 'application/octet-stream');
  assert.deepEqual(Buffer.from(await binary.arrayBuffer()), Buffer.from([0, 1, 2, 255]));
});

test('a function error, a time-out and a malformed response are 502 Internal Server Error', async () => {
  for (const path of ['throw', 'slow', 'bad-header']) {
    const answer = await fetch(`${url}${path}`);
    assert.equal(answer.status, 502, path);
    assert.equal(await answer.text(), 'Internal Server Error');
    assert.equal(answer.headers.get('x-injected'), null);
  }
  // And the URL keeps serving.
  assert.equal((await fetch(`${url}object`)).status, 200);
});

async function signedFetch(
  target: string,
  init: { method?: string; body?: string; secret?: string; service?: string } = {},
): Promise<Response> {
  const { credentials } = t.endpoint;
  const parsed = new URL(target);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: init.secret ?? credentials.secretAccessKey,
    },
    region: 'us-east-1',
    service: init.service ?? 'lambda',
    sha256: Hash.bind(null, 'sha256'),
  });
  const query = Object.fromEntries(parsed.searchParams);
  const signed = await signer.sign({
    method: init.method ?? 'GET',
    protocol: 'http:',
    hostname: parsed.hostname,
    port: Number(parsed.port),
    path: parsed.pathname,
    query,
    headers: { host: parsed.host, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: init.body } : {}),
  });
  return fetch(target, {
    method: signed.method,
    headers: signed.headers as Record<string, string>,
    ...(init.body ? { body: init.body } : {}),
  });
}

test('AWS_IAM: a SigV4-signed request (service lambda) runs with the caller in requestContext; others get 403 Forbidden', async () => {
  const unsigned = await curl([`${iamUrl}echo`]);
  assert.equal(unsigned.status, 403);
  assert.equal(unsigned.body.toString(), '{"Message":"Forbidden"}');

  const signed = await signedFetch(`${iamUrl}echo?x=1`, { method: 'POST', body: '{"a":1}' });
  assert.equal(signed.status, 200);
  const event = (await signed.json()) as Json;
  assert.equal(event.body, '{"a":1}');
  assert.equal(event.requestContext.accountId, '123456789012');
  const iam = event.requestContext.authorizer.iam;
  assert.equal(iam.accessKey, t.endpoint.credentials.accessKeyId);
  assert.equal(iam.accountId, '123456789012');
  assert.equal(iam.cognitoIdentity, null);
  assert.equal(iam.principalOrgId, null);
  assert.match(iam.userArn, /^arn:aws:iam::123456789012:user\//);
  assert.equal(iam.callerId, iam.userId);

  const wrongSecret = await signedFetch(`${iamUrl}echo`, { secret: 'not-the-secret' });
  assert.equal(wrongSecret.status, 403);
  assert.deepEqual(await wrongSecret.json(), { Message: 'Forbidden' });
  const otherService = await signedFetch(`${iamUrl}echo`, { service: 's3' });
  assert.equal(otherService.status, 403);
});

test("CORS: the URL answers preflights itself and its configuration wins over the function's headers", async () => {
  // /throw would be a 502 if the function ran.
  const preflight = await curl([
    '-X',
    'OPTIONS',
    '-H',
    'Origin: https://app.example',
    '-H',
    'Access-Control-Request-Method: POST',
    '-H',
    'Access-Control-Request-Headers: content-type',
    `${corsUrl}throw`,
  ]);
  assert.equal(preflight.status, 200);
  assert.deepEqual(preflight.headers['access-control-allow-origin'], ['https://app.example']);
  assert.deepEqual(preflight.headers['access-control-allow-methods'], ['GET,POST']);
  assert.deepEqual(preflight.headers['access-control-allow-headers'], ['content-type,x-token']);
  assert.deepEqual(preflight.headers['access-control-allow-credentials'], ['true']);
  assert.deepEqual(preflight.headers['access-control-max-age'], ['300']);

  const otherOrigin = await curl([
    '-X',
    'OPTIONS',
    '-H',
    'Origin: https://evil.example',
    '-H',
    'Access-Control-Request-Method: POST',
    `${corsUrl}throw`,
  ]);
  assert.equal(otherOrigin.status, 200);
  assert.equal(
    otherOrigin.headers['access-control-allow-origin'],
    undefined,
    'no grant for an origin not allowed',
  );

  const actual = await curl(['-H', 'Origin: https://app.example', `${corsUrl}structured`]);
  assert.equal(actual.status, 201);
  assert.deepEqual(
    actual.headers['access-control-allow-origin'],
    ['https://app.example'],
    'the configuration wins over the function',
  );
  assert.deepEqual(actual.headers['access-control-expose-headers'], ['x-custom']);
  assert.deepEqual(actual.headers['access-control-allow-credentials'], ['true']);

  // Without Cors configured, OPTIONS is a request like any other: the function answers it.
  const plain = await curl([
    '-X',
    'OPTIONS',
    '-H',
    'Origin: https://app.example',
    '-H',
    'Access-Control-Request-Method: POST',
    `${url}object`,
  ]);
  assert.equal(plain.status, 200);
  assert.equal(plain.body.toString(), '{"hello":"world"}');
});

test('hostile and malformed requests get an answer and never stop the endpoint', async () => {
  const rebinding = await curl(['-H', 'Host: attacker.example', `${url}object`]);
  assert.equal(rebinding.status, 403, 'a DNS-rebound page sends its own Host');
  const otherPort = await curl(['-H', 'Host: 127.0.0.1:1', `${url}object`]);
  assert.equal(otherPort.status, 403);
  assert.equal(
    (await curl(['-H', `Host: localhost:${new URL(url).port}`, `${url}object`])).status,
    200,
  );

  const huge = Buffer.alloc(6 * 1024 * 1024 + 1, 97);
  const declared = await fetch(`${url}echo`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: huge,
  });
  assert.equal(declared.status, 413);
  const chunked = await fetch(`${url}echo`, {
    method: 'POST',
    body: new ReadableStream({
      start(c) {
        c.enqueue(huge.subarray(0, 4_000_000));
        c.enqueue(huge.subarray(4_000_000));
        c.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  assert.equal(chunked.status, 413);
  // Just under the limit, the body fits but the event (base64 adds a third) does not.
  const base64Grows = await fetch(`${url}echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: huge.subarray(0, 5 * 1024 * 1024),
  });
  assert.equal(base64Grows.status, 413);

  // A request in absolute form (as through a proxy) has the path alone as rawPath.
  const viaProxy = await curl([
    '--proxy',
    url,
    'http://127.0.0.1:' + new URL(url).port + '/echo?q=1',
  ]);
  assert.equal(JSON.parse(viaProxy.body.toString()).rawPath, '/echo');

  const garbage = await new Promise<string>((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () =>
      socket.write('NOT HTTP AT ALL\r\n\r\n'),
    );
    let text = '';
    socket.on('data', (d) => {
      text += d;
    });
    socket.on('close', () => resolve(text));
  });
  assert.match(garbage, /^HTTP\/1\.1 400/);

  const aborted = connect(Number(new URL(url).port), '127.0.0.1', () => {
    aborted.write(
      `POST /echo HTTP/1.1\r\nHost: 127.0.0.1:${new URL(url).port}\r\nContent-Length: 1000\r\n\r\nhalf`,
    );
    aborted.destroy();
  });

  assert.equal((await fetch(`${url}object`)).status, 200, 'the URL still serves');
  assert.equal(
    (await fetch(`${t.endpoint.url}/2015-03-31/functions`)).status,
    403,
    'the endpoint still answers',
  );
});
