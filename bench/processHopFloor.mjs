// A second floor for the Function URL bench: the least a handler in its own process can cost. A
// bare `node:http` server process hands each request's event (the path, the headers and the body,
// as JSON) to one of `workers` child processes over a socket pair, one frame each way
// (u32 id | u32 length | JSON), and answers with the child's result; each child calls the same
// hello handler. No Lambda semantics (logs, time-outs, memory, the payload 2.0 event): what is left
// is the process boundary itself, the wake-ups and socket writes a per-process design cannot avoid.
// With `bookkeeping`, each request also does the least any Lambda emulation must do around an
// invocation, written as plainly as possible: a request id, a time-out armed and cleared, the
// payload 2.0 event with AWS's fields, a context for the handler, the START/END/REPORT lines
// appended to a log file in one write, and the result mapped to the HTTP answer with its request id:
// what the Lambda semantics cost at the least, beside the process boundary.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { children, removeFolder, stop, tempFolder, withTimeout } from './owned.mjs';

const FRAMES = `
function frame(id, value) {
  const json = Buffer.from(JSON.stringify(value));
  const bytes = Buffer.allocUnsafe(8 + json.length);
  bytes.writeUInt32BE(id, 0);
  bytes.writeUInt32BE(json.length, 4);
  json.copy(bytes, 8);
  return bytes;
}
function frames(socket, onFrame) {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 8) {
      const length = buffered.readUInt32BE(4);
      if (buffered.length < 8 + length) break;
      onFrame(buffered.readUInt32BE(0), JSON.parse(buffered.toString('utf8', 8, 8 + length)));
      buffered = buffered.subarray(8 + length);
    }
  });
}
`;

const WORKER = `${FRAMES}
const { Socket } = require('node:net');
const handler = async () => ({ statusCode: 200, body: 'hello' });
const socket = new Socket({ fd: 3, readable: true, writable: true });
frames(socket, async (id, event) => socket.write(frame(id, await handler(event))));
`;

const BOOKKEEPING_WORKER = `${FRAMES}
const { Socket } = require('node:net');
const handler = async () => ({ statusCode: 200, body: 'hello' });
const socket = new Socket({ fd: 3, readable: true, writable: true });
frames(socket, async (id, { requestId, deadline, event }) => {
  const context = {
    awsRequestId: requestId,
    functionName: 'hop',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  socket.write(frame(id, await handler(event, context)));
});
`;

// The payload 2.0 event, the log lines and the answer's mapping, as plainly as they can be written.
const BOOKKEEPING = `
const { randomUUID } = require('node:crypto');
const { openSync, writeSync } = require('node:fs');
// In a folder the bench made and removes (it stops this server with a signal: no exit handler runs).
const log = openSync(process.argv[2], 'a');
const MONTHS = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
const two = (n) => String(n).padStart(2, '0');
function eventOf(req, body, requestId, now) {
  const d = new Date(now);
  const at = req.url.indexOf('?');
  const rawPath = at < 0 ? req.url : req.url.slice(0, at);
  const rawQueryString = at < 0 ? '' : req.url.slice(at + 1);
  const event = {
    version: '2.0', routeKey: '$default', rawPath, rawQueryString, headers: req.headers,
    requestContext: {
      accountId: 'anonymous', apiId: 'hop', domainName: req.headers.host, domainPrefix: 'hop',
      http: { method: req.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress, userAgent: req.headers['user-agent'] },
      requestId, routeKey: '$default', stage: '$default',
      time: two(d.getUTCDate()) + '/' + MONTHS[d.getUTCMonth()] + '/' + d.getUTCFullYear() + ':' + two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds()) + ' +0000',
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
  if (rawQueryString) event.queryStringParameters = Object.fromEntries(new URLSearchParams(rawQueryString));
  if (body) event.body = body;
  return event;
}
function answer(res, result, requestId, started, timer) {
  clearTimeout(timer);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const t = new Date().toISOString();
  writeSync(log, t + ' START RequestId: ' + requestId + ' Version: $LATEST\\n' + t + ' END RequestId: ' + requestId + '\\n' + t + ' REPORT RequestId: ' + requestId + '\\tDuration: ' + ms.toFixed(2) + ' ms\\tBilled Duration: ' + Math.ceil(ms) + ' ms\\tMemory Size: 128 MB\\tMax Memory Used: 40 MB\\t\\n');
  const structured = result !== null && typeof result === 'object' && 'statusCode' in result;
  const body = structured ? String(result.body ?? '') : JSON.stringify(result);
  res.writeHead(structured ? result.statusCode : 200, {
    'content-type': (structured && result.headers?.['content-type']) || 'application/json',
    ...(structured ? result.headers : {}),
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
`;

const SERVER = (bookkeeping) => `${FRAMES}${bookkeeping ? BOOKKEEPING : ''}
const { createServer } = require('node:http');
const { spawn } = require('node:child_process');
const workers = Array.from({ length: Number(process.argv[1]) }, () => {
  const child = spawn(process.execPath, ['-e', ${JSON.stringify(bookkeeping ? BOOKKEEPING_WORKER : WORKER)}], {
    stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
  });
  const worker = { child, socket: child.stdio[3], busy: false, answers: new Map() };
  frames(worker.socket, (id, result) => {
    const pending = worker.answers.get(id);
    worker.answers.delete(id);
    worker.busy = worker.answers.size > 0;
    ${
      bookkeeping
        ? 'answer(pending.res, result, pending.requestId, pending.started, pending.timer);'
        : `pending.res.writeHead(result.statusCode, { 'content-length': Buffer.byteLength(result.body) });
    pending.res.end(result.body);`
    }
  });
  return worker;
});
let nextId = 1;
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const worker = workers.find((w) => !w.busy) ?? workers[0];
  const id = nextId++;
  worker.busy = true;
  ${
    bookkeeping
      ? `const requestId = randomUUID();
  const now = Date.now();
  const started = process.hrtime.bigint();
  const timer = setTimeout(() => {}, 3000);
  worker.answers.set(id, { res, requestId, started, timer });
  const event = eventOf(req, Buffer.concat(chunks).toString(), requestId, now);
  worker.socket.write(frame(id, { requestId, deadline: now + 3000, event }));`
      : `worker.answers.set(id, { res });
  const event = { rawPath: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
  worker.socket.write(frame(id, event));`
  }
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({
    url: 'http://127.0.0.1:' + server.address().port + '/',
    pids: workers.map((w) => w.child.pid),
  })),
);
process.stdin.on('end', () => {
  for (const w of workers) w.child.kill();
  process.exit(0);
}).resume();
`;

/**
 * Starts the server and its `workers` processes; `pids` are all of them, for their CPU. With
 * `bookkeeping`, each request also carries Lambda's least per-invocation work (see the top).
 */
export async function startProcessHopFloor(workers, { bookkeeping = false } = {}) {
  const logs = bookkeeping ? tempFolder('ll-bench-hop-floor-') : undefined;
  const args = [String(workers), ...(logs ? [join(logs, 'function.log')] : [])];
  const child = spawn(process.execPath, ['-e', SERVER(bookkeeping), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  children.add(child);
  const line = await withTimeout(
    new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the process-hop floor exited with ${code}`)));
    }),
    10_000,
    'starting the process-hop floor',
  );
  const { url, pids } = JSON.parse(line);
  return {
    url,
    pids: [child.pid, ...pids],
    close: async () => {
      child.stdin.end();
      await stop(child);
      if (logs) removeFolder(logs);
    },
  };
}
