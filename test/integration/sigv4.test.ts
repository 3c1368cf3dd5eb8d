// The endpoint's SigV4 verification against requests signed by the AWS SDK's own signer, as
// clients sign them: every request it signs must verify, and any change to what was signed must not.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import {
  checkAuthorization,
  parseQuery,
  verifySignature,
  type SignedRequest,
} from '../../src/local/http/sigv4';

const credentials = { accessKeyId: 'LLIATESTKEY', secretAccessKey: 'test/secret+key=' };
const now = new Date('2026-11-28T11:37:06Z');

interface Shape {
  readonly method: string;
  /** The path as sent on the wire (percent-encoded). */
  readonly path: string;
  readonly rawQuery?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly region?: string;
  readonly service?: string;
  readonly applyChecksum?: boolean;
}

const SHAPES: Shape[] = [
  { method: 'GET', path: '/2015-03-31/functions/' },
  {
    method: 'POST',
    path: '/2015-03-31/functions/hello/invocations',
    body: '{"a":1}',
    headers: { 'x-amz-invocation-type': 'RequestResponse', 'x-amz-log-type': 'Tail' },
  },
  {
    method: 'POST',
    path: '/2015-03-31/functions/hello/invocations',
    body: '',
    applyChecksum: false,
  },
  {
    method: 'POST',
    path: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Ahello%3Alive/invocations',
    body: '{}',
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions/hello/configuration',
    rawQuery: 'Qualifier=%24LATEST',
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions',
    rawQuery: 'MaxItems=50&Marker=a%20b%2Fc%2Bd&FunctionVersion=ALL',
  },
  { method: 'GET', path: '/2015-03-31/functions', rawQuery: 'tag=b&tag=a&empty=&flag' },
  // Keys that name a plain object's own members must be read as keys, not as those members.
  {
    method: 'GET',
    path: '/2015-03-31/functions',
    rawQuery: 'constructor=a&__proto__=b&toString=c&hasOwnProperty=d',
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions',
    rawQuery: 'odd=%21%27%28%29%2A%7E&%C3%A9t%C3%A9=%E2%9C%93',
  },
  {
    method: 'DELETE',
    path: '/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Ahello',
    rawQuery: 'tagKeys=a&tagKeys=b%20c',
  },
  {
    method: 'PUT',
    path: '/2015-03-31/functions/hello/code',
    body: JSON.stringify({ ZipFile: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' }),
    headers: { 'content-type': 'application/json' },
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions/./hello/../hello/',
    headers: { 'x-custom': '  spaced   out\tvalue  ' },
  },
  {
    method: 'POST',
    path: '/',
    body: '{"logGroupNamePrefix":"/aws"}',
    service: 'logs',
    region: 'eu-west-3',
    headers: {
      'x-amz-target': 'Logs_20140328.DescribeLogGroups',
      'content-type': 'application/x-amz-json-1.1',
    },
  },
  {
    method: 'POST',
    path: '/2015-03-31/functions/hello/invocations',
    body: '{}',
    headers: { 'user-agent': 'aws-cli/2', 'x-amz-security-token': 'token==' },
  },
];

/** Signs a shape with the SDK's signer and returns the request as the endpoint receives it. */
async function signedBySdk(shape: Shape, signableHeaders?: Set<string>): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials,
    region: shape.region ?? 'us-east-1',
    service: shape.service ?? 'lambda',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: shape.applyChecksum ?? true,
  });
  const query = parseQuery(shape.rawQuery ?? '');
  const headers = { host: '127.0.0.1:4566', ...shape.headers };
  const body = shape.body === undefined ? new Uint8Array() : Buffer.from(shape.body);
  // The SDK signs the path it sends (already encoded); the endpoint receives the same bytes.
  const signed = await signer.sign(
    new HttpRequest({
      method: shape.method,
      hostname: '127.0.0.1',
      port: 4566,
      path: shape.path,
      query,
      headers,
      body,
    }),
    { signingDate: now, ...(signableHeaders ? { signableHeaders } : {}) },
  );
  const received: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers))
    received[name.toLowerCase()] = String(value);
  return { method: shape.method, rawPath: shape.path, query, headers: received, body };
}

test('every request the SDK signs verifies, for each path, query, header and body shape', async () => {
  for (const shape of SHAPES) {
    const request = await signedBySdk(shape);
    assert.deepEqual(
      await verifySignature(request, credentials, now),
      { region: shape.region ?? 'us-east-1', service: shape.service ?? 'lambda' },
      `${shape.method} ${shape.path}?${shape.rawQuery ?? ''}`,
    );
  }
});

test('headers the SDK does not sign by default verify when the client signed them', async () => {
  const request = await signedBySdk(SHAPES[SHAPES.length - 1]!, new Set(['user-agent']));
  assert.match(String(request.headers.authorization), /SignedHeaders=[^,]*user-agent/);
  assert.deepEqual(await verifySignature(request, credentials, now), {
    region: 'us-east-1',
    service: 'lambda',
  });
});

test('a change to the method, path, query, a signed header or the key is refused', async () => {
  const base = await signedBySdk({
    method: 'POST',
    path: '/2015-03-31/functions/hello/invocations',
    rawQuery: 'Qualifier=1',
    body: '{}',
    headers: { 'x-amz-log-type': 'Tail' },
    applyChecksum: false,
  });
  const refused = async (request: SignedRequest, secret = credentials.secretAccessKey) => {
    const result = await verifySignature(request, { ...credentials, secretAccessKey: secret }, now);
    assert.ok(
      'type' in result && result.type === 'InvalidSignatureException',
      JSON.stringify(result),
    );
  };
  await refused({ ...base, method: 'PUT' });
  await refused({ ...base, rawPath: '/2015-03-31/functions/other/invocations' });
  await refused({ ...base, query: { Qualifier: '2' } });
  await refused({ ...base, headers: { ...base.headers, 'x-amz-log-type': 'None' } });
  await refused({ ...base, body: Buffer.from('{"a":1}') });
  await refused(base, 'another secret');
  // Headers the client did not sign may change (proxies add some).
  assert.ok(
    !(
      'type' in
      (await verifySignature(
        { ...base, headers: { ...base.headers, 'x-forwarded-for': '127.0.0.1' } },
        credentials,
        now,
      ))
    ),
  );
});

test("a signature that leaves host out of SignedHeaders is refused with AWS's words, before the body counts", async () => {
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 'lambda',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'GET',
      hostname: '127.0.0.1',
      port: 4566,
      path: '/2015-03-31/functions',
      headers: { host: '127.0.0.1:4566' },
    }),
    { signingDate: now, unsignableHeaders: new Set(['host']) },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers))
    headers[name.toLowerCase()] = String(value);
  assert.doesNotMatch(headers.authorization!, /SignedHeaders=[^,]*host/);
  const expected = {
    type: 'InvalidSignatureException',
    message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    status: 403,
  };
  assert.deepEqual(checkAuthorization(headers, credentials, now), expected);
  assert.deepEqual(
    await verifySignature(
      {
        method: 'GET',
        rawPath: '/2015-03-31/functions',
        query: {},
        headers,
        body: new Uint8Array(),
      },
      credentials,
      now,
    ),
    expected,
  );
});

test('the checks made before the body: a wrong key, a stale date or a bad region are refused from the headers alone', async () => {
  const { headers } = await signedBySdk(SHAPES[0]!);
  assert.deepEqual(checkAuthorization(headers, { ...credentials, accessKeyId: 'LLIAOTHER' }, now), {
    type: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
    status: 403,
  });
  const later = new Date(now.getTime() + 16 * 60_000);
  assert.match(
    (checkAuthorization(headers, credentials, later) as { message: string }).message,
    /^Signature expired: /,
  );
  const claims = checkAuthorization(headers, credentials, now);
  assert.ok(!('type' in claims), JSON.stringify(claims));
  assert.equal(claims.region, 'us-east-1');
  assert.ok(claims.signedHeaders.includes('host'));
});

test("query keys that name a plain object's members (constructor, __proto__, toString) are plain keys", () => {
  const query = parseQuery('constructor=a&__proto__=b&toString=c&toString=d');
  assert.deepEqual(Object.entries(query), [
    ['constructor', 'a'],
    ['__proto__', 'b'],
    ['toString', ['c', 'd']],
  ]);
});
