// The Runtime API where connections cannot be traced to processes (macOS, Windows; forced here
// with LAMBDA_LENS_FORCE_PORTABLE=1): custom runtimes still work, the Host check still refuses a
// foreign Host (DNS rebinding), and the endpoint's log says once that this is all it checks.
process.env.LAMBDA_LENS_FORCE_PORTABLE = '1';

import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, reportIn } from './invokeKit';
import { attack, hasCurl, PROBING_BOOTSTRAP, runtimeApiAddressOf } from './runtimeApiKit';

const skip = !hasCurl ? 'curl is needed for the custom runtime' : false;

let t: TestEndpoint;
const endpointLog: string[] = [];
before(async () => {
  t = await startTestEndpoint({ log: (line) => endpointLog.push(line) });
});
after(async () => {
  await t?.close();
});

const provided = { runtime: 'provided.al2023', handler: 'function.handler', timeout: 5 };

test(
  'a custom runtime works, warm on the second invoke; its own foreign-Host request is refused',
  { skip },
  async () => {
    await createFunction(
      t,
      'portable',
      { bootstrap: { content: PROBING_BOOTSTRAP, mode: 0o755 } },
      provided,
    );
    const first = await invoke(t, 'portable', { n: 1 });
    assert.deepEqual(
      first.body,
      { echo: { n: 1 }, probes: { evil: 403, localhost: 404 } },
      first.text,
    );
    const second = await invoke(t, 'portable', { n: 2 });
    assert.deepEqual((second.body as { echo: unknown }).echo, { n: 2 });
    assert.equal(
      reportIn(second.log).initDurationMs,
      undefined,
      'the second invoke reuses the environment',
    );
  },
);

test(
  'a foreign Host from another process (DNS rebinding) is refused and the runtime stays in step',
  { skip },
  async () => {
    await createFunction(
      t,
      'portable-rebinding',
      { bootstrap: { content: PROBING_BOOTSTRAP, mode: 0o755 } },
      provided,
    );
    await invoke(t, 'portable-rebinding', { warm: true });
    const address = runtimeApiAddressOf('portable-rebinding');
    assert.ok(address);
    const port = address.slice(address.lastIndexOf(':') + 1);
    const attacker = attack(['steal', address], { host: `evil.example:${port}` });
    await attacker.done();
    const next = attacker.steps.find((s) => s.next)?.next;
    assert.equal(next?.status, 403, JSON.stringify(attacker.steps));
    assert.equal(
      JSON.parse(next.body ?? '{}').errorMessage,
      `This Runtime API accepts only Host 127.0.0.1:${port} (the address in AWS_LAMBDA_RUNTIME_API) or localhost:${port}.`,
    );
    const out = await invoke(t, 'portable-rebinding', { after: true });
    assert.deepEqual((out.body as { echo: unknown }).echo, { after: true });
  },
);

test(
  'without tracing, another process naming the right Host is served: what the log warns about',
  { skip },
  async () => {
    const address = runtimeApiAddressOf('portable-rebinding');
    assert.ok(address);
    const attacker = attack(['forge', address, 'not-a-request-id']);
    await attacker.done();
    const forged = attacker.steps.find((s) => s.forged)?.forged;
    assert.equal(forged?.status, 400, JSON.stringify(attacker.steps));
    assert.equal(JSON.parse(forged.body ?? '{}').errorType, 'InvalidRequestID');
  },
);

test('the endpoint says once that only the Host header is checked', { skip }, () => {
  const told = endpointLog.filter((line) =>
    line.startsWith(
      'Runtime API: only the Host header is checked, as LAMBDA_LENS_FORCE_PORTABLE=1 is set',
    ),
  );
  assert.equal(told.length, 1, endpointLog.join('\n'));
});
