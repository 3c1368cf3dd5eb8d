// Invoke on the local endpoint, Python runtime (python3 of this machine): results, output, errors
// and the context, as Lambda's Python runtime reports them.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, reportIn, socketsBeyondStdio } from './invokeKit';
import { ENVIRONMENT_TAG } from '../../src/local/os/processContainment';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

const py = { runtime: 'python3.12', handler: 'app.handler' };

test('our Python bootstrap without its channel (over AWS_LAMBDA_RUNTIME_API) sends non-ASCII results as UTF-8', async () => {
  // A custom runtime that runs our bootstrap: it then has only the HTTP Runtime API, as on Lambda.
  await createFunction(
    t,
    'py-over-http',
    {
      bootstrap: {
        content:
          '#!/bin/sh\nAWS_EXECUTION_ENV=AWS_Lambda_python3.12 exec python3 "$LAMBDA_TASK_ROOT/python-bootstrap.py"\n',
        mode: 0o755,
      },
      'python-bootstrap.py': readFileSync(
        join(__dirname, '..', '..', 'src', 'local', 'runtime', 'bootstraps', 'python-bootstrap.py'),
        'utf8',
      ),
      'app.py': "def handler(event, context):\n    return {'text': 'café ✓ 日本'}\n",
    },
    { runtime: 'provided.al2023', handler: 'app.handler' },
  );
  const out = await invoke(t, 'py-over-http');
  assert.equal(out.functionError, undefined, out.text);
  assert.equal(out.text, '{"text": "café ✓ 日本"}');
});

test("the function's own child processes do not inherit the Runtime API channel", async () => {
  await createFunction(
    t,
    'py-child-fds',
    {
      'app.py':
        "import subprocess\ndef handler(event, context):\n    return subprocess.run(['ls', '-l', '/proc/self/fd'], capture_output=True, text=True).stdout\n",
    },
    py,
  );
  const out = await invoke(t, 'py-child-fds');
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual(socketsBeyondStdio(out.body), [], 'a socket beyond stdio reached the child');
});

test('a handler returning a dict, and what it prints', async () => {
  await createFunction(
    t,
    'py-dict',
    {
      'app.py':
        "def handler(event, context):\n    print('got', event['n'])\n    return {'doubled': event['n'] * 2, 'none': None, 'list': [1, 'a']}\n",
    },
    py,
  );
  const out = await invoke(t, 'py-dict', { n: 21 });
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual(out.body, { doubled: 42, none: null, list: [1, 'a'] });
  assert.ok(out.log.split('\n').includes('got 21'), out.log);
  assert.equal(reportIn(out.log).status, undefined);
});

test("the environment: Lambda's variables, none of ours; non-ASCII results arrive as UTF-8", async () => {
  await createFunction(
    t,
    'py-env',
    {
      'app.py':
        "import os\ndef handler(event, context):\n    return {'api': os.environ.get('AWS_LAMBDA_RUNTIME_API'), 'ours': [k for k in os.environ if k.startswith('LAMBDA_LENS_')], 'text': 'café ✓'}\n",
    },
    py,
  );
  const out = await invoke(t, 'py-env');
  assert.equal(out.functionError, undefined, out.text);
  const body = out.body as { api: string; ours: string[]; text: string };
  assert.match(body.api, /^127\.0\.0\.1:\d+$/);
  // The one exception: where there is no PID namespace, the tag that finds a function's daemons (docs/LOCAL-ENDPOINT.md).
  assert.deepEqual(
    body.ours.filter((name) => name !== ENVIRONMENT_TAG),
    [],
  );
  assert.equal(body.text, 'café ✓');
});

test('handlers in packages (pkg/app.handler) and the logging module', async () => {
  await createFunction(
    t,
    'py-pkg',
    {
      'pkg/__init__.py': '',
      'pkg/app.py':
        "import logging\nlogger = logging.getLogger()\nlogger.setLevel(logging.INFO)\ndef handler(event, context):\n    logger.info('hello %s', 'logs')\n    return 'ok'\n",
    },
    { runtime: 'python3.12', handler: 'pkg/app.handler' },
  );
  const out = await invoke(t, 'py-pkg');
  assert.equal(out.body, 'ok');
  const { requestId } = reportIn(out.log);
  // Lambda's Python log format: [LEVEL]\t<time>\t<request id>\t<message>
  assert.match(
    out.log,
    new RegExp(
      `^\\[INFO\\]\\t\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\t${requestId}\\thello logs$`,
      'm',
    ),
  );
});

test('raising: errorType is the exception class, stackTrace present', async () => {
  await createFunction(
    t,
    'py-raise',
    {
      'app.py':
        "class OrderError(Exception):\n    pass\n\ndef handler(event, context):\n    check(event)\n\ndef check(event):\n    raise OrderError('order %s is invalid' % event.get('id'))\n",
    },
    py,
  );
  const out = await invoke(t, 'py-raise', { id: 7 });
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as {
    errorType: string;
    errorMessage: string;
    stackTrace: string[];
    requestId: string;
  };
  assert.equal(body.errorType, 'OrderError');
  assert.equal(body.errorMessage, 'order 7 is invalid');
  const report = reportIn(out.log);
  assert.equal(body.requestId, report.requestId);
  assert.ok(
    Array.isArray(body.stackTrace) && body.stackTrace.length === 2,
    JSON.stringify(body.stackTrace),
  );
  assert.match(
    body.stackTrace[0]!,
    /^ {2}File ".*app\.py", line 5, in handler\n {4}check\(event\)\n$/,
  );
  assert.match(body.stackTrace[1]!, /line 8, in check/);
  assert.ok(
    !body.stackTrace.some((frame) => frame.includes('bootstrap')),
    "the runtime's own frames are left out",
  );
  // One log event: "[ERROR] OrderError: …" and the traceback.
  const event = out.log
    .split('\n')
    .findIndex((l) => l === '[ERROR] OrderError: order 7 is invalid');
  assert.ok(event >= 0, out.log);
  assert.equal(out.log.split('\n')[event + 1], 'Traceback (most recent call last):');
  assert.equal(report.status, undefined, 'a function error leaves the REPORT without a status');
});

test('the context: function_name, aws_request_id, get_remaining_time_in_millis, memory, ARN', async () => {
  await createFunction(
    t,
    'py-ctx',
    {
      'app.py': `def handler(event, context):
    return {
        'function_name': context.function_name,
        'function_version': context.function_version,
        'aws_request_id': context.aws_request_id,
        'remaining': context.get_remaining_time_in_millis(),
        'memory_limit_in_mb': context.memory_limit_in_mb,
        'invoked_function_arn': context.invoked_function_arn,
        'log_group_name': context.log_group_name,
        'log_stream_name': context.log_stream_name,
    }
`,
    },
    { ...py, timeout: 5, memorySize: 256 },
  );
  const out = await invoke(t, 'py-ctx');
  const body = out.body as Record<string, unknown>;
  assert.equal(body.function_name, 'py-ctx');
  assert.equal(body.function_version, '$LATEST');
  assert.equal(body.aws_request_id, reportIn(out.log).requestId);
  assert.ok(
    typeof body.remaining === 'number' && body.remaining > 0 && body.remaining <= 5000,
    String(body.remaining),
  );
  assert.equal(body.memory_limit_in_mb, '256');
  assert.equal(body.invoked_function_arn, 'arn:aws:lambda:us-east-1:123456789012:function:py-ctx');
  assert.equal(body.log_group_name, '/aws/lambda/py-ctx');
  assert.match(String(body.log_stream_name), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
});

test('import error: Runtime.ImportModuleError', async () => {
  await createFunction(
    t,
    'py-import',
    { 'app.py': 'import requests_not_installed\n\ndef handler(event, context):\n    return 1\n' },
    py,
  );
  const out = await invoke(t, 'py-import');
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.ImportModuleError');
  assert.equal(
    body.errorMessage,
    "Unable to import module 'app': No module named 'requests_not_installed'",
  );
  assert.match(
    out.log,
    /^\[ERROR\] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests_not_installed'$/m,
  );
  assert.match(
    out.log,
    /INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError/,
  );
  const report = reportIn(out.log);
  assert.equal(report.status, 'error');
  assert.equal(report.errorType, 'Runtime.ImportModuleError');
});

test('missing handler: Runtime.HandlerNotFound', async () => {
  await createFunction(
    t,
    'py-nohandler',
    { 'app.py': 'def other(event, context):\n    return 1\n' },
    py,
  );
  const out = await invoke(t, 'py-nohandler');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.HandlerNotFound');
  assert.equal(body.errorMessage, "Handler 'handler' missing on module 'app'");
});

test('syntax error: Runtime.UserCodeSyntaxError', async () => {
  await createFunction(
    t,
    'py-syntax',
    { 'app.py': 'def handler(event, context)\n    return 1\n' },
    py,
  );
  const out = await invoke(t, 'py-syntax');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.UserCodeSyntaxError');
  assert.match(body.errorMessage, /^Syntax error in module 'app': /);
});

test('a result json cannot serialise: Runtime.MarshalError, and the environment serves again', async () => {
  await createFunction(
    t,
    'py-marshal',
    {
      'app.py':
        "import datetime, decimal\n\ndef handler(event, context):\n    if event.get('decimal'):\n        return {'price': decimal.Decimal('1.50'), 'count': decimal.Decimal('3')}\n    return {'at': datetime.datetime(2024, 1, 1)}\n",
    },
    py,
  );
  const out = await invoke(t, 'py-marshal');
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.MarshalError');
  assert.equal(
    body.errorMessage,
    'Unable to marshal response: Object of type datetime is not JSON serializable',
  );
  // Decimal (as DynamoDB returns numbers) is a number, as Lambda's marshaller writes it.
  const decimals = await invoke(t, 'py-marshal', { decimal: true });
  assert.deepEqual(decimals.body, { price: 1.5, count: 3 });
  assert.equal(reportIn(decimals.log).initDurationMs, undefined);
});

test('sys.exit in the handler: Runtime.ExitError', async () => {
  await createFunction(
    t,
    'py-exit',
    { 'app.py': 'import sys\n\ndef handler(event, context):\n    sys.exit(2)\n' },
    py,
  );
  const out = await invoke(t, 'py-exit');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.ExitError');
  assert.match(
    body.errorMessage,
    /^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 2$/,
  );
});
