// Links in result documents: the spans of a text that name a file and line as stack traces do.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findTraceLinks } from '../../src/core/invoke/traceLinks';

const linked = (text: string) =>
  findTraceLinks(text).map((l) => ({
    span: text.slice(l.start, l.end),
    file: l.file,
    line: l.line,
    column: l.column,
  }));

test('Node frames, in parentheses and bare, POSIX paths with spaces', () => {
  assert.deepEqual(
    linked(
      '    at handler (/home/ann lee/proj/index.js:4:9)\n    at /home/ann/proj/a.mjs:7:1\n    at async /home/ann/proj/b.js:2:3',
    ),
    [
      {
        span: '/home/ann lee/proj/index.js:4:9',
        file: '/home/ann lee/proj/index.js',
        line: 4,
        column: 9,
      },
      { span: '/home/ann/proj/a.mjs:7:1', file: '/home/ann/proj/a.mjs', line: 7, column: 1 },
      { span: '/home/ann/proj/b.js:2:3', file: '/home/ann/proj/b.js', line: 2, column: 3 },
    ],
  );
});

test('Windows paths, plain and JSON-escaped, and Python frames', () => {
  const document = JSON.stringify(
    {
      trace: [
        'Error: x',
        '    at f (C:\\Users\\Ann\\proj\\index.js:4:9)',
        '    at C:\\Users\\Ann\\proj\\b.js:1:2',
      ],
      py: '  File "C:\\Users\\Ann\\app.py", line 3, in handler',
    },
    null,
    2,
  );
  assert.deepEqual(
    linked(document).map(({ file, line, column }) => ({ file, line, column })),
    [
      { file: 'C:\\Users\\Ann\\proj\\index.js', line: 4, column: 9 },
      { file: 'C:\\Users\\Ann\\proj\\b.js', line: 1, column: 2 },
      { file: 'C:\\Users\\Ann\\app.py', line: 3, column: undefined },
    ],
  );
  assert.deepEqual(linked('  File "/home/ann/app.py", line 12, in handler'), [
    { span: '/home/ann/app.py", line 12', file: '/home/ann/app.py', line: 12, column: undefined },
  ]);
});

test('what names no absolute file is no link', () => {
  assert.deepEqual(
    linked(
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at async Promise.all (index 0)\n    at f (file:///x/y.mjs:1:2)\n    at g (relative/path.js:3:4)',
    ),
    [],
  );
});

test('long lines without frames are scanned in bounded time', { timeout: 60_000 }, () => {
  assert.deepEqual(findTraceLinks(`(/${'a'.repeat(2_000_000)}`), []);
  assert.deepEqual(findTraceLinks('(/a'.repeat(500_000)), []);
  assert.deepEqual(findTraceLinks(`File "/${'a'.repeat(2_000_000)}`), []);
  assert.deepEqual(findTraceLinks(` at /${'a '.repeat(1_000_000)}`), []);
});
