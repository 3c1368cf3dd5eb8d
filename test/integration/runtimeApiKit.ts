// Shared by the Runtime API security tests: a custom runtime (curl in a shell loop, as in AWS's
// tutorial) that can be held mid-invocation, probes the Host check from inside its environment,
// and a separate attacker process that talks to an environment's AWS_LAMBDA_RUNTIME_API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const hasCurl = spawnSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' }).status === 0;

/**
 * Asks its own Runtime API with a foreign Host and with `localhost`, once at init (403 is refused,
 * 404 is an unknown path that got past the Host check); answers `{ echo: event, probes }`. With
 * HOLD_DIR set, it writes each request id there and waits for a file named `go` before answering.
 */
export const PROBING_BOOTSTRAP = `#!/bin/sh
set -eu
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
PORT="\${AWS_LAMBDA_RUNTIME_API##*:}"
EVIL=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: evil.example:$PORT" "$API/ping")
LOCAL=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: localhost:$PORT" "$API/ping")
while true; do
  HEADERS="$(mktemp)"
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  rm -f "$HEADERS"
  if [ -n "\${HOLD_DIR:-}" ]; then
    echo "$REQUEST_ID" > "$HOLD_DIR/request-id"
    while [ ! -e "$HOLD_DIR/go" ]; do sleep 0.02; done
    rm -f "$HOLD_DIR/go"
  fi
  curl -sS -X POST "$API/invocation/$REQUEST_ID/response" -d "{\\"echo\\":$EVENT,\\"probes\\":{\\"evil\\":$EVIL,\\"localhost\\":$LOCAL}}" > /dev/null
done
`;

/**
 * The attacker: a plain Node.js script, run as its own process (not in any environment).
 * `steal ADDRESS`: GET /invocation/next, and if it gets an event, POST a forged response to it.
 * `forge ADDRESS ID`: POST a forged response for request ID.
 * It prints one JSON line per step. ATTACK_HOST overrides the Host header.
 */
const ATTACKER = `
const http = require('node:http');
const [mode, address, requestId] = process.argv.slice(2);
const at = address.lastIndexOf(':');
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
function call(method, path, body) {
  return new Promise((resolve) => {
    const req = http.request({ host: address.slice(0, at), port: Number(address.slice(at + 1)), method, path, agent: false,
      headers: { host: process.env.ATTACK_HOST || address, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, requestId: res.headers['lambda-runtime-aws-request-id'], body: text }));
      res.on('error', (e) => resolve({ error: e.code || e.message }));
    });
    req.on('error', (e) => resolve({ error: e.code || e.message }));
    req.end(body);
    say({ sent: method + ' ' + path });
  });
}
(async () => {
  if (mode === 'steal') {
    const next = await call('GET', '/2018-06-01/runtime/invocation/next');
    say({ next });
    if (next.status === 200 && next.requestId) say({ forged: await call('POST', '/2018-06-01/runtime/invocation/' + next.requestId + '/response', '{"forged":true}') });
  } else {
    say({ forged: await call('POST', '/2018-06-01/runtime/invocation/' + requestId + '/response', '{"forged":true}') });
  }
})();
`;

export interface AttackStep {
  sent?: string;
  next?: { status?: number; requestId?: string; body?: string; error?: string };
  forged?: { status?: number; body?: string; error?: string };
}

export interface Attacker {
  readonly child: ChildProcess;
  readonly steps: AttackStep[];
  /** Resolves once a step matching `test` was printed. */
  step(test: (s: AttackStep) => boolean, timeoutMs?: number): Promise<AttackStep>;
  /** Resolves when the attacker exits (killed after `timeoutMs`). */
  done(timeoutMs?: number): Promise<void>;
}

/** Runs the attacker script as a separate process; `asUser` runs it as another local user (needs root and setpriv). */
export function attack(args: string[], options: { asUser?: string; host?: string } = {}): Attacker {
  // In the shared temp folder, readable by everyone, so another user can run it too.
  const script = join(tmpdir(), `ll-attacker-${randomBytes(6).toString('hex')}.cjs`);
  writeFileSync(script, ATTACKER, { mode: 0o644 });
  const command = options.asUser
    ? ([
        'setpriv',
        [
          '--reuid',
          options.asUser,
          '--regid',
          'nogroup',
          '--clear-groups',
          process.execPath,
          script,
          ...args,
        ],
      ] as const)
    : ([process.execPath, [script, ...args]] as const);
  const child = spawn(command[0], [...command[1]], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...(options.host ? { ATTACK_HOST: options.host } : {}),
    },
  });
  const steps: AttackStep[] = [];
  const waiters = new Set<() => void>();
  let rest = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) steps.push(JSON.parse(line) as AttackStep);
    for (const wake of waiters) wake();
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      rmSync(script, { force: true });
      resolve();
    }),
  );
  return {
    child,
    steps,
    step(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = steps.find(test);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`attacker step not seen; steps ${JSON.stringify(steps)} ${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async done(timeoutMs = 10_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * AWS_LAMBDA_RUNTIME_API of a function's running environment, as any process allowed to read its
 * /proc/PID/environ finds it (another user can find the port in /proc/net/tcp instead).
 */
export function runtimeApiAddressOf(functionName: string): string | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue;
    }
    const variables = environ.split('\0');
    if (!variables.includes(`AWS_LAMBDA_FUNCTION_NAME=${functionName}`)) continue;
    const api = variables.find((v) => v.startsWith('AWS_LAMBDA_RUNTIME_API='));
    if (api) return api.slice('AWS_LAMBDA_RUNTIME_API='.length);
  }
  return undefined;
}
