// `lambda-lens start-api` as users run it: the built CLI as its own process on a copy of a SAM
// project (a REST API and an HTTP API, path parameters, a greedy proxy, a TypeScript function),
// against a `serve` process on a temporary home; called with fetch and raw sockets; its handlers
// edited while it runs.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startServeProcess, stopServeProcess, type ServeProcess } from './endpoint';
import { waitFor } from './invokeKit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape, checked by the assertions
type Json = any;

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sam-api');

interface StartedApi {
  readonly child: ChildProcess;
  readonly info: {
    url: string;
    port: number;
    routes: {
      method: string;
      path: string;
      function: string;
      api: string;
      stage: string;
      payloadFormatVersion: string;
    }[];
    notHonoured: { where: string; what: string }[];
  };
  stderr: string;
}

let work: string;
let home: string;
let serve: ServeProcess;
let api: StartedApi;

async function startApi(args: string[], env: NodeJS.ProcessEnv = {}): Promise<StartedApi> {
  const child = spawn(process.execPath, [CLI, 'start-api', ...args, '--port', '0', '--json'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const started = { child, stderr: '' } as {
    child: ChildProcess;
    stderr: string;
    info: StartedApi['info'];
  };
  child.stderr!.on('data', (d) => {
    started.stderr += d;
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`start-api exited with ${code}: ${started.stderr}`)),
    );
  });
  started.info = JSON.parse(line) as StartedApi['info'];
  return started;
}

async function stop(started: StartedApi | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

async function call(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => Json }> {
  const response = await fetch(`${api.info.url}${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as Json,
  };
}

/** One raw HTTP exchange: what the server answers to exactly these bytes. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

/** A copy of the fixture whose template has one function, on an HTTP API's GET /. */
function oneRouteProject(folder: string, functionName: string, property = ''): string {
  const project = join(work, folder);
  cpSync(FIXTURE, project, { recursive: true });
  writeFileSync(
    join(project, 'template.yaml'),
    `Transform: AWS::Serverless-2016-10-31
Resources:
  Only:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: app.handler
      Runtime: nodejs20.x
      FunctionName: ${functionName}
      ${property}
      Events:
        Root: { Type: HttpApi, Properties: { Path: /, Method: GET } }
`,
  );
  return project;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'll-start-api-'));
  cpSync(FIXTURE, join(work, 'project'), { recursive: true });
  home = join(work, 'home');
  serve = await startServeProcess(home);
  api = await startApi([join(work, 'project'), '--home', home]);
});

after(async () => {
  await stop(api);
  if (serve) await stopServeProcess(serve);
  rmSync(work, { recursive: true, force: true });
});

test('lists its routes, and what the template asks for that is not done locally', () => {
  assert.deepEqual(
    api.info.routes.map(
      (r) => `${r.api} ${r.method} ${r.path} ${r.function} ${r.stage} ${r.payloadFormatVersion}`,
    ),
    [
      'REST GET /items/{id} ItemsFunction Prod 1.0',
      'REST ANY /files/{proxy+} ItemsFunction Prod 1.0',
      'REST GET /secret ItemsFunction Prod 1.0',
      'HTTP GET /hello start-api-hello $default 2.0',
      'HTTP POST /users/{userId} start-api-hello $default 1.0',
    ],
  );
  assert.equal(api.info.notHonoured.length, 1);
  assert.match(api.info.notHonoured[0]!.where, /Events\.Secret\.Properties\.Auth$/);
  assert.match(api.info.notHonoured[0]!.what, /authorizer MyAuthorizer is not run/);
});

test('a REST route: the payload 1.0 event with path and query parameters, the stage, and multiValueHeaders in the answer', async () => {
  const answer = await call('/items/42?a=1&a=2', { headers: { 'X-Custom': 'yes' } });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.headers.get('x-items'), 'a, b');
  assert.match(answer.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  const { event } = answer.json();
  assert.equal(event.resource, '/items/{id}');
  assert.equal(event.path, '/items/42');
  assert.equal(event.httpMethod, 'GET');
  assert.deepEqual(event.pathParameters, { id: '42' });
  assert.deepEqual(event.queryStringParameters, { a: '2' });
  assert.deepEqual(event.multiValueQueryStringParameters, { a: ['1', '2'] });
  assert.equal(event.headers['X-Custom'], 'yes', 'a REST API keeps names as sent');
  assert.equal(event.requestContext.stage, 'Prod');
  assert.equal(event.requestContext.path, '/Prod/items/42');
  assert.equal(event.requestContext.requestId, answer.headers.get('x-amzn-requestid'));
  assert.equal(event.body, null);
  assert.equal(event.isBase64Encoded, false);
});

test('a greedy {proxy+} route under ANY takes every method and the rest of the path', async () => {
  const answer = await call('/files/a/b%20c/d.txt', { method: 'DELETE' });
  assert.equal(answer.status, 200, answer.text);
  const { event } = answer.json();
  assert.equal(event.resource, '/files/{proxy+}');
  assert.equal(event.httpMethod, 'DELETE');
  assert.deepEqual(event.pathParameters, { proxy: 'a/b c/d.txt' });
});

test('an HTTP API route in payload 2.0 and one in 1.0, from a TypeScript function', async () => {
  const v2 = await call('/hello?x=1', { headers: { cookie: 'a=1; b=2' } });
  assert.equal(v2.status, 200, v2.text);
  const { event } = v2.json();
  assert.equal(event.version, '2.0');
  assert.equal(event.routeKey, 'GET /hello');
  assert.equal(event.rawPath, '/hello');
  assert.deepEqual(event.cookies, ['a=1', 'b=2']);
  assert.deepEqual(event.queryStringParameters, { x: '1' });
  assert.equal(event.requestContext.stage, '$default');
  assert.equal(event.requestContext.http.method, 'GET');
  assert.equal(v2.headers.get('apigw-requestid'), event.requestContext.requestId);
  const v1 = await call('/users/u-7', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"name":"Ana"}',
  });
  assert.equal(v1.status, 200, v1.text);
  const e1 = v1.json().event;
  assert.equal(e1.version, '1.0');
  assert.deepEqual(e1.pathParameters, { userId: 'u-7' });
  assert.equal(e1.body, '{"name":"Ana"}');
  assert.equal(e1.requestContext.resourceId, 'POST /users/{userId}');
});

test("an HTTP API's CorsConfiguration: preflights answered by the API, its headers on the function's answers", async () => {
  const preflight = await call('/hello', {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET,POST');
  assert.equal(preflight.headers.get('access-control-max-age'), '600');
  const refused = await call('/hello', {
    method: 'OPTIONS',
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
  });
  assert.equal(refused.headers.get('access-control-allow-origin'), null);
  const answer = await call('/hello', { headers: { origin: 'http://localhost:5173' } });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  const rest = await call('/items/1', { headers: { origin: 'http://localhost:5173' } });
  assert.equal(
    rest.headers.get('access-control-allow-origin'),
    null,
    "SAM's Cors of a REST API adds an OPTIONS method, no headers to the function's answers",
  );
});

test("a REST API's Cors: SAM's OPTIONS method on each path, answered without the function", async () => {
  const options = await call('/items/1', {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
  });
  assert.equal(options.status, 200);
  assert.equal(options.headers.get('access-control-allow-origin'), '*');
  assert.equal(options.headers.get('access-control-allow-methods'), 'GET,OPTIONS');
  const proxy = await call('/files/a/b', { method: 'OPTIONS' });
  assert.equal(
    proxy.headers.get('access-control-allow-methods'),
    'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT',
  );
});

test("no route is API Gateway's answer: 403 Missing Authentication Token (a REST API is served)", async () => {
  for (const [path, method] of [
    ['/nowhere', 'GET'],
    ['/hello', 'PUT'],
    ['/files', 'GET'],
  ] as const) {
    const answer = await call(path, { method });
    assert.equal(answer.status, 403, `${method} ${path}`);
    assert.deepEqual(answer.json(), { message: 'Missing Authentication Token' });
  }
});

test('an edit is live on the next request, without a restart: JavaScript and TypeScript (bundled again)', async () => {
  const js = join(work, 'project', 'items', 'index.js');
  writeFileSync(js, readFileSync(js, 'utf8').replace("version: 'v1'", "version: 'v2'"));
  await waitFor(
    'the new JavaScript',
    async () => ((await call('/items/1')).json().version === 'v2' ? true : undefined),
    10_000,
  );
  const ts = join(work, 'project', 'hello', 'app.ts');
  writeFileSync(ts, readFileSync(ts, 'utf8').replace("greeting: 'hello'", "greeting: 'bonjour'"));
  await waitFor(
    'the new TypeScript',
    async () => ((await call('/hello')).json().greeting === 'bonjour' ? true : undefined),
    10_000,
  );
  assert.equal(api.child.exitCode, null);
  assert.match(api.stderr, /ItemsFunction: reloaded in \d+ ms/);
});

test('a request sent while the redeploy is in flight waits for it: the first request after a save gets the new code', async () => {
  const js = join(work, 'project', 'items', 'index.js');
  for (const version of ['v3', 'v4', 'v5']) {
    writeFileSync(js, readFileSync(js, 'utf8').replace(/version: 'v\d+'/, `version: '${version}'`));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await call('/items/1')).json().version, version);
  }
});

test('a save that breaks the build keeps the last good code serving, and says why', async () => {
  const ts = join(work, 'project', 'hello', 'app.ts');
  const good = readFileSync(ts, 'utf8');
  writeFileSync(ts, `${good}\nexport const broken = (;\n`);
  await waitFor(
    'the failed reload said',
    async () =>
      /start-api-hello: not reloaded, the previous code serves on/.test(api.stderr)
        ? true
        : undefined,
    10_000,
  );
  assert.equal((await call('/hello')).json().greeting, 'bonjour');
  writeFileSync(ts, good.replace("greeting: 'bonjour'", "greeting: 'hallo'"));
  await waitFor(
    'the fixed TypeScript',
    async () => ((await call('/hello')).json().greeting === 'hallo' ? true : undefined),
    10_000,
  );
});

test("a malformed proxy response or a function error is a REST API's 502", async () => {
  const js = join(work, 'project', 'items', 'index.js');
  writeFileSync(
    js,
    'exports.handler = async (event) => event.path.endsWith("/throw") ? Promise.reject(new Error("boom")) : ({ body: "no statusCode" });\n',
  );
  await waitFor(
    'the malformed answer',
    async () => ((await call('/items/1')).status === 502 ? true : undefined),
    10_000,
  );
  for (const path of ['/items/1', '/files/throw']) {
    const answer = await call(path);
    assert.equal(answer.status, 502, path);
    assert.deepEqual(answer.json(), { message: 'Internal server error' });
  }
});

test('malformed and hostile requests get their answers and never stop it', async () => {
  const port = api.info.port;
  assert.match(await rawExchange(port, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400 /);
  assert.match(
    await rawExchange(port, 'GET /hello HTTP/1.1\r\nHost: evil.example:80\r\n\r\n'),
    /^HTTP\/1\.1 403 /,
  );
  assert.match(
    await rawExchange(
      port,
      `GET /hello HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 99999999\r\n\r\n`,
    ),
    /^HTTP\/1\.1 413 /,
  );
  assert.match(
    await rawExchange(
      port,
      `GET /hello HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 10\r\n\r\nabc`,
    ),
    /^$|^HTTP\/1\.1 /,
  );
  assert.match(
    await rawExchange(port, `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
    /^HTTP\/1\.1 403 /,
  );
  const big = await call('/users/x', { method: 'POST', body: 'x'.repeat(7 * 1024 * 1024) }).catch(
    () => undefined,
  );
  if (big) assert.equal(big.status, 413);
  const after = await call('/hello');
  assert.equal(after.status, 200);
  assert.equal(api.child.exitCode, null);
});

test('with --endpoint (a `serve` named by URL) on an HTTP API alone: no route is 404 Not Found', async () => {
  const project = oneRouteProject('http-only', 'start-api-only');
  const other = await startApi([project, '--endpoint', serve.url, '--region', 'us-east-1'], {
    AWS_ACCESS_KEY_ID: serve.accessKeyId,
    AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
    AWS_PROFILE: '',
  });
  try {
    const root = await fetch(`${other.info.url}/`);
    assert.equal(root.status, 200);
    assert.equal(((await root.json()) as { event: { routeKey: string } }).event.routeKey, 'GET /');
    const missing = await fetch(`${other.info.url}/missing`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { message: 'Not Found' });
  } finally {
    await stop(other);
  }
});

test('with no endpoint running on the home, it hosts one and calls the functions in process: the same events and answers', async () => {
  const otherHome = join(work, 'own-home');
  const other = await startApi([join(work, 'project'), '--home', otherHome]);
  try {
    const answer = await fetch(`${other.info.url}/users/u-9`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    assert.equal(answer.status, 200);
    const { event } = (await answer.json()) as Json;
    assert.equal(event.version, '1.0');
    assert.deepEqual(event.pathParameters, { userId: 'u-9' });
    // The items function was left answering 502 by the test above; its error still maps as API Gateway's.
    const failed = await fetch(`${other.info.url}/files/throw`);
    assert.equal(failed.status, 502);
    assert.match(other.stderr, /REPORT RequestId: /, "the functions' log tails are printed");
  } finally {
    await stop(other);
  }
});

test('a layer warning is said once for a function, not again on each reload: the reload deploys the same definition to the same endpoint', async () => {
  const layer = 'arn:aws:lambda:us-east-1:123456789012:layer:shared:3';
  const project = oneRouteProject('layered', 'start-api-layered', `Layers: [${layer}]`);
  const other = await startApi([project, '--home', home]);
  try {
    const ts = join(project, 'hello', 'app.ts');
    for (const greeting of ['one', 'two']) {
      writeFileSync(
        ts,
        readFileSync(ts, 'utf8').replace(/greeting: '[^']*'/, `greeting: '${greeting}'`),
      );
      await waitFor(
        `the reload to ${greeting}`,
        async () =>
          ((await (await fetch(`${other.info.url}/`)).json()) as Json).greeting === greeting
            ? true
            : undefined,
        10_000,
      );
    }
    const said = other.stderr.split('\n').filter((l) => l.includes('Layers not attached'));
    assert.equal(said.length, 1, other.stderr);
    assert.match(said[0]!, new RegExp(`start-api-layered: Layers not attached: .*${layer}`));
  } finally {
    await stop(other);
  }
});
