// The debug invocation's wire contract (src/core/invoke/debugInvoke.ts): the headers a client sends
// and the checks the endpoint makes of them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  DEBUG_ATTACH_WAIT_HEADER,
  DEBUG_PORT_HEADER,
  debugHeaders,
  defaultDebugPort,
  parseAttachWait,
  parseDebugPort,
  undebuggableRuntime,
} from '../../src/core/invoke/debugInvoke';

test('ports: whole numbers from 1 to 65535, anything else a message saying so', () => {
  assert.equal(parseDebugPort('9229'), 9229);
  assert.equal(parseDebugPort(' 1 '), 1);
  assert.equal(parseDebugPort('65535'), 65535);
  for (const bad of ['0', '65536', '-1', '9229.5', '0x10', '', 'abc', '1e3', '999999']) {
    assert.match(
      String(parseDebugPort(bad)),
      /^The debug port must be a whole number from 1 to 65535, not ".*"\.$/,
      bad,
    );
  }
});

test('the wait for a debugger: 1 to 900 seconds', () => {
  assert.equal(parseAttachWait('1'), 1);
  assert.equal(parseAttachWait('900'), 900);
  for (const bad of ['0', '901', '-5', '1.5', 'soon'])
    assert.match(String(parseAttachWait(bad)), /from 1 to 900/, bad);
});

test("default ports by runtime: Node's inspector, debugpy; other runtimes cannot be debugged", () => {
  assert.equal(defaultDebugPort('nodejs22.x'), 9229);
  assert.equal(defaultDebugPort('python3.12'), 5678);
  assert.equal(defaultDebugPort('provided.al2023'), undefined);
  assert.equal(undebuggableRuntime('nodejs20.x'), undefined);
  assert.match(
    undebuggableRuntime('java21')!,
    /^Debugging runs Node\.js and Python functions; java21 functions run without a debugger/,
  );
});

test('the headers a client adds', () => {
  assert.deepEqual(debugHeaders({ port: 9229 }), { [DEBUG_PORT_HEADER]: '9229' });
  assert.deepEqual(debugHeaders({ port: 5678, attachWaitSeconds: 30 }), {
    'x-lambda-lens-debug-port': '5678',
    [DEBUG_ATTACH_WAIT_HEADER]: '30',
  });
});
