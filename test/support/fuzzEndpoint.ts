// The endpoint under fuzz: a real `lambda-lens serve --json` process gets random malformed
// requests on every route (mostly correctly signed, so that they reach the operations; some
// unsigned, garbled or aimed from a foreign Host), random and adversarial zips and random filter
// patterns. Every answer must be AWS's error shape for its protocol, never the catch-all 500, and
// the process must never exit or log a fault no request handled. Then rounds of acknowledged
// writes with a SIGKILL at a random moment: after a restart on the same home, every write that
// got a 2xx must still be there. Shared by test/integration/fuzz.test.ts and bench/fuzz.bench.mjs.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { parseQuery } from '../../src/local/http/sigv4';
import { UNCAUGHT_MARK } from '../../src/cli/serve';
import { ROUTE_TEMPLATES } from '../../src/local/lambda/router';
import { removeTree } from '../../src/local/store/removeTree';
import {
  Chance,
  filterPattern,
  HANDLER_SOURCE,
  nastyString,
  randomBody,
  randomZip,
} from './fuzzInputs';
import { rawZip } from './rawZip';

/** FUZZ_CLI runs another build (e.g. one from before a fix, to see the fuzz find its fault). */
const CLI = process.env.FUZZ_CLI ?? join(dirname(__filename), '..', '..', 'dist', 'cli.js');
const REGION = 'us-east-1';
const ROLE = 'arn:aws:iam::123456789012:role/fuzz';
const FUNCTION_ARN = (name: string) => `arn:aws:lambda:${REGION}:123456789012:function:${name}`;

export interface FuzzOptions {
  readonly seed: number;
  /** Random requests in the first phase. */
  readonly iterations: number;
  /** Rounds of writes cut by a SIGKILL. */
  readonly killRounds: number;
  readonly progress?: (line: string) => void;
}

export interface FuzzCounts {
  requests: number;
  zips: number;
  invokes: number;
  /** Times the serve process exited, or logged a fault that no request handled. */
  crashes: number;
  /** Answers that were not AWS's error shape, or the catch-all 500, or no answer at all. */
  badAnswers: number;
  writesAcknowledged: number;
  writesLost: number;
  statuses: Record<string, number>;
  findings: string[];
}

interface Serve {
  child: ChildProcess;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  stderr: string[];
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

async function startServe(home: string): Promise<Serve> {
  const child = spawn(process.execPath, [CLI, 'serve', '--json', '--home', home], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`serve exited with ${code}: ${stderr.join('\n')}`)),
    );
  });
  const info = JSON.parse(line) as { url: string; accessKeyId: string; secretAccessKey: string };
  return {
    child,
    port: Number(new URL(info.url).port),
    accessKeyId: info.accessKeyId,
    secretAccessKey: info.secretAccessKey,
    stderr,
  };
}

async function stopServe(serve: Serve): Promise<void> {
  if (serve.child.exitCode !== null || serve.child.signalCode !== null) return;
  const exited = new Promise((resolve) => serve.child.once('exit', resolve));
  serve.child.kill('SIGTERM');
  await exited;
}

interface Shot {
  method: string;
  /** Percent-encoded path, as sent. */
  path: string;
  rawQuery?: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
  /** Logs (JSON 1.1) or Lambda (REST-JSON) error shape expected. */
  logs?: boolean;
  sign?: 'yes' | 'no' | 'garbled' | 'other-service' | 'foreign-host';
}

class Client {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });
  constructor(readonly serve: Serve) {}

  async send(shot: Shot, timeoutMs = 30_000): Promise<Answer> {
    const body = shot.body === undefined ? Buffer.alloc(0) : Buffer.from(shot.body);
    const host =
      shot.sign === 'foreign-host'
        ? `rebind.example:${this.serve.port}`
        : `127.0.0.1:${this.serve.port}`;
    let headers: Record<string, string> = {
      host,
      ...(shot.logs
        ? { 'content-type': 'application/x-amz-json-1.1' }
        : body.length
          ? { 'content-type': 'application/json' }
          : {}),
      ...shot.headers,
    };
    if (shot.sign !== 'no') {
      const signer = new SignatureV4({
        credentials: {
          accessKeyId: this.serve.accessKeyId,
          secretAccessKey: this.serve.secretAccessKey,
        },
        region: REGION,
        service:
          shot.sign === 'other-service'
            ? shot.logs
              ? 'lambda'
              : 'logs'
            : shot.logs
              ? 'logs'
              : 'lambda',
        sha256: Hash.bind(null, 'sha256'),
      });
      const signed = await signer.sign(
        new HttpRequest({
          method: shot.method,
          protocol: 'http:',
          hostname: '127.0.0.1',
          port: this.serve.port,
          path: shot.path,
          query: parseQuery(shot.rawQuery ?? '') as Record<string, string>,
          headers,
          body,
        }),
      );
      headers = signed.headers as Record<string, string>;
      if (shot.sign === 'garbled')
        headers.authorization = headers.authorization!.replace(
          /Signature=\w{6}/,
          'Signature=000000',
        );
    }
    // Node frames a GET or DELETE body only when told its length.
    headers['content-length'] = String(body.length);
    const path = shot.rawQuery ? `${shot.path}?${shot.rawQuery}` : shot.path;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.serve.port,
          method: shot.method,
          path,
          headers,
          agent: this.agent,
          setHost: false,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** What is wrong with an answer, or undefined when it is a success or AWS's error shape for the protocol. */
function answerProblem(shot: Shot, answer: Answer): string | undefined {
  if (answer.status < 400) return undefined;
  // Node's HTTP parser refuses oversized headers before any of our code runs.
  if (answer.status === 431) return undefined;
  if (shot.method === 'HEAD')
    return typeof answer.headers['x-amzn-errortype'] === 'string'
      ? undefined
      : `${answer.status} to HEAD without x-amzn-errortype`;
  // Code locations act as S3's pre-signed URLs, outside both APIs, and refuse as S3 does: XML.
  if (
    shot.path.startsWith('/_lambda-lens/code/') &&
    shot.method === 'GET' &&
    shot.sign !== 'foreign-host'
  ) {
    return /^<\?xml[^>]*>\s*<Error><Code>\w+<\/Code><Message>[^<]+<\/Message>/.test(
      answer.body.toString('utf8'),
    )
      ? undefined
      : `${answer.status} from a code location without S3's XML error: ${answer.body.toString('utf8').slice(0, 120)}`;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return `${answer.status} with a body that is not JSON: ${answer.body.toString('utf8').slice(0, 120)}`;
  }
  if (typeof body.message !== 'string' || body.message.length === 0)
    return `${answer.status} without a message`;
  if (answer.status === 500 && /see its log/.test(body.message))
    return `500 from the catch-all: ${body.message}`;
  // The Host check comes before the protocol is known, and answers in Lambda's shape.
  if (shot.logs && shot.sign !== 'foreign-host') {
    return typeof body.__type === 'string'
      ? undefined
      : `${answer.status} without __type: ${JSON.stringify(body).slice(0, 160)}`;
  }
  if (typeof answer.headers['x-amzn-errortype'] !== 'string')
    return `${answer.status} without x-amzn-errortype`;
  if (body.Type !== 'User' && body.Type !== 'Service')
    return `${answer.status} without Type: ${JSON.stringify(body).slice(0, 160)}`;
  return undefined;
}

/** Percent-encoding that survives lone surrogates (they are sent as U+FFFD). */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    ),
  );
}

function segment(c: Chance): string {
  const raw = c.chance(0.6)
    ? c.pick([
        'fuzz-base',
        'fuzz-base:live',
        'fuzz-base:1',
        'fuzz-base:$LATEST',
        FUNCTION_ARN('fuzz-base'),
        'fuzz-missing',
        `fuzz-${c.int(20)}`,
      ])
    : nastyString(c);
  if (c.chance(0.05)) return raw.replace(/[^A-Za-z0-9%._~:-]/g, '') || '%zz';
  return encode(raw);
}

function rawQuery(c: Chance): string | undefined {
  if (c.chance(0.5)) return undefined;
  const keys = [
    'MaxItems',
    'Marker',
    'Qualifier',
    'FunctionVersion',
    'tagKeys',
    '__proto__',
    'constructor',
    'x',
  ];
  const values = () =>
    c.chance(0.5)
      ? c.pick(['1', '0', '-1', '50', '51', '1e3', 'ALL', '$LATEST', '1', 'live', 'team'])
      : nastyString(c);
  return Array.from(
    { length: c.between(1, 4) },
    () => `${encode(c.pick(keys))}=${encode(values())}`,
  ).join('&');
}

// Every route the endpoint has, and a few it does not (paths and methods no route takes, a code location).
const LAMBDA_ROUTES: (readonly [string, string])[] = [
  ...ROUTE_TEMPLATES,
  ['GET', '/'],
  ['PATCH', '/2015-03-31/functions'],
  ['GET', '/2015-03-31/functions/*/*/*/*'],
  ['GET', '/_lambda-lens/code/*'],
];

const LOGS_OPERATIONS = [
  'CreateLogGroup',
  'DeleteLogGroup',
  'PutRetentionPolicy',
  'DescribeLogGroups',
  'CreateLogStream',
  'DeleteLogStream',
  'DescribeLogStreams',
  'PutLogEvents',
  'GetLogEvents',
  'FilterLogEvents',
  'FilterLogEvents',
  'FilterLogEvents',
  'StartLiveTail',
  'Nope',
  '',
];

function randomShot(c: Chance): Shot {
  const sign = c.chance(0.85)
    ? 'yes'
    : c.pick(['no', 'garbled', 'other-service', 'foreign-host'] as const);
  if (c.chance(0.35)) {
    const operation = c.pick(LOGS_OPERATIONS);
    let body = randomBody(c);
    if (operation === 'FilterLogEvents' && c.chance(0.7)) {
      body = JSON.stringify({
        logGroupName: c.pick(['/fuzz/group', '/aws/lambda/fuzz-base']),
        filterPattern: filterPattern(c),
        ...(c.chance(0.3) ? { limit: c.pick([1, 5, 10_000]) } : {}),
      });
    }
    return {
      method: c.chance(0.95) ? 'POST' : c.pick(['GET', 'PUT']),
      path: '/',
      body,
      headers: { 'x-amz-target': `Logs_20140328.${operation}` },
      logs: true,
      sign,
    };
  }
  const [method, template] = c.pick(LAMBDA_ROUTES);
  const path = template.replace(/\*/g, () => segment(c));
  const headers: Record<string, string> = {};
  if (template.endsWith('invocations')) {
    if (c.chance(0.5))
      headers['x-amz-invocation-type'] = c.pick([
        'RequestResponse',
        'Event',
        'DryRun',
        'Bogus',
        '',
      ]);
    if (c.chance(0.3)) headers['x-amz-log-type'] = c.pick(['Tail', 'None', 'x']);
    if (c.chance(0.2))
      headers['x-amz-client-context'] = c.chance(0.5)
        ? Buffer.from(JSON.stringify({ custom: { a: nastyString(c) } })).toString('base64')
        : nastyString(c).replace(/[^\x20-\x7e]/g, '');
  }
  return {
    method: c.chance(0.9) ? method : c.pick(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']),
    path,
    rawQuery: rawQuery(c),
    body: method === 'GET' && c.chance(0.8) ? undefined : randomBody(c),
    headers,
    sign,
  };
}

/** Bytes that are not HTTP, or HTTP cut short: Node's parser answers or closes; the process stays. */
function garbageOverSocket(port: number, c: Chance): Promise<void> {
  const payload = c.pick([
    c.bytes(c.between(1, 3_000)),
    Buffer.from(
      'GET /2015-03-31/functions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"partial',
    ),
    Buffer.from(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: Logs_20140328.PutLogEvents\r\n\r\nZZ\r\n`,
    ),
    Buffer.from(`GET /${'a'.repeat(100_000)} HTTP/1.1\r\n\r\n`),
  ]);
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(payload));
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.resume();
  });
}

function lambdaJson(method: string, path: string, body?: unknown): Shot {
  return {
    method,
    path,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    sign: 'yes',
  };
}

function logsJson(operation: string, body: unknown): Shot {
  return {
    method: 'POST',
    path: '/',
    body: JSON.stringify(body),
    headers: { 'x-amz-target': `Logs_20140328.${operation}` },
    logs: true,
    sign: 'yes',
  };
}

const honestZip = () => rawZip([{ name: 'index.js', data: HANDLER_SOURCE }]);

async function expectOk(client: Client, shot: Shot): Promise<Answer> {
  const answer = await client.send(shot);
  if (answer.status >= 300)
    throw new Error(
      `setup ${shot.method} ${shot.path} ${shot.headers?.['x-amz-target'] ?? ''}: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`,
    );
  return answer;
}

/** Things the random requests find: a function with a version and an alias, a log group with events. */
async function seedState(client: Client): Promise<void> {
  await expectOk(
    client,
    lambdaJson('POST', '/2015-03-31/functions', {
      FunctionName: 'fuzz-base',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: honestZip().toString('base64') },
      Publish: true,
    }),
  );
  await expectOk(
    client,
    lambdaJson('POST', '/2015-03-31/functions/fuzz-base/aliases', {
      Name: 'live',
      FunctionVersion: '1',
    }),
  );
  for (const group of ['/fuzz/group', '/aws/lambda/fuzz-base']) {
    await expectOk(client, logsJson('CreateLogGroup', { logGroupName: group }));
    await expectOk(
      client,
      logsJson('CreateLogStream', { logGroupName: group, logStreamName: 's1' }),
    );
    const now = Date.now();
    const messages = [
      'ERROR something broke',
      '{"level":"ERROR","a":{"b":[1,2]}}',
      'REPORT RequestId: 1\tDuration: 1.00 ms\tBilled Duration: 1 ms',
      'w1 w2 w3 4 5.5',
      '[x] "quoted" é 💥',
    ];
    await expectOk(
      client,
      logsJson('PutLogEvents', {
        logGroupName: group,
        logStreamName: 's1',
        logEvents: messages.map((message, i) => ({ timestamp: now - 1000 + i, message })),
      }),
    );
  }
}

function crashLines(serve: Serve): string[] {
  return serve.stderr.filter((line) => line.startsWith(UNCAUGHT_MARK));
}

/** Phase 1: random requests; the process must answer each in AWS's shape and never exit. */
async function fuzzRequests(home: string, options: FuzzOptions, counts: FuzzCounts): Promise<void> {
  const c = new Chance(options.seed);
  let serve = await startServe(home);
  let client = new Client(serve);
  let reported = 0;
  const finding = (text: string) => {
    if (counts.findings.length < 50) counts.findings.push(`seed ${options.seed} ${text}`);
  };
  /** Sends one request and judges its answer; undefined when it got none. */
  const fire = async (shot: Shot, i: number): Promise<Answer | undefined> => {
    counts.requests += 1;
    const what = `request ${i}: ${shot.method} ${shot.path.slice(0, 100)} ${shot.headers?.['x-amz-target'] ?? ''}`;
    let answer: Answer | undefined;
    try {
      answer = await client.send(shot);
      counts.statuses[String(answer.status)] = (counts.statuses[String(answer.status)] ?? 0) + 1;
      const problem = answerProblem(shot, answer);
      // A 5xx in AWS's shape is allowed (a runtime error, a throttle), but worth reading.
      if (!problem && answer.status >= 500)
        finding(
          `${what} → ${answer.status} (noted, not counted): ${answer.body.toString('utf8').slice(0, 400)}`,
        );
      if (problem) {
        counts.badAnswers += 1;
        finding(`${what} → ${problem}`);
      }
    } catch (error) {
      // A dropped connection may be the process ending: give its exit a moment to be seen.
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Past Node's 16 KB header limit the parser answers 431 and closes, maybe mid-send.
      const headerBytes =
        shot.path.length +
        (shot.rawQuery?.length ?? 0) +
        Object.values(shot.headers ?? {}).reduce((sum, v) => sum + v.length, 0);
      if (
        headerBytes <= 16 * 1024 &&
        serve.child.exitCode === null &&
        serve.child.signalCode === null
      ) {
        counts.badAnswers += 1;
        finding(`${what} → no answer: ${(error as Error).message}`);
      }
    }
    await checkAlive(what);
    return answer;
  };
  const checkAlive = async (what: string) => {
    const uncaught = crashLines(serve).length;
    const exited = serve.child.exitCode !== null || serve.child.signalCode !== null;
    if (!exited && uncaught === reported) return;
    counts.crashes += 1;
    finding(
      `${what}: ${exited ? `serve exited (${serve.child.exitCode ?? serve.child.signalCode})` : 'a fault no request handled'}: ${serve.stderr.slice(-5).join(' | ').slice(0, 600)}`,
    );
    reported = uncaught;
    if (exited) {
      client.close();
      serve = await startServe(home);
      client = new Client(serve);
      reported = 0;
    }
  };
  const invokeShot = (name: string, i: number): Shot => ({
    ...lambdaJson('POST', `/2015-03-31/functions/${name}/invocations`),
    body: c.chance(0.7) ? JSON.stringify({ n: i }) : nastyString(c),
  });
  try {
    await seedState(client);
    for (let i = 0; i < options.iterations; i++) {
      const kind = c.float();
      if (kind < 0.03) {
        counts.requests += 1;
        await garbageOverSocket(serve.port, c);
        await checkAlive(`request ${i}: raw bytes`);
      } else if (kind < 0.25) {
        counts.zips += 1;
        const zip = randomZip(c).toString('base64');
        // New names mostly, so that most zips reach the check instead of a name conflict.
        const create = c.chance(0.6);
        const name = create ? `fuzz-${c.chance(0.8) ? 100 + i : c.int(20)}` : `fuzz-${c.int(20)}`;
        const shot = create
          ? lambdaJson('POST', '/2015-03-31/functions', {
              FunctionName: name,
              Runtime: 'nodejs20.x',
              Role: ROLE,
              Handler: 'index.handler',
              Code: { ZipFile: zip },
            })
          : lambdaJson('PUT', `/2015-03-31/functions/${name}/code`, { ZipFile: zip });
        const answer = await fire(shot, i);
        // Whatever was accepted must also unpack, or fail its invoke in Lambda's words (not the
        // packages of thousands of files: unpacking those takes seconds).
        if (answer && answer.status < 300 && zip.length < 100_000 && c.chance(0.5)) {
          counts.invokes += 1;
          await fire(invokeShot(name, i), i);
        }
      } else if (kind < 0.28) {
        counts.invokes += 1;
        await fire(invokeShot(c.pick(['fuzz-base', 'fuzz-base:live', `fuzz-${c.int(20)}`]), i), i);
      } else {
        await fire(randomShot(c), i);
      }
      if (options.progress && i % 500 === 499)
        options.progress(
          `${i + 1} requests, ${counts.crashes} crashes, ${counts.badAnswers} bad answers`,
        );
    }
  } finally {
    client.close();
    await stopServe(serve);
  }
}

interface Write {
  describe: string;
  shot: Shot;
  check: Shot;
  present: (answer: Answer) => boolean;
}

/** Functions to tag, made before the kills: at most 50 tags each, as on AWS. */
const TAG_TARGETS = 12;
const TAGS_PER_TARGET = 40;

function writeFor(c: Chance, round: number, n: number, tagsSoFar: { count: number }): Write {
  const id = `r${round}n${n}`;
  let kind = c.int(5);
  if (kind === 1 && tagsSoFar.count >= TAG_TARGETS * TAGS_PER_TARGET) kind = 0;
  const tagTarget = FUNCTION_ARN(`dur-tags-${Math.floor(tagsSoFar.count / TAGS_PER_TARGET)}`);
  if (kind === 1) tagsSoFar.count += 1;
  switch (kind) {
    case 0:
      return {
        describe: `CreateFunction dur-${id}`,
        shot: lambdaJson('POST', '/2015-03-31/functions', {
          FunctionName: `dur-${id}`,
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: honestZip().toString('base64') },
        }),
        check: lambdaJson('GET', `/2015-03-31/functions/dur-${id}`),
        present: (a) => a.status === 200,
      };
    case 1:
      return {
        describe: `TagResource ${id}`,
        shot: lambdaJson('POST', `/2017-03-31/tags/${encodeURIComponent(tagTarget)}`, {
          Tags: { [id]: 'v' },
        }),
        check: lambdaJson('GET', `/2017-03-31/tags/${encodeURIComponent(tagTarget)}`),
        present: (a) =>
          a.status === 200 &&
          (JSON.parse(a.body.toString()) as { Tags: Record<string, string> }).Tags[id] === 'v',
      };
    case 2:
      return {
        describe: `CreateAlias a${id}`,
        shot: lambdaJson('POST', '/2015-03-31/functions/dur-base/aliases', {
          Name: `a${id}`,
          FunctionVersion: '$LATEST',
        }),
        check: lambdaJson('GET', `/2015-03-31/functions/dur-base/aliases/a${id}`),
        present: (a) => a.status === 200,
      };
    case 3:
      return {
        describe: `CreateLogGroup /dur/${id}`,
        shot: logsJson('CreateLogGroup', { logGroupName: `/dur/${id}` }),
        check: logsJson('DescribeLogGroups', { logGroupNamePrefix: `/dur/${id}` }),
        present: (a) =>
          a.status === 200 &&
          (
            JSON.parse(a.body.toString()) as { logGroups: { logGroupName: string }[] }
          ).logGroups.some((g) => g.logGroupName === `/dur/${id}`),
      };
    default:
      return {
        describe: `PutLogEvents ${id}`,
        shot: logsJson('PutLogEvents', {
          logGroupName: '/dur/events',
          logStreamName: `w${n % 4}`,
          logEvents: [{ timestamp: Date.now(), message: `event ${id}` }],
        }),
        check: logsJson('FilterLogEvents', {
          logGroupName: '/dur/events',
          filterPattern: `"event ${id}"`,
        }),
        present: (a) =>
          a.status === 200 &&
          (JSON.parse(a.body.toString()) as { events: { message: string }[] }).events.some(
            (e) => e.message === `event ${id}`,
          ),
      };
  }
}

/** Phase 2: writes from several writers while a killer sends SIGKILL; then all acknowledged ones must be there. */
async function fuzzDurability(
  home: string,
  options: FuzzOptions,
  counts: FuzzCounts,
): Promise<void> {
  const c = new Chance(options.seed ^ 0x5eed);
  let serve = await startServe(home);
  let client = new Client(serve);
  await expectOk(
    client,
    lambdaJson('POST', '/2015-03-31/functions', {
      FunctionName: 'dur-base',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: honestZip().toString('base64') },
    }),
  );
  for (let t = 0; t < TAG_TARGETS; t++) {
    await expectOk(
      client,
      lambdaJson('POST', '/2015-03-31/functions', {
        FunctionName: `dur-tags-${t}`,
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: honestZip().toString('base64') },
      }),
    );
  }
  await expectOk(client, logsJson('CreateLogGroup', { logGroupName: '/dur/events' }));
  for (let w = 0; w < 4; w++)
    await expectOk(
      client,
      logsJson('CreateLogStream', { logGroupName: '/dur/events', logStreamName: `w${w}` }),
    );
  const acknowledged: Write[] = [];
  const tagsSoFar = { count: 0 };
  for (let round = 0; round < options.killRounds; round++) {
    let n = 0;
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const write = writeFor(c, round, n++, tagsSoFar);
        try {
          const answer = await client.send(write.shot, 10_000);
          if (answer.status >= 200 && answer.status < 300) acknowledged.push(write);
          else if (!killed)
            counts.findings.push(
              `seed ${options.seed} durability: ${write.describe} answered ${answer.status} ${answer.body.toString().slice(0, 200)}`,
            );
        } catch {
          // Cut by the kill: not acknowledged, so it may or may not be there.
        }
      }
    };
    const writers = Promise.all(Array.from({ length: 4 }, writer));
    await new Promise((resolve) => setTimeout(resolve, c.between(30, 600)));
    killed = true;
    const exited = new Promise((resolve) => serve.child.once('exit', resolve));
    serve.child.kill('SIGKILL');
    await exited;
    await writers;
    client.close();
    serve = await startServe(home);
    client = new Client(serve);
    for (const write of acknowledged) {
      const answer = await client.send(write.check);
      if (!write.present(answer)) {
        counts.writesLost += 1;
        counts.findings.push(
          `seed ${options.seed} durability round ${round}: acknowledged ${write.describe} is gone (${answer.status})`,
        );
      }
    }
    options.progress?.(
      `kill round ${round + 1}: ${acknowledged.length} writes acknowledged so far, ${counts.writesLost} lost`,
    );
  }
  counts.writesAcknowledged = acknowledged.length;
  client.close();
  await stopServe(serve);
}

export async function fuzzEndpoint(options: FuzzOptions): Promise<FuzzCounts> {
  const counts: FuzzCounts = {
    requests: 0,
    zips: 0,
    invokes: 0,
    crashes: 0,
    badAnswers: 0,
    writesAcknowledged: 0,
    writesLost: 0,
    statuses: {},
    findings: [],
  };
  const homes = [
    mkdtempSync(join(tmpdir(), 'll-fuzz-')),
    mkdtempSync(join(tmpdir(), 'll-fuzz-kill-')),
  ];
  try {
    await fuzzRequests(homes[0]!, options, counts);
    if (options.killRounds > 0) await fuzzDurability(homes[1]!, options, counts);
  } finally {
    for (const home of homes) removeTree(home);
  }
  return counts;
}
