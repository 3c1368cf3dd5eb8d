import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functionUrlLabel } from '../../src/core/http/functionUrlLabel';

const URL = 'http://127.0.0.1:43210/';

test('a RESPONSE_STREAM URL of a runtime that cannot stream says it will not stream, and why', () => {
  const label = functionUrlLabel(
    { url: URL, authType: 'NONE', invokeMode: 'RESPONSE_STREAM' },
    'python3.12',
  );
  assert.equal(label.description, `${URL} · will not stream`);
  assert.match(
    label.tooltip,
    /^http:\/\/127\.0\.0\.1:43210\/\nAuth type: NONE\nInvoke mode: RESPONSE_STREAM\n/,
  );
  assert.match(
    label.tooltip,
    /python3\.12 does not stream responses on Lambda .*: its whole response arrives at once, when the function returns/,
  );
});

test('a URL that streams, or that does not try to, carries no note', () => {
  for (const [invokeMode, runtime] of [
    ['RESPONSE_STREAM', 'nodejs22.x'],
    ['RESPONSE_STREAM', 'provided.al2023'],
    ['BUFFERED', 'python3.12'],
    [undefined, 'java21'],
  ] as const) {
    const label = functionUrlLabel(
      { url: URL, authType: 'AWS_IAM', ...(invokeMode ? { invokeMode } : {}) },
      runtime,
    );
    assert.equal(label.description, URL, `${invokeMode} ${runtime}`);
    assert.doesNotMatch(label.tooltip, /stream responses/);
  }
  const buffered = functionUrlLabel(
    { url: URL, authType: 'AWS_IAM', invokeMode: 'BUFFERED' },
    'python3.12',
  );
  assert.equal(buffered.tooltip, `${URL}\nAuth type: AWS_IAM\nInvoke mode: BUFFERED`);
});

test('a function whose runtime is unknown (a container image) is not said to be unable to stream', () => {
  const label = functionUrlLabel(
    { url: URL, authType: 'NONE', invokeMode: 'RESPONSE_STREAM' },
    undefined,
  );
  assert.equal(label.description, URL);
  assert.equal(label.tooltip, `${URL}\nAuth type: NONE\nInvoke mode: RESPONSE_STREAM`);
});
