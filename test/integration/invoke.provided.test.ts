// Invoke on the local endpoint, custom runtime (provided.al2023): a `bootstrap` from the zip that
// loops on the Runtime API itself, as in AWS's "Building a custom runtime" tutorial.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, reportIn } from './invokeKit';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

const hasCurl = spawnSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' }).status === 0;

// The tutorial's shell loop with curl; where curl is missing, the same loop in python3.
const CURL_BOOTSTRAP = `#!/bin/sh
set -eu
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
echo "init: handler is $_HANDLER"
while true; do
  HEADERS="$(mktemp)"
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  rm -f "$HEADERS"
  echo "handling $REQUEST_ID"
  case "$EVENT" in
    *fail*) curl -sS -X POST -H "Lambda-Runtime-Function-Error-Type: Custom.Failure" "$API/invocation/$REQUEST_ID/error" -d '{"errorType":"Custom.Failure","errorMessage":"asked to fail"}' > /dev/null ;;
    *) curl -sS -X POST "$API/invocation/$REQUEST_ID/response" -d "{\\"echo\\":$EVENT,\\"handler\\":\\"$_HANDLER\\"}" > /dev/null ;;
  esac
done
`;

const PYTHON_BOOTSTRAP = `#!/bin/sh
exec python3 -u -c '
import http.client, json, os
api = os.environ["AWS_LAMBDA_RUNTIME_API"]
print("init: handler is " + os.environ["_HANDLER"])
while True:
    c = http.client.HTTPConnection(api)
    c.request("GET", "/2018-06-01/runtime/invocation/next")
    r = c.getresponse()
    event = r.read().decode()
    rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
    print("handling " + rid)
    c = http.client.HTTPConnection(api)
    if "fail" in event:
        c.request("POST", "/2018-06-01/runtime/invocation/%s/error" % rid, json.dumps({"errorType": "Custom.Failure", "errorMessage": "asked to fail"}), {"Lambda-Runtime-Function-Error-Type": "Custom.Failure"})
    else:
        c.request("POST", "/2018-06-01/runtime/invocation/%s/response" % rid, "{\\"echo\\":%s,\\"handler\\":\\"%s\\"}" % (event, os.environ["_HANDLER"]))
    c.getresponse().read()
'
`;

const BOOTSTRAP = hasCurl ? CURL_BOOTSTRAP : PYTHON_BOOTSTRAP;
const provided = { runtime: 'provided.al2023', handler: 'function.handler' };

// Both loops where curl exists (the python3 one needs only what Python functions need anyway).
const loops: Array<[string, string]> = [
  ...(hasCurl ? [['curl', CURL_BOOTSTRAP] as [string, string]] : []),
  ['python3', PYTHON_BOOTSTRAP],
];
for (const [tool, bootstrap] of loops) {
  test(`a shell bootstrap looping with ${tool} answers, warm on the second invoke`, async () => {
    const name = `custom-${tool}`;
    await createFunction(t, name, { bootstrap: { content: bootstrap, mode: 0o755 } }, provided);
    const first = await invoke(t, name, { n: 1 });
    assert.equal(first.functionError, undefined, first.text);
    assert.deepEqual(first.body, { echo: { n: 1 }, handler: 'function.handler' });
    const firstReport = reportIn(first.log);
    assert.ok(firstReport.initDurationMs !== undefined, 'a cold start has an Init Duration');
    assert.ok(first.log.includes('init: handler is function.handler'));
    assert.ok(first.log.includes(`handling ${firstReport.requestId}`), first.log);

    const second = await invoke(t, name, { n: 2 });
    assert.deepEqual(second.body, { echo: { n: 2 }, handler: 'function.handler' });
    assert.equal(
      reportIn(second.log).initDurationMs,
      undefined,
      'the second invoke reuses the environment',
    );
  });
}

test('a custom runtime reports an error through /invocation/ID/error', async () => {
  await createFunction(
    t,
    'custom-error',
    { bootstrap: { content: BOOTSTRAP, mode: 0o755 } },
    provided,
  );
  const out = await invoke(t, 'custom-error', { fail: true });
  assert.equal(out.functionError, 'Unhandled');
  assert.deepEqual(out.body, { errorType: 'Custom.Failure', errorMessage: 'asked to fail' });
});

test('a bootstrap without the executable bit: Runtime.InvalidEntrypoint', async () => {
  await createFunction(
    t,
    'custom-noexec',
    { bootstrap: { content: BOOTSTRAP, mode: 0o644 } },
    provided,
  );
  const out = await invoke(t, 'custom-noexec');
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.InvalidEntrypoint');
  assert.match(
    body.errorMessage,
    /^RequestId: [0-9a-f-]{36} Error: fork\/exec .*bootstrap: permission denied$/,
  );
  const report = reportIn(out.log);
  assert.equal(report.status, 'error');
  assert.equal(report.errorType, 'Runtime.InvalidEntrypoint');
});

test('a zip with no bootstrap: Runtime.InvalidEntrypoint', async () => {
  await createFunction(
    t,
    'custom-missing',
    { 'main.sh': { content: BOOTSTRAP, mode: 0o755 } },
    provided,
  );
  const out = await invoke(t, 'custom-missing');
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.InvalidEntrypoint');
  assert.match(body.errorMessage, /Couldn't find valid bootstrap\(s\)/);
});

test('a bootstrap that exits during init: Runtime.ExitError', async () => {
  await createFunction(
    t,
    'custom-exit',
    { bootstrap: { content: '#!/bin/sh\necho "cannot start"\nexit 3\n', mode: 0o755 } },
    provided,
  );
  const out = await invoke(t, 'custom-exit');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.ExitError');
  assert.match(
    body.errorMessage,
    /^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 3$/,
  );
  assert.ok(out.log.includes('cannot start'));
  assert.match(
    out.log,
    /INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError/,
  );
});

test('a runtime that exits after answering: the next invocation gets a new environment, not an error', async () => {
  // Answers one event, then exits a moment later instead of asking for the next one.
  const once = CURL_BOOTSTRAP.replace('while true; do', 'for round in 1; do').replace(
    /done\n$/,
    'done\nsleep 0.3\nexit 0\n',
  );
  const bootstrap = hasCurl
    ? once
    : PYTHON_BOOTSTRAP.replace('while True:', 'for _ in [1]:').replace(
        /'\n$/,
        "import time; time.sleep(0.3)\n'\n",
      );
  await createFunction(
    t,
    'custom-once',
    { bootstrap: { content: bootstrap, mode: 0o755 } },
    provided,
  );
  for (let i = 0; i < 3; i++) {
    const out = await invoke(t, 'custom-once', { i });
    assert.equal(out.functionError, undefined, out.text);
    assert.deepEqual(out.body, { echo: { i }, handler: 'function.handler' });
    assert.notEqual(reportIn(out.log).initDurationMs, undefined, `invocation ${i} starts cold`);
  }
});
