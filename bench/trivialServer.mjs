// A server process that answers every request at once with a fixed JSON body: the same SDK
// client and command against it cost the SDK's own share of a round trip (the floor).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { children, stop, withTimeout } from './owned.mjs';

const SOURCE = (body) => `const b = Buffer.from(${JSON.stringify(body)});
const s = require('node:http').createServer((q, r) => { q.resume(); q.on('end', () => {
  r.writeHead(200, { 'content-type': 'application/json', 'content-length': b.length }); r.end(b); }); });
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
process.stdin.on('end', () => process.exit(0)).resume();`;

export async function startTrivialServer(body, env = process.env) {
  const child = spawn(process.execPath, ['-e', SOURCE(body)], {
    stdio: ['pipe', 'pipe', 'ignore'],
    detached: true,
    env,
  });
  children.add(child);
  const close = async () => {
    child.stdin.end();
    await stop(child, 2_000);
  };
  try {
    const port = await withTimeout(
      new Promise((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`the trivial server exited with ${code}`)));
      }),
      10_000,
      'starting the trivial server',
    );
    return {
      url: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
