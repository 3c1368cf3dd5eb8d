// Stack frames of the endpoint's unzipped copy → the workspace's files: the mapping table, for
// POSIX and Windows paths alike, plain and through a bundle's source map.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  copyFileOf,
  mapCopyLocation,
  mapTraceLines,
  mapTraceText,
  type DeployedCode,
} from '../../src/core/invoke/traceMapping';
import {
  inlineSourceMap,
  originLookup,
  sourceMappingUrlOf,
} from '../../src/core/invoke/sourceMapLookup';
import { fileUrlToPath, joinInFolder } from '../../src/core/invoke/tracePaths';

const SHA = Buffer.alloc(32, 0xab).toString('base64');
const HEX = 'ab'.repeat(32);
const OTHER_HEX = 'cd'.repeat(32);
const posixCode: DeployedCode = { codeFolder: '/home/ann/proj/orders', codeSha256: SHA };
const windowsCode: DeployedCode = {
  codeFolder: 'C:\\Users\\Ann Lee\\proj\\orders',
  codeSha256: SHA,
};
const POSIX_COPY = `/home/ann/.local/share/lambda-lens/local/runtime-cache/${HEX}`;
const WINDOWS_COPY = `C:\\Users\\Ann Lee\\AppData\\Local\\lambda-lens\\runtime-cache\\${HEX}`;

test('POSIX: Node frames (CommonJS paths, ES module URLs, bare and async) map to the code folder', () => {
  const table: [string, string][] = [
    [
      `    at exports.handler (${POSIX_COPY}/index.js:4:9)`,
      '    at exports.handler (/home/ann/proj/orders/index.js:4:9)',
    ],
    [
      `    at Runtime.handler (file://${POSIX_COPY}/lib/my%20file.mjs:12:3)`,
      '    at Runtime.handler (/home/ann/proj/orders/lib/my file.mjs:12:3)',
    ],
    [`    at ${POSIX_COPY}/index.js:7:1`, '    at /home/ann/proj/orders/index.js:7:1'],
    [`    at async Promise.all (index 0)`, '    at async Promise.all (index 0)'],
    [`    at async ${POSIX_COPY}/index.js:7:1`, '    at async /home/ann/proj/orders/index.js:7:1'],
    [`${POSIX_COPY}/index.js:4`, '/home/ann/proj/orders/index.js:4'],
    [
      `Error: failed reading ${POSIX_COPY}/data.json:3 today`,
      'Error: failed reading /home/ann/proj/orders/data.json:3 today',
    ],
    [
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ],
    [
      '    at main (/opt/lambda-lens/dist/runtimes/node-bootstrap.js:300:20)',
      '    at main (/opt/lambda-lens/dist/runtimes/node-bootstrap.js:300:20)',
    ],
    [
      `    at f (/home/ann/.local/share/lambda-lens/local/runtime-cache/${OTHER_HEX}/index.js:4:9)`,
      `    at f (/home/ann/.local/share/lambda-lens/local/runtime-cache/${OTHER_HEX}/index.js:4:9)`,
    ],
    [`    at f (${POSIX_COPY}/../escape.js:4:9)`, `    at f (${POSIX_COPY}/../escape.js:4:9)`],
  ];
  for (const [line, expected] of table) assert.equal(mapTraceText(line, posixCode), expected, line);
});

test('POSIX: a home with spaces maps inside parentheses and on a frame line of its own', () => {
  const copy = `/home/ann lee/lambda lens/runtime-cache/${HEX}`;
  assert.equal(
    mapTraceText(`    at f (${copy}/index.js:4:9)`, posixCode),
    '    at f (/home/ann/proj/orders/index.js:4:9)',
  );
  assert.equal(
    mapTraceText(`    at ${copy}/index.js:4:9`, posixCode),
    '    at /home/ann/proj/orders/index.js:4:9',
  );
});

test('Python: File "PATH", line N maps, multi-line entries and the log\'s no-break indent alike', () => {
  const entry = `  File "${POSIX_COPY}/app.py", line 4, in handler\n    raise ValueError("x")\n`;
  assert.equal(
    mapTraceText(entry, posixCode),
    '  File "/home/ann/proj/orders/app.py", line 4, in handler\n    raise ValueError("x")\n',
  );
  const log = `[ERROR] ValueError: x\nTraceback (most recent call last):\n\u00a0\u00a0File "${POSIX_COPY}/pkg/app.py", line 10, in handler\n`;
  assert.match(
    mapTraceText(log, posixCode),
    /\u00a0\u00a0File "\/home\/ann\/proj\/orders\/pkg\/app\.py", line 10, in handler/,
  );
});

test('Windows: backslashes, drive letters, file URLs and JSON-escaped lines map to the Windows code folder', () => {
  const table: [string, string][] = [
    [
      `    at exports.handler (${WINDOWS_COPY}\\src\\index.js:4:9)`,
      '    at exports.handler (C:\\Users\\Ann Lee\\proj\\orders\\src\\index.js:4:9)',
    ],
    [
      `    at Runtime.handler (file:///C:/Users/Ann%20Lee/AppData/Local/lambda-lens/runtime-cache/${HEX}/index.mjs:4:9)`,
      '    at Runtime.handler (C:\\Users\\Ann Lee\\proj\\orders\\index.mjs:4:9)',
    ],
    [
      `    at ${WINDOWS_COPY}\\index.js:7:1`,
      '    at C:\\Users\\Ann Lee\\proj\\orders\\index.js:7:1',
    ],
    [
      `  File "${WINDOWS_COPY}\\app.py", line 3, in handler`,
      '  File "C:\\Users\\Ann Lee\\proj\\orders\\app.py", line 3, in handler',
    ],
  ];
  for (const [line, expected] of table)
    assert.equal(mapTraceText(line, windowsCode), expected, line);
  // A log line's JSON: every backslash doubled, in the frame read and in the frame written.
  const escaped = JSON.stringify({
    stack: ['Error: boom', `    at exports.handler (${WINDOWS_COPY}\\index.js:4:9)`],
    python: `File "${WINDOWS_COPY}\\app.py", line 2`,
  });
  const mapped = mapTraceText(
    `2026-01-01T00:00:00.000Z\tid\tERROR\tInvoke Error \t${escaped}`,
    windowsCode,
  );
  const document = JSON.parse(mapped.slice(mapped.indexOf('{')));
  assert.deepEqual(document, {
    stack: [
      'Error: boom',
      '    at exports.handler (C:\\Users\\Ann Lee\\proj\\orders\\index.js:4:9)',
    ],
    python: 'File "C:\\Users\\Ann Lee\\proj\\orders\\app.py", line 2',
  });
});

test("an endpoint on one system, a workspace on the other: the workspace's style wins", () => {
  assert.equal(
    mapTraceText(`    at f (${POSIX_COPY}/src/index.js:4:9)`, windowsCode),
    '    at f (C:\\Users\\Ann Lee\\proj\\orders\\src\\index.js:4:9)',
  );
  assert.equal(
    mapTraceText(`    at f (${WINDOWS_COPY}\\src\\index.js:4:9)`, posixCode),
    '    at f (/home/ann/proj/orders/src/index.js:4:9)',
  );
});

test('a file the workspace does not have stays as written; so does every frame when the code is another', () => {
  const line = `    at f (${POSIX_COPY}/index.js:4:9)`;
  assert.equal(mapTraceText(line, posixCode, { exists: () => false }), line);
  assert.equal(
    mapTraceText(line, { ...posixCode, codeSha256: Buffer.alloc(32, 1).toString('base64') }),
    line,
  );
  assert.equal(mapTraceText(line, { ...posixCode, codeSha256: 'not base64 of 32 bytes' }), line);
  const seen: string[] = [];
  mapTraceText(line, posixCode, {
    exists: (p) => {
      seen.push(p);
      return true;
    },
  });
  assert.deepEqual(seen, ['/home/ann/proj/orders/index.js']);
});

test('trace lines map one by one; several frames in one text all map', () => {
  const lines = [
    'Error: boom',
    `    at a (${POSIX_COPY}/a.js:1:2)`,
    `    at b (${POSIX_COPY}/b.js:3:4)`,
  ];
  assert.deepEqual(mapTraceLines(lines, posixCode), [
    'Error: boom',
    '    at a (/home/ann/proj/orders/a.js:1:2)',
    '    at b (/home/ann/proj/orders/b.js:3:4)',
  ]);
  assert.equal(
    mapTraceText(lines.join('\n'), posixCode),
    [
      'Error: boom',
      '    at a (/home/ann/proj/orders/a.js:1:2)',
      '    at b (/home/ann/proj/orders/b.js:3:4)',
    ].join('\n'),
  );
});

// esbuild's map of src/index.ts importing ./lib/util (bundled to src/index.js, sourcesContent left out).
const MAP = {
  version: 3,
  sources: ['index.ts', 'lib/util.ts'],
  names: [],
  mappings:
    ';;;;;;;;;;;;;;;;;;;AAAA;AAAA;AAAA;AAAA;AAAA;;;ACAO,SAAS,KAAK,KAAoB;AACvC,QAAM,IAAI,MAAM,GAAG;AACrB;;;ADAO,IAAM,UAAU,OAAO,UAA6B;AACzD,MAAI,MAAM,KAAM,MAAK,UAAU,MAAM,IAAI;AACzC,SAAO,EAAE,IAAI,KAAK;AACpB;',
};

test('a bundle with a source map: frames map to the TypeScript sources, relative to the bundle', () => {
  const lookup = originLookup(MAP)!;
  const files = {
    sourceMapOf: (path: string) =>
      path.endsWith('/src/index.js') || path.endsWith('\\src\\index.js') ? lookup : undefined,
  };
  const trace = [
    'Error: boom x',
    `    at fail (${POSIX_COPY}/src/index.js:28:9)`,
    `    at Object.handler (${POSIX_COPY}/src/index.js:33:19)`,
    `    at helper (${POSIX_COPY}/src/index.js:2:1)`,
  ];
  assert.deepEqual(mapTraceLines(trace, posixCode, files), [
    'Error: boom x',
    '    at fail (/home/ann/proj/orders/src/lib/util.ts:2:9)',
    '    at Object.handler (/home/ann/proj/orders/src/index.ts:4:19)',
    `    at helper (${POSIX_COPY}/src/index.js:2:1)`, // the bundle's own code: no source
  ]);
  assert.equal(
    mapTraceText(`    at fail (${WINDOWS_COPY}\\src\\index.js:28:9)`, windowsCode, files),
    '    at fail (C:\\Users\\Ann Lee\\proj\\orders\\src\\lib\\util.ts:2:9)',
  );
  // A source above the code folder (the workspace root's node_modules) and an absolute one.
  const upward = originLookup({
    ...MAP,
    sources: ['../../node_modules/x/index.ts', '/abs/util.ts'],
  })!;
  const mapped = mapTraceLines(
    [`    at a (${POSIX_COPY}/src/index.js:33:19)`, `    at b (${POSIX_COPY}/src/index.js:28:9)`],
    posixCode,
    { sourceMapOf: () => upward },
  );
  assert.deepEqual(mapped, [
    '    at a (/home/ann/proj/node_modules/x/index.ts:4:19)',
    '    at b (/abs/util.ts:2:9)',
  ]);
});

test("a link's file in the copy: its code version and place, mapped as the text of a frame is", () => {
  assert.deepEqual(copyFileOf(`${POSIX_COPY}/src/index.js`), {
    folder: POSIX_COPY,
    codeSha256: SHA,
    relative: 'src/index.js',
  });
  assert.deepEqual(copyFileOf(`${WINDOWS_COPY}\\src\\index.js`), {
    folder: WINDOWS_COPY,
    codeSha256: SHA,
    relative: 'src/index.js',
  });
  for (const outside of [
    `${POSIX_COPY}/../escape.js`,
    `/home/ann/proj/orders/index.js`,
    `/x/runtime-cache/${HEX.slice(2)}/index.js`,
    `/x/runtime-cache/${HEX}`,
  ]) {
    assert.equal(copyFileOf(outside), undefined, outside);
  }
  const lookup = originLookup(MAP)!;
  const files = {
    sourceMapOf: (path: string) => (path.endsWith('/src/index.js') ? lookup : undefined),
  };
  const place = (file: string, line: number, column: number) => ({
    copyPath: file,
    relative: copyFileOf(file)!.relative,
    line,
    column,
  });
  assert.deepEqual(
    mapCopyLocation(place(`${POSIX_COPY}/src/index.js`, 28, 9), posixCode.codeFolder, files),
    { file: '/home/ann/proj/orders/src/lib/util.ts', line: 2, column: 9 },
  );
  assert.deepEqual(
    mapCopyLocation(place(`${POSIX_COPY}/lib/plain.js`, 4, 2), posixCode.codeFolder, files),
    { file: '/home/ann/proj/orders/lib/plain.js', line: 4, column: 2 },
  );
  assert.equal(
    mapCopyLocation(place(`${POSIX_COPY}/src/index.js`, 2, 1), posixCode.codeFolder, files),
    undefined,
    "the bundle's own code",
  );
  assert.equal(
    mapCopyLocation(place(`${POSIX_COPY}/lib/plain.js`, 4, 2), posixCode.codeFolder, {
      exists: () => false,
    }),
    undefined,
    'a file the workspace lacks',
  );
});

test('source maps: inline data URLs and sourceRoot read; malformed maps are no maps', () => {
  const script = `exports.x = 1;\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(MAP)).toString('base64')}\n`;
  const url = sourceMappingUrlOf(script)!;
  assert.deepEqual(inlineSourceMap(url), MAP);
  assert.equal(sourceMappingUrlOf('x\n//# sourceMappingURL=index.js.map'), 'index.js.map');
  assert.equal(sourceMappingUrlOf('const s = "sourceMappingURL=nope";'), undefined);
  assert.equal(inlineSourceMap('data:application/json;base64,!!!'), undefined);
  assert.equal(inlineSourceMap('index.js.map'), undefined);
  assert.deepEqual(originLookup({ ...MAP, sourceRoot: '../src' })!(33, 19), {
    source: '../src/index.ts',
    line: 4,
    column: 19,
  });
  for (const bad of [
    null,
    'x',
    { version: 2 },
    { version: 3, sources: [1], mappings: '' },
    { version: 3, sources: [], mappings: 5 },
  ]) {
    assert.equal(originLookup(bad), undefined, JSON.stringify(bad));
  }
  // Mappings that are not VLQ, or name a source the map lacks: never an exception.
  assert.doesNotThrow(() => originLookup({ ...MAP, mappings: '!!!;;;' })?.(1, 1));
  assert.equal(originLookup({ ...MAP, sources: [] })?.(33, 19), undefined);
  assert.equal(originLookup(MAP)!(0, 0), undefined);
});

test('path helpers: file URLs and joins on both systems', () => {
  assert.equal(fileUrlToPath('file:///home/a%20b/x.mjs'), '/home/a b/x.mjs');
  assert.equal(fileUrlToPath('file:///C:/a%20b/x.mjs'), 'C:\\a b\\x.mjs');
  assert.equal(fileUrlToPath('file://server/share/x.mjs'), '\\\\server\\share\\x.mjs');
  assert.equal(fileUrlToPath('file:///bad%E0'), undefined);
  assert.equal(joinInFolder('C:\\ws\\fn', 'src/index.ts'), 'C:\\ws\\fn\\src\\index.ts');
  assert.equal(joinInFolder('/ws/fn', 'src/index.ts'), '/ws/fn/src/index.ts');
});

test(
  'hostile text maps in time proportional to its size: long lines, many copies of the folder, no frame',
  { timeout: 60_000 },
  () => {
    const segment = `runtime-cache/${HEX}/`;
    const noDelimiters = `x${'a'.repeat(100)}${segment}b`.repeat(20_000); // 2.6 MB on one line, no frame
    assert.equal(mapTraceText(noDelimiters, posixCode), noDelimiters);
    const manyFrames = `    at f (${POSIX_COPY}/index.js:1:1)\n`.repeat(5_000);
    const mapped = mapTraceText(manyFrames, posixCode).split('\n');
    assert.equal(mapped[0], '    at f (/home/ann/proj/orders/index.js:1:1)');
    assert.equal(
      mapped[4_999],
      `    at f (${POSIX_COPY}/index.js:1:1)`,
      'past the first 1,000 frames the text stays as written',
    );
    const unterminated = `(${POSIX_COPY}/${'a'.repeat(3_000_000)}`;
    assert.equal(mapTraceText(unterminated, posixCode), unterminated);
  },
);
