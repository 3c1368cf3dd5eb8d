// A second floor for the Function URL bench: the least a handler in its own process can cost. A
// bare `node:http` server process hands each request's event (the path, the headers and the body,
// as JSON) to one of `workers` child processes over a socket pair, one frame each way
// (u32 id | u32 length | JSON), and answers with the child's result; each child calls the same
// hello handler. No Lambda semantics (logs, time-outs, memory, the payload 2.0 event): what is left
// is the process boundary itself, the wake-ups and socket writes a per-process design cannot avoid.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { children, stop, withTimeout } from './owned.mjs';

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

const SERVER = `${FRAMES}
const { createServer } = require('node:http');
const { spawn } = require('node:child_process');
const workers = Array.from({ length: Number(process.argv[1]) }, () => {
  const child = spawn(process.execPath, ['-e', ${JSON.stringify(WORKER)}], {
    stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
  });
  const worker = { child, socket: child.stdio[3], busy: false, answers: new Map() };
  frames(worker.socket, (id, result) => {
    const res = worker.answers.get(id);
    worker.answers.delete(id);
    worker.busy = worker.answers.size > 0;
    res.writeHead(result.statusCode, { 'content-length': Buffer.byteLength(result.body) });
    res.end(result.body);
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
  worker.answers.set(id, res);
  const event = { rawPath: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
  worker.socket.write(frame(id, event));
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

/** Starts the server and its `workers` processes; `pids` are all of them, for their CPU. */
export async function startProcessHopFloor(workers) {
  const child = spawn(process.execPath, ['-e', SERVER, String(workers)], {
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
    },
  };
}
