// Payload format 2.0 (Function URLs, later HTTP APIs): the event built from a raw request, the
// HTTP response mapped from a function's result, and the CORS decisions.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  allowedOrigin,
  isPreflight,
  preflightHeaders,
  responseCorsHeaders,
  withoutCorsHeaders,
} from '../../src/core/http/cors';
import { eventBody, payloadV2Event, queryParameters } from '../../src/core/http/payloadV2Event';
import { payloadV2Response } from '../../src/core/http/payloadV2Response';
import { requestContextTime } from '../../src/core/awsTime';

const NOW = new Date('2026-12-07T05:11:17.123Z');
const CONTEXT = {
  urlId: 'a'.repeat(32),
  domainName: '127.0.0.1:4000',
  accountId: '123456789012',
  requestId: 'req-1',
  now: NOW,
};

test("requestContext.time is API Gateway's format", () => {
  assert.equal(requestContextTime(NOW), '07/Dec/2026:05:11:17 +0000');
});

test('the event from a raw request: headers joined and lower-cased, cookies split out, query decoded', () => {
  const event = payloadV2Event(
    {
      method: 'GET',
      target: '/p/a%20b?x=1&x=2&y=%E2%9C%93&flag',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      body: new Uint8Array(),
      rawHeaders: [
        'Host',
        '127.0.0.1:4000',
        'X-Dup',
        'a',
        'x-dup',
        'b',
        'Cookie',
        'k1=v1; k2=v2',
        'cookie',
        'k3=v3',
        'User-Agent',
        'ua',
      ],
    },
    CONTEXT,
  );
  assert.deepEqual(event, {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/p/a%20b',
    rawQueryString: 'x=1&x=2&y=%E2%9C%93&flag',
    cookies: ['k1=v1', 'k2=v2', 'k3=v3'],
    headers: { host: '127.0.0.1:4000', 'x-dup': 'a,b', 'user-agent': 'ua' },
    queryStringParameters: { x: '1,2', y: '✓', flag: '' },
    requestContext: {
      accountId: 'anonymous',
      apiId: CONTEXT.urlId,
      domainName: '127.0.0.1:4000',
      domainPrefix: CONTEXT.urlId,
      http: {
        method: 'GET',
        path: '/p/a%20b',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'ua',
      },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '07/Dec/2026:05:11:17 +0000',
      timeEpoch: NOW.getTime(),
    },
    isBase64Encoded: false,
  });
});

test("the front end's headers: forwarded port, scheme and address (appended to the client's own), trace id", () => {
  const event = payloadV2Event(
    {
      method: 'GET',
      target: '/',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      body: new Uint8Array(),
      rawHeaders: ['X-Forwarded-For', '10.0.0.1'],
    },
    { ...CONTEXT, forwarded: { port: 4000, proto: 'http', traceId: 'Root=1-x' } },
  );
  assert.deepEqual(event.headers, {
    'x-forwarded-for': '10.0.0.1, 127.0.0.1',
    'x-amzn-trace-id': 'Root=1-x',
    'x-forwarded-port': '4000',
    'x-forwarded-proto': 'http',
  });
});

test('an AWS_IAM caller is in requestContext.authorizer.iam and its account in accountId', () => {
  const iam = {
    accessKey: 'AKIA1',
    accountId: '111122223333',
    callerId: 'AIDA1',
    userArn: 'arn:aws:iam::111122223333:user/u',
    userId: 'AIDA1',
  };
  const event = payloadV2Event(
    {
      method: 'GET',
      target: '/',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      body: new Uint8Array(),
      rawHeaders: [],
    },
    { ...CONTEXT, iam },
  );
  assert.equal(event.requestContext.accountId, '111122223333');
  assert.deepEqual(event.requestContext.authorizer, {
    iam: { ...iam, cognitoIdentity: null, principalOrgId: null },
  });
  assert.equal('queryStringParameters' in event, false);
  assert.equal('cookies' in event, false);
});

test('bodies: textual types as text, everything else (and text that is not UTF-8) as base64', () => {
  const text = Buffer.from('{"a":"é"}');
  assert.deepEqual(eventBody(text, 'application/json; charset=utf-8'), {
    body: '{"a":"é"}',
    isBase64Encoded: false,
  });
  assert.deepEqual(eventBody(text, 'text/plain'), { body: '{"a":"é"}', isBase64Encoded: false });
  assert.deepEqual(eventBody(text, 'application/xml'), {
    body: '{"a":"é"}',
    isBase64Encoded: false,
  });
  assert.equal(eventBody(text, 'application/x-www-form-urlencoded').isBase64Encoded, true);
  assert.equal(eventBody(text, undefined).isBase64Encoded, true);
  assert.equal(eventBody(text, 'image/png').body, text.toString('base64'));
  assert.equal(eventBody(Buffer.from([0xff, 0xfe]), 'text/plain').isBase64Encoded, true);
});

test('query parameters: a malformed escape stays as sent, a key without value is empty', () => {
  assert.deepEqual({ ...queryParameters('a=%ZZ&b&c=1&c=') }, { a: '%ZZ', b: '', c: '1,' });
});

const answer = (result: unknown, functionError = false) =>
  payloadV2Response(
    Buffer.from(typeof result === 'string' ? result : JSON.stringify(result)),
    functionError,
  );

test('results: structured, inferred (object, string, number, array), and the 502s', () => {
  const structured = answer({
    statusCode: 201,
    headers: { 'X-A': 'b', 'X-N': 5 },
    cookies: ['c=1', 'd=2'],
    body: 'hi',
  });
  assert.equal(structured.status, 201);
  assert.deepEqual(structured.headers, [
    ['x-a', 'b'],
    ['x-n', '5'],
    ['set-cookie', 'c=1'],
    ['set-cookie', 'd=2'],
  ]);
  assert.equal(structured.body.toString(), 'hi');
  assert.deepEqual(
    answer({ statusCode: 200, body: 'AAEC', isBase64Encoded: true }).body,
    Buffer.from([0, 1, 2]),
  );
  assert.equal(answer({ statusCode: 204 }).body.length, 0);

  for (const value of [{ hello: 'world' }, 'Hello, world!', 42, [1, 2], null]) {
    const inferred = answer(JSON.stringify(value));
    assert.equal(inferred.status, 200);
    assert.deepEqual(inferred.headers, [['content-type', 'application/json']]);
    assert.equal(inferred.body.toString(), JSON.stringify(value));
  }

  for (const bad of [
    { statusCode: 'abc' },
    { statusCode: 99 },
    { statusCode: 200, headers: { 'x-a': 'a\r\nb: c' } },
    { statusCode: 200, headers: { 'bad name': 'x' } },
    { statusCode: 200, cookies: 'c=1' },
    { statusCode: 200, headers: { a: { nested: 1 } } },
  ]) {
    assert.equal(answer(bad).status, 502, JSON.stringify(bad));
  }
  assert.equal(answer('not json{').status, 502);
  const failed = answer({ errorType: 'Error', errorMessage: 'boom' }, true);
  assert.equal(failed.status, 502);
  assert.equal(failed.body.toString(), 'Internal Server Error');
});

test('CORS: origins, wildcard with and without credentials, preflight and response headers', () => {
  const cors = {
    AllowOrigins: ['https://app.example'],
    AllowMethods: ['GET', 'POST'],
    AllowHeaders: ['x-token'],
    ExposeHeaders: ['x-id'],
    MaxAge: 10,
  };
  assert.equal(allowedOrigin(cors, 'https://app.example'), 'https://app.example');
  assert.equal(allowedOrigin(cors, 'https://evil.example'), undefined);
  assert.equal(allowedOrigin({ AllowOrigins: ['*'] }, 'https://x.example'), '*');
  assert.equal(
    allowedOrigin({ AllowOrigins: ['*'], AllowCredentials: true }, 'https://x.example'),
    'https://x.example',
  );

  assert.equal(
    isPreflight('OPTIONS', {
      origin: 'https://app.example',
      'access-control-request-method': 'GET',
    }),
    true,
  );
  assert.equal(isPreflight('OPTIONS', { origin: 'https://app.example' }), false);
  assert.deepEqual(
    preflightHeaders(cors, {
      origin: 'https://app.example',
      'access-control-request-method': 'POST',
    }),
    {
      'access-control-allow-origin': 'https://app.example',
      vary: 'Origin',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'x-token',
      'access-control-max-age': '10',
    },
  );
  assert.deepEqual(
    preflightHeaders(cors, {
      origin: 'https://app.example',
      'access-control-request-method': 'DELETE',
    }),
    {},
  );
  assert.deepEqual(
    preflightHeaders(
      { ...cors, AllowMethods: ['*'] },
      { origin: 'https://app.example', 'access-control-request-method': 'DELETE' },
    )['access-control-allow-methods'],
    '*',
  );
  assert.deepEqual(responseCorsHeaders(cors, { origin: 'https://app.example' }), {
    'access-control-allow-origin': 'https://app.example',
    vary: 'Origin',
    'access-control-expose-headers': 'x-id',
  });
  assert.deepEqual(responseCorsHeaders(cors, {}), {});
  assert.deepEqual(
    withoutCorsHeaders([
      ['access-control-allow-origin', '*'],
      ['x-a', 'b'],
    ]),
    [['x-a', 'b']],
  );
});
