// The Runtime API serves only its own execution environment: a process outside it (another
// process of the same user, another local user, a web page through DNS rebinding) can neither
// take an invocation's event nor answer it, and the real invocation completes with the function's
// own result. Linux identifies the connecting process; runtimeApiPortable.test.ts covers the rest.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, sleep, waitFor } from './invokeKit';
import {
  attack,
  hasCurl,
  PROBING_BOOTSTRAP,
  runtimeApiAddressOf,
  type Attacker,
} from './runtimeApiKit';

const linux = process.platform === 'linux';
const skip = !hasCurl
  ? 'curl is needed for the custom runtime'
  : !linux
    ? 'the process check is Linux-only'
    : false;
const canSwitchUser =
  linux &&
  process.getuid?.() === 0 &&
  spawnSync('sh', ['-c', 'command -v setpriv'], { stdio: 'ignore' }).status === 0;

let t: TestEndpoint;
const endpointLog: string[] = [];
let hold: string;
before(async () => {
  t = await startTestEndpoint({ log: (line) => endpointLog.push(line) });
  hold = mkdtempSync(join(tmpdir(), 'll-hold-'));
});
after(async () => {
  await t?.close();
  rmSync(hold, { recursive: true, force: true });
});

const provided = { runtime: 'provided.al2023', handler: 'function.handler', timeout: 5 };

async function warmFunction(name: string, environment?: Record<string, string>): Promise<string> {
  await createFunction(
    t,
    name,
    { bootstrap: { content: PROBING_BOOTSTRAP, mode: 0o755 } },
    { ...provided, ...(environment ? { environment } : {}) },
  );
  if (environment?.HOLD_DIR) writeFileSync(join(environment.HOLD_DIR, 'go'), '');
  const first = await invoke(t, name, { warm: true });
  assert.deepEqual((first.body as { echo: unknown }).echo, { warm: true }, first.text);
  const address = runtimeApiAddressOf(name);
  assert.ok(address, 'the environment runs, with AWS_LAMBDA_RUNTIME_API in its environ');
  return address;
}

/** The attacker was refused: no event, no accepted answer, and the refusal says why. */
function assertRefused(attacker: Attacker, secret: string): void {
  const text = JSON.stringify(attacker.steps);
  assert.ok(!text.includes(secret), `the attacker saw the event: ${text}`);
  for (const step of attacker.steps) {
    const answer = step.next ?? step.forged;
    if (!answer) continue;
    assert.equal(answer.status, 403, text);
    assert.match(answer.body ?? '', /only to the processes of its execution environment/, text);
  }
}

async function stealWhileIdle(name: string, options: { asUser?: string } = {}): Promise<void> {
  const address = await warmFunction(name);
  const attacker = attack(['steal', address], options);
  await attacker.step((s) => s.sent !== undefined);
  await sleep(300); // its /next reaches the endpoint before the invocation does
  const secret = `secret-${name}`;
  const out = await invoke(t, name, { secret });
  await attacker.done();
  assertRefused(attacker, secret);
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual((out.body as { echo: unknown }).echo, { secret }, 'the real runtime answered');
  // The environment is still in step: the next invocation is served warm by the same runtime.
  const again = await invoke(t, name, { n: 2 });
  assert.deepEqual((again.body as { echo: unknown }).echo, { n: 2 }, again.text);
}

test(
  'another process cannot take an invocation with /next and forge its result',
  { skip },
  async () => {
    await stealWhileIdle('steal-same-user');
    const told = new RegExp(
      `^Runtime API of steal-same-user \\(environment [0-9a-f]{32}\\): refused a connection from a process of uid ${process.getuid!()} outside its execution environment\\.$`,
    );
    assert.ok(
      endpointLog.some((line) => told.test(line)),
      endpointLog.join('\n'),
    );
  },
);

test('another process cannot answer an invocation in flight', { skip }, async () => {
  const name = 'forge-in-flight';
  const address = await warmFunction(name, { HOLD_DIR: hold });
  rmSync(join(hold, 'request-id'), { force: true });
  const secret = 'secret-in-flight';
  const pending = invoke(t, name, { secret });
  const requestId = await waitFor('the runtime to take the invocation', async () => {
    const text = existsSync(join(hold, 'request-id'))
      ? readFileSync(join(hold, 'request-id'), 'utf8').trim()
      : '';
    return text || undefined;
  });
  const attacker = attack(['forge', address, requestId]);
  await attacker.done();
  writeFileSync(join(hold, 'go'), '');
  const out = await pending;
  assertRefused(attacker, secret);
  assert.ok(
    attacker.steps.some((s) => s.forged),
    JSON.stringify(attacker.steps),
  );
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual((out.body as { echo: unknown }).echo, { secret });
});

test(
  'another local user is refused',
  { skip: skip || (!canSwitchUser && 'needs root and setpriv to run as nobody') },
  async () => {
    await stealWhileIdle('steal-other-user', { asUser: 'nobody' });
  },
);

test(
  'a foreign Host header is refused even from inside the environment; localhost is accepted',
  { skip },
  async () => {
    await createFunction(
      t,
      'host-probe',
      { bootstrap: { content: PROBING_BOOTSTRAP, mode: 0o755 } },
      provided,
    );
    const out = await invoke(t, 'host-probe', { n: 1 });
    assert.deepEqual(out.body, { echo: { n: 1 }, probes: { evil: 403, localhost: 404 } }, out.text);
  },
);

test(
  'a web page through DNS rebinding (a foreign Host from outside) gets nothing',
  { skip },
  async () => {
    const address = await warmFunction('rebinding');
    const port = address.slice(address.lastIndexOf(':') + 1);
    const attacker = attack(['steal', address], { host: `evil.example:${port}` });
    await attacker.done();
    assertRefused(attacker, 'warm');
    const out = await invoke(t, 'rebinding', { after: true });
    assert.deepEqual((out.body as { echo: unknown }).echo, { after: true });
  },
);
