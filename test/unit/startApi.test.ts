// `start-api`'s pure parts: route matching as API Gateway does it, the payload 1.0 event and its
// response mapping, and the routes read from a SAM template (with what is not honoured listed).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RouteTable, routePathProblem } from '../../src/core/http/routeMatching';
import { payloadV1Event, type PayloadV1Context } from '../../src/core/http/payloadV1Event';
import { payloadV1Response } from '../../src/core/http/payloadV1Response';
import { payloadV2Event } from '../../src/core/http/payloadV2Event';
import { readSamApis } from '../../src/core/deploy/samApiRoutes';
import { isBinaryType } from '../../src/core/http/binaryMediaTypes';

const NOW = new Date('2026-12-07T05:11:17.123Z');

test('route matching: most specific first, a named method before ANY, greedy last, $default after all', () => {
  const table = new RouteTable([
    { method: 'ANY', path: '/{proxy+}', id: 'greedy' },
    { method: 'GET', path: '/items/{id}', id: 'item' },
    { method: 'GET', path: '/items/special', id: 'special' },
    { method: 'ANY', path: '/items/{id}', id: 'item-any' },
    { method: 'GET', path: '/items', id: 'items' },
    { method: 'ANY', path: '$default', id: 'default' },
    { method: 'POST', path: '/items/{id}/{rest+}', id: 'deep' },
    { method: 'GET', path: '/', id: 'root' },
  ]);
  const cases: [string, string, string | undefined, Record<string, string>?][] = [
    ['GET', '/items/special', 'special'],
    ['GET', '/items/42', 'item', { id: '42' }],
    ['DELETE', '/items/42', 'item-any', { id: '42' }],
    ['GET', '/items', 'items'],
    ['GET', '/items/', 'items'],
    ['POST', '/items', 'greedy', { proxy: 'items' }],
    ['POST', '/items/7/a/b%20c', 'deep', { id: '7', rest: 'a/b c' }],
    ['GET', '/other/path', 'greedy', { proxy: 'other/path' }],
    ['GET', '/', 'root'],
    ['POST', '/', 'default'],
    ['get', '/items/a%2Fb', 'item', { id: 'a/b' }],
  ];
  for (const [method, path, id, parameters] of cases) {
    const found = table.match(method, path);
    assert.equal(found?.route.id, id, `${method} ${path}`);
    assert.deepEqual({ ...found?.pathParameters }, parameters ?? {}, `${method} ${path}`);
  }
  assert.deepEqual(
    table.ordered.map((r) => r.id),
    ['special', 'deep', 'item', 'item-any', 'items', 'greedy', 'root', 'default'],
  );
});

test('route matching: no route, a greedy path never matches the root, a parameter never matches an empty segment', () => {
  const table = new RouteTable([
    { method: 'GET', path: '/{proxy+}' },
    { method: 'GET', path: '/a/{b}/c' },
  ]);
  assert.equal(table.match('GET', '/'), undefined);
  assert.equal(table.match('GET', '/a//c')?.route.path, '/{proxy+}');
  assert.equal(table.match('POST', '/x'), undefined);
});

test('route paths API Gateway refuses are named', () => {
  assert.match(routePathProblem('/{proxy+}/x')!, /last segment/);
  assert.match(routePathProblem('items')!, /must start with/);
  assert.match(routePathProblem('/a{b}')!, /not a path segment/);
  assert.equal(routePathProblem('/a/{b}/{c+}'), undefined);
});

const REST: PayloadV1Context = {
  api: 'REST',
  apiId: 'abcdefghij',
  stage: 'Prod',
  resource: '/items/{id}',
  pathParameters: { id: '42' },
  accountId: '123456789012',
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  domainName: '127.0.0.1:3000',
  now: NOW,
};

test('the REST event (payload 1.0): names as sent, last value in headers, every value in multiValue…, stage in requestContext.path', () => {
  const event = payloadV1Event(
    {
      method: 'POST',
      target: '/items/42?a=1&a=2&b=x%20y',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      body: Buffer.from('{"x":1}'),
      rawHeaders: [
        'Host',
        '127.0.0.1:3000',
        'X-Dup',
        'one',
        'x-dup',
        'two',
        'Content-Type',
        'application/json',
        'User-Agent',
        'curl/8',
      ],
    },
    REST,
  );
  assert.equal(event.version, undefined);
  assert.equal(event.resource, '/items/{id}');
  assert.equal(event.path, '/items/42');
  assert.equal(event.httpMethod, 'POST');
  assert.deepEqual(event.headers, {
    Host: '127.0.0.1:3000',
    'X-Dup': 'two',
    'Content-Type': 'application/json',
    'User-Agent': 'curl/8',
  });
  assert.deepEqual(event.multiValueHeaders, {
    Host: ['127.0.0.1:3000'],
    'X-Dup': ['one', 'two'],
    'Content-Type': ['application/json'],
    'User-Agent': ['curl/8'],
  });
  assert.deepEqual(event.queryStringParameters, { a: '2', b: 'x y' });
  assert.deepEqual(event.multiValueQueryStringParameters, { a: ['1', '2'], b: ['x y'] });
  assert.deepEqual(event.pathParameters, { id: '42' });
  assert.equal(event.stageVariables, null);
  assert.equal(event.body, '{"x":1}');
  assert.equal(event.isBase64Encoded, false);
  const context = event.requestContext as Record<string, unknown>;
  assert.equal(context.path, '/Prod/items/42');
  assert.equal(context.stage, 'Prod');
  assert.equal(context.resourcePath, '/items/{id}');
  assert.equal(context.httpMethod, 'POST');
  assert.equal(context.requestTime, '07/Dec/2026:05:11:17 +0000');
  assert.equal(context.requestTimeEpoch, NOW.getTime());
  assert.equal(context.accountId, '123456789012');
  assert.equal((context.identity as Record<string, unknown>).sourceIp, '127.0.0.1');
  assert.equal((context.identity as Record<string, unknown>).userAgent, 'curl/8');
});

test('the REST event: nothing to say is null; a binary media type is base64, another body is text', () => {
  const bare = payloadV1Event(
    {
      method: 'GET',
      target: '/items/42',
      protocol: 'HTTP/1.1',
      sourceIp: '::1',
      body: new Uint8Array(),
      rawHeaders: [],
    },
    { ...REST, pathParameters: {} },
  );
  assert.equal(bare.headers, null);
  assert.equal(bare.queryStringParameters, null);
  assert.equal(bare.multiValueQueryStringParameters, null);
  assert.equal(bare.pathParameters, null);
  assert.equal(bare.body, null);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
  const binary = payloadV1Event(
    {
      method: 'PUT',
      target: '/i',
      protocol: 'HTTP/1.1',
      sourceIp: '::1',
      body: png,
      rawHeaders: ['Content-Type', 'image/png'],
    },
    { ...REST, binaryBody: (type) => type === 'image/png' },
  );
  assert.deepEqual([binary.body, binary.isBase64Encoded], [png.toString('base64'), true]);
  const text = payloadV1Event(
    {
      method: 'PUT',
      target: '/i',
      protocol: 'HTTP/1.1',
      sourceIp: '::1',
      body: Buffer.from('hi'),
      rawHeaders: ['Content-Type', 'application/octet-stream'],
    },
    REST,
  );
  assert.deepEqual([text.body, text.isBase64Encoded], ['hi', false]);
});

test('the HTTP API event in payload 1.0: version 1.0, lower-cased names, route key as resourceId, path without the stage', () => {
  const event = payloadV1Event(
    {
      method: 'GET',
      target: '/hello',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      body: new Uint8Array(),
      rawHeaders: ['X-A', '1'],
    },
    {
      ...REST,
      api: 'HTTP',
      stage: '$default',
      resource: '/hello',
      pathParameters: {},
      routeKey: 'GET /hello',
      forwarded: { port: 3000, proto: 'http', traceId: 'Root=1-x' },
    },
  );
  assert.equal(event.version, '1.0');
  assert.deepEqual(event.headers, {
    'x-a': '1',
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-port': '3000',
    'x-forwarded-proto': 'http',
    'x-amzn-trace-id': 'Root=1-x',
  });
  assert.equal((event.requestContext as Record<string, unknown>).path, '/hello');
  assert.equal((event.requestContext as Record<string, unknown>).resourceId, 'GET /hello');
});

test('the HTTP API event in payload 2.0: the route key, stage, path parameters and the account', () => {
  const event = payloadV2Event(
    {
      method: 'GET',
      target: '/users/7',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      body: new Uint8Array(),
      rawHeaders: [],
    },
    {
      urlId: 'abcdefghij',
      domainName: '127.0.0.1:3000',
      accountId: '123456789012',
      requestId: 'r',
      now: NOW,
      route: { routeKey: 'GET /users/{id}', stage: '$default', pathParameters: { id: '7' } },
    },
  );
  assert.equal(event.routeKey, 'GET /users/{id}');
  assert.deepEqual(event.pathParameters, { id: '7' });
  assert.equal(event.requestContext.routeKey, 'GET /users/{id}');
  assert.equal(event.requestContext.accountId, '123456789012');
});

test('the 1.0 response: headers and multiValueHeaders merged (multi wins), base64 decoded for HTTP APIs', () => {
  const answer = payloadV1Response(
    Buffer.from(
      JSON.stringify({
        statusCode: 201,
        headers: { 'X-One': 'a', 'Set-Cookie': 'lost=1' },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
        body: 'aGk=',
        isBase64Encoded: true,
      }),
    ),
    false,
    'HTTP',
  );
  assert.equal(answer.status, 201);
  assert.deepEqual(answer.headers, [
    ['x-one', 'a'],
    ['set-cookie', 'a=1'],
    ['set-cookie', 'b=2'],
    ['content-type', 'application/json'],
  ]);
  assert.equal(answer.body.toString(), 'hi');
  const rest = payloadV1Response(
    Buffer.from(JSON.stringify({ statusCode: '200', body: 'aGk=', isBase64Encoded: true })),
    false,
    'REST',
  );
  assert.equal(
    rest.body.toString(),
    'aGk=',
    'a REST API without binary media types sends the text',
  );
});

test("the 1.0 response: malformed results and function errors are API Gateway's errors", () => {
  const malformed = [
    '"just a string"',
    '{"body":"no status"}',
    '{"statusCode":200,"body":{"not":"a string"}}',
    'not json',
    '{"statusCode":200,"headers":{"bad\\nname":"x"}}',
    // Values no HTTP answer can carry: a control character, a character past Latin-1.
    '{"statusCode":200,"headers":{"x-a":"a\\u0001b"}}',
    '{"statusCode":200,"multiValueHeaders":{"x-price":["10 \\u20ac"]}}',
  ];
  for (const payload of malformed) {
    const rest = payloadV1Response(Buffer.from(payload), false, 'REST');
    assert.equal(rest.status, 502, payload);
    assert.deepEqual(JSON.parse(rest.body.toString()), { message: 'Internal server error' });
    const http = payloadV1Response(Buffer.from(payload), false, 'HTTP');
    assert.equal(http.status, 500, payload);
    assert.deepEqual(JSON.parse(http.body.toString()), { message: 'Internal Server Error' });
  }
  assert.equal(payloadV1Response(Buffer.from('{"statusCode":200}'), true, 'REST').status, 502);
});

const TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: { Type: String, Default: dev }
Globals:
  Function: { Runtime: nodejs20.x, Handler: index.handler }
Resources:
  Items:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: items/
      Events:
        Get: { Type: Api, Properties: { Path: '/items/{id}', Method: get } }
        Any: { Type: Api, Properties: { Path: '/{proxy+}', Method: any, RestApiId: !Ref Rest } }
        Secured: { Type: Api, Properties: { Path: /secret, Method: get, Auth: { Authorizer: MyCognito, ApiKeyRequired: true }, RequestModel: { Model: M, Required: true } } }
        Queue: { Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:q } }
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      FunctionName: hello-fn
      Events:
        Hi: { Type: HttpApi, Properties: { Path: /hi, Method: GET, PayloadFormatVersion: "1.0" } }
        All: { Type: HttpApi }
        Dup: { Type: HttpApi, Properties: { Path: /hi, Method: GET } }
        Broken: { Type: HttpApi, Properties: { ApiId: !Ref Missing, Path: /x, Method: GET } }
        Cors: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /c, Method: GET } }
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: [GET], MaxAge: 60 }
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      BinaryMediaTypes: [image~1png]
      Cors: { AllowOrigin: "'https://app.example'", AllowHeaders: "'content-type'", MaxAge: "'600'", AllowCredentials: true }
      UsagePlan: { CreateUsagePlan: PER_API }
`;

test("a template's routes: implicit and explicit APIs, stages, payload versions, and what is not honoured", () => {
  const { routes, notHonoured, problems } = readSamApis(TEMPLATE);
  const brief = routes.map(
    (r) =>
      `${r.api} ${r.apiLogicalId}/${r.stage} ${r.method} ${r.path} → ${r.functionName} (${r.payloadVersion})`,
  );
  assert.deepEqual(brief, [
    'REST ServerlessRestApi/Prod GET /items/{id} → Items (1.0)',
    'REST Rest/dev ANY /{proxy+} → Items (1.0)',
    'REST ServerlessRestApi/Prod GET /secret → Items (1.0)',
    'HTTP ServerlessHttpApi/$default GET /hi → hello-fn (1.0)',
    'HTTP ServerlessHttpApi/$default ANY $default → hello-fn (2.0)',
    'HTTP Http/$default GET /c → hello-fn (2.0)',
  ]);
  assert.deepEqual(routes[5]!.cors, { AllowOrigins: ['*'], AllowMethods: ['GET'], MaxAge: 60 });
  assert.equal(routes[0]!.cors, undefined);
  assert.deepEqual(routes[1]!.binaryMediaTypes, ['image/png']);
  assert.deepEqual(routes[1]!.restCors, {
    allowOrigin: 'https://app.example',
    allowHeaders: 'content-type',
    maxAge: '600',
    allowCredentials: true,
  });
  assert.equal(routes[0]!.restCors, undefined);
  assert.match(routes[0]!.apiId, /^[a-z0-9]{10}$/);
  const said = notHonoured.map((n) => `${n.where}: ${n.what}`).join('\n');
  assert.match(said, /Secured\.Properties\.Auth: the authorizer MyCognito is not run/);
  assert.match(said, /Secured\.Properties\.Auth: API keys are not checked/);
  assert.match(
    said,
    /Secured\.Properties\.RequestModel: RequestModel is not applied .*not validated/,
  );
  assert.match(said, /Rest\.Properties\.UsagePlan: UsagePlan is not applied/);
  assert.match(said, /Dup: GET \/hi is already served by/);
  assert.match(said, /Broken: ApiId !Ref Missing is not an AWS::Serverless::HttpApi/);
  assert.doesNotMatch(said, /Cors/);
  assert.deepEqual(problems, []);
});

test('BinaryMediaTypes match a Content-Type or an Accept list, with wildcards', () => {
  assert.equal(isBinaryType(['image/png'], 'image/png'), true);
  assert.equal(isBinaryType(['image/png'], 'IMAGE/PNG; q=1'), true);
  assert.equal(isBinaryType(['image/*'], 'text/html, image/webp'), true);
  assert.equal(isBinaryType(['*/*'], 'application/json'), true);
  assert.equal(isBinaryType(['image/png'], 'image/jpeg'), false);
  assert.equal(isBinaryType([], 'image/png'), false);
  assert.equal(isBinaryType(['image/png'], undefined), false);
});
