// `lambda-lens serve` from the built CLI as its own process on a fresh home, owned by the benchmark.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { children, removeFolder, stop, tempFolder, withTimeout } from './owned.mjs';

const root = resolve(import.meta.dirname, '..');

/** Extra node flags for the served process, e.g. BENCH_SERVE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile it. */
function serveNodeArgs() {
  return (process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

export async function startServe(homePrefix) {
  const home = tempFolder(homePrefix);
  const child = spawn(
    process.execPath,
    [
      ...serveNodeArgs(),
      join(root, 'dist', 'cli.js'),
      'serve',
      '--json',
      '--home',
      home,
      '--stop-on-stdin-close',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-2_000);
  });
  // Closing its stdin stops it as the extension does (a SIGTERM alone leaves it reading stdin).
  const close = async () => {
    child.stdin.end();
    await stop(child, serveNodeArgs().length ? 60_000 : undefined);
    removeFolder(home);
  };
  try {
    const line = await withTimeout(
      new Promise((resolveLine, reject) => {
        createInterface({ input: child.stdout }).once('line', resolveLine);
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
        child.once('error', reject);
      }),
      15_000,
      'starting serve',
    );
    const info = JSON.parse(line);
    return {
      url: info.url,
      credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
      pid: child.pid,
      home,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
