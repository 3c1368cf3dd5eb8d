// The one-pass REPORT scanners against the readers they replaced (test/unit/support/
// reportReference.ts, updated since for REPORTs recognised only where a message starts): the same
// record, or the same refusal, for real-format samples, odd numbers and shapes, and many generated
// and mutated lines, as messages and as lines of a log file; the decimals read from bytes are Number()'s.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lineBytes } from '../../src/core/report/asciiBytes';
import { PlainDecimalReader } from '../../src/core/report/plainDecimal';
import { scanPlatformReport } from '../../src/core/report/platformReportScanner';
import { ReportFields } from '../../src/core/report/reportFields';
import { parseReportLine } from '../../src/core/report/reportLine';
import { classifyReportMessage } from '../../src/core/report/reportMessage';
import { logFileMessageStart } from '../../src/core/report/logFileLine';
import { ReportStats } from '../../src/core/report/reportStats';
import { referenceReportLine, referenceReportMessage } from './support/reportReference';
import { seededRandom as random } from '../support/seededRandom';

const ID = '3f2c1a9e-7b7d-4d1e-9f5e-0c0a1b2c3d4e';

function agrees(line: string): void {
  assert.deepStrictEqual(
    classifyReportMessage(line),
    referenceReportMessage(line),
    JSON.stringify(line),
  );
  const start = logFileMessageStart(line);
  assert.deepStrictEqual(
    classifyReportMessage(line, start),
    referenceReportMessage(line, start),
    `from ${start}: ${JSON.stringify(line)}`,
  );
}

/** `aws logs tail`'s prefix: the time and the stream. */
const TAIL = '2024-05-01T10:00:00.000000+00:00 2024/05/01/[$LATEST]0123456789abcdef ';

function readDecimal(text: string): { value: number; end: number } {
  assert.ok(lineBytes.load(text));
  const reader = new PlainDecimalReader();
  const value = reader.read(lineBytes.bytes, 0);
  return { value, end: reader.end };
}

test('decimals read from bytes are the doubles Number() reads', () => {
  for (const text of [
    '8.40',
    '1234.56',
    '0.1',
    '0.3',
    '0.7',
    '2.675',
    '1.005',
    '0',
    '00012.50',
    '.5',
    '7.',
    '999999999999999',
    '123456789.123456',
    '0.00000000000001',
    '170.13',
    '1233.96',
  ]) {
    const { value, end } = readDecimal(text);
    assert.equal(end, text.length, text);
    assert.ok(Object.is(value, Number(text)), `${text}: ${value} vs ${Number(text)}`);
  }
  const next = random(11);
  for (let i = 0; i < 200_000; i++) {
    const integerDigits = Math.floor(next() * 9);
    const fractionDigits = Math.floor(next() * (16 - integerDigits));
    let text = '';
    for (let d = 0; d < integerDigits; d++) text += String(Math.floor(next() * 10));
    if (fractionDigits > 0 || next() < 0.1) text += '.';
    for (let d = 0; d < fractionDigits; d++) text += String(Math.floor(next() * 10));
    const { value } = readDecimal(text);
    if (text === '' || text === '.') assert.ok(Number.isNaN(value));
    else assert.ok(Object.is(value, Number(text)), `${text}: ${value} vs ${Number(text)}`);
  }
});

test('decimals the byte reader does not take are left to Number()', () => {
  for (const text of [
    '1234567890123456',
    '0.000000000000001',
    '1e3',
    '-1',
    '+1',
    ' 8.4',
    '0x10',
    'Infinity',
    '',
  ]) {
    const { value, end } = readDecimal(text);
    assert.ok(Number.isNaN(value) || end !== text.length, text);
  }
});

const report = (fields: string) => `REPORT RequestId: ${ID}\t${fields}`;
const WARM =
  'Duration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t';

test('real-format samples read as before: cold, warm, SnapStart, time-out, out-of-memory, JSON', () => {
  const samples = [
    report(
      'Duration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\tInit Duration: 170.13 ms\t',
    ),
    report(WARM),
    report(WARM.slice(0, -1)),
    report(
      'Duration: 20.00 ms\tBilled Duration: 130 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tRestore Duration: 210.55 ms\tBilled Restore Duration: 110 ms\t',
    ),
    report(
      'Duration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout',
    ),
    report(
      'Duration: 512.00 ms\tBilled Duration: 512 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory\t',
    ),
    '{"time":"2025-01-01T00:00:00.000Z","type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":1233.96,"billedDurationMs":1698,"memorySizeMB":256,"maxMemoryUsedMB":123,"initDurationMs":463.512},"status":"success"}}',
    '{"time":"2025-01-01T00:00:00.000Z","type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":2.12,"billedDurationMs":3,"memorySizeMB":128,"maxMemoryUsedMB":68},"tracing":{"spanId":"1b2c","type":"X-Amzn-Trace-Id","value":"Root=1-65;Parent=1b;Sampled=0"},"status":"timeout","errorType":"Sandbox.Timedout"}}',
    '{"time":"2025-01-01T00:00:00.000Z","type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":2,"billedDurationMs":3,"memorySizeMB":128,"maxMemoryUsedMB":68,"restoreDurationMs":210.5}}}',
  ];
  for (const line of samples) {
    agrees(line);
    assert.equal(classifyReportMessage(line).kind, 'report', line);
    agrees(`${TAIL}${line}`);
    assert.equal(classifyReportMessage(`${TAIL}${line}`, TAIL.length).kind, 'report', line);
    assert.equal(
      classifyReportMessage(`${TAIL}${line}`).kind,
      'other',
      'a message that does not start with it is no REPORT',
    );
  }
  assert.deepEqual(parseReportLine(samples[0]!), {
    requestId: ID,
    durationMs: 8.4,
    billedDurationMs: 9,
    memorySizeMB: 128,
    maxMemoryUsedMB: 66,
    initDurationMs: 170.13,
  });
});

test('odd numbers: read as Number() reads them, or refused, never guessed at', () => {
  const rest = 'Billed Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t';
  const cases: [string, number | undefined][] = [
    ['Duration: 1e3 ms', 1000],
    ['Duration: -1 ms', undefined],
    ['Duration: -0 ms', -0],
    ['Duration:   8.4 ms', 8.4],
    ['Duration: 8.4 ms   ', 8.4],
    ['Duration: 8.4ms', undefined],
    ['Duration: 8.4 s', undefined],
    ['Duration: 8.4 MB', undefined],
    ['Duration: 8.4 ms\r', undefined],
    ['Duration: 0x10 ms', 16],
    ['Duration: Infinity ms', undefined],
    ['Duration: NaN ms', undefined],
    ['Duration: 1e400 ms', undefined],
    ['Duration: 12345678901234567890 ms', 12345678901234567000],
    ['Duration: 0.1000000000000000055511151231257827 ms', 0.1],
    ['Duration: .5 ms', 0.5],
    ['Duration: 7. ms', 7],
    ['Duration:  ms', undefined],
    ['Duration:   ms', undefined], // blank: Number(' ') would read 0
    ['Duration: \u00a0 ms', undefined],
    ['Duration: ms', undefined],
  ];
  for (const [field, expected] of cases) {
    const line = report(`${field}\t${rest}`);
    agrees(line);
    const record = parseReportLine(line);
    assert.ok(Object.is(record?.durationMs, expected), `${field}: ${record?.durationMs}`);
  }
});

test('missing, duplicate, unknown and reordered fields', () => {
  const fields = WARM.split('\t').filter(Boolean);
  for (let i = 0; i < fields.length; i++) {
    const line = report(fields.filter((_, j) => j !== i).join('\t'));
    agrees(line);
    assert.equal(classifyReportMessage(line).kind, 'malformed', line);
  }
  const lastWins = report(`${WARM}Duration: 9.50 ms\t`);
  agrees(lastWins);
  assert.equal(parseReportLine(lastWins)?.durationMs, 9.5);
  const badLast = report(`${WARM}Duration: x ms\t`);
  agrees(badLast);
  assert.equal(parseReportLine(badLast), undefined);
  const reordered = `REPORT RequestId: ${ID}\t${[...fields].reverse().join('\t')}\tFuture Field: 12 units\tNoColon\t: x`;
  agrees(reordered);
  assert.equal(parseReportLine(reordered)?.memorySizeMB, 512);
  for (const id of ['', ' ', ` ${ID} `, `\u00a0${ID}\u2028`, '\u00a0', 'é'])
    agrees(`REPORT RequestId: ${id}\t${WARM}`);
  assert.equal(parseReportLine(`REPORT RequestId: \u00a0 \t${WARM}`), undefined);
  assert.equal(parseReportLine(`REPORT RequestId: \u00a0x \t${WARM}`)?.requestId, 'x');
});

test('garbage, look-alikes and lines beyond ASCII', () => {
  for (const line of [
    '',
    'REPORT',
    'REPORT RequestId:',
    'REPORT RequestId: ',
    'REPORT RequestId:x',
    `xREPORT RequestId: ${ID}\t${WARM}`,
    `\t${report(WARM)}`,
    'START RequestId: x Version: $LATEST',
    '{"type":"platform.report"',
    '{"type":"platform.report"}}',
    '[{"type":"platform.report"}]',
    'x{"type":"platform.report"}',
    `${report(WARM)}Status: erreur ☹\tError Type: Ошибка\t`,
    report(WARM).replace('Duration', 'Dürätion'),
    '\u0000REPORT RequestId: \u0000',
  ]) {
    agrees(line);
  }
});

test('huge lines are read in one pass, with the same answers', () => {
  const noise = 'x'.repeat(1 << 20);
  const tabs = (n: number) => '\t'.repeat(n);
  const digits = '1'.repeat(100_000);
  // The reader before searched for ': ' from every field, so it is compared on the smaller lines only.
  for (const line of [
    report(`${WARM}Note: ${noise}\t`),
    report(`${tabs(20_000)}${WARM}`),
    `${report(WARM)}${'a: '.repeat(200_000)}`,
    report(`Duration: ${digits} ms\t${WARM.slice(WARM.indexOf('Billed'))}`),
  ])
    agrees(line);
  for (const line of [
    report(`${tabs(1 << 20)}${WARM}`),
    report(`${'x\t'.repeat(1 << 19)}${WARM}`),
  ]) {
    const started = performance.now();
    assert.equal(classifyReportMessage(line).kind, 'report');
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `${line.length} characters took ${ms} ms`);
  }
  const errorType = 'x'.repeat(5000);
  assert.equal(
    parseReportLine(report(`${WARM}Status: error\tError Type: ${errorType}\t`))?.errorType,
    errorType,
  );
});

test("the JSON fast path reads Lambda's records itself, and leaves anything unusual to JSON.parse", () => {
  const fields = new ReportFields();
  const lambda =
    '{"time":"2025-01-01T00:00:00.000Z","type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":1233.96,"billedDurationMs":1698,"memorySizeMB":256,"maxMemoryUsedMB":123,"initDurationMs":463.512},"tracing":{"spanId":"a","type":"X-Amzn-Trace-Id","value":"Root=1"},"status":"success"}}';
  assert.equal(scanPlatformReport(lambda, 0, fields), true);
  assert.deepEqual(fields.toRecord(), {
    requestId: 'r1',
    durationMs: 1233.96,
    billedDurationMs: 1698,
    memorySizeMB: 256,
    maxMemoryUsedMB: 123,
    initDurationMs: 463.512,
  });
  for (const unusual of [
    lambda.replace('"r1"', '"r\\u0031"'), // an escape in a value it reads
    lambda.replace('"durationMs"', '"duration\\u004ds"'), // an escape in a key
    lambda
      .replace('"status"', '"durationMs":1,"status"')
      .replace('"metrics":{', '"metrics":{"durationMs":5,'), // a key twice
    lambda.replace('1698', '"1698"'), // a figure that is not a number
    `${lambda}x`, // not JSON
    lambda.replace('"value":"Root=1"', `"value":${'['.repeat(100)}${']'.repeat(100)}`), // deep
    lambda.replace('r1', 'r☃'), // beyond ASCII
  ]) {
    assert.equal(scanPlatformReport(unusual, 0, fields), false, unusual);
    agrees(unusual);
  }
});

// ---- generated lines

type Rand = () => number;
const pick = <T>(next: Rand, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

function numberText(next: Rand): string {
  const r = next();
  if (r < 0.5) return (next() * 2000).toFixed(pick(next, [0, 1, 2, 2, 2, 3]));
  if (r < 0.6) return String(Math.floor(next() * 10240));
  return pick(next, [
    '1e3',
    '1E-2',
    '-1',
    '-0',
    '+5',
    ' 8.4',
    '8.4 ',
    '0x10',
    'Infinity',
    'NaN',
    '',
    '.5',
    '5.',
    '1_000',
    '١٢',
    '12345678901234567',
    '0.1000000000000000055511151231257827',
    '00012.50',
    '3.',
    '1e400',
    '0',
    '0.000001',
    '9007199254740993',
  ]);
}

const TEXT_NAMES = [
  'RequestId',
  'Duration',
  'Billed Duration',
  'Memory Size',
  'Max Memory Used',
  'Init Duration',
  'Restore Duration',
  'Billed Restore Duration',
  'Status',
  'Error Type',
  'Foo',
];

function textField(next: Rand): string {
  const name = pick(next, TEXT_NAMES);
  const unit = name.startsWith('Memory') || name.startsWith('Max') ? ' MB' : ' ms';
  const value =
    name === 'RequestId'
      ? pick(next, [ID, '', ' ', ' x ', '\u00a0y'])
      : name === 'Status'
        ? pick(next, ['timeout', 'error', 'success', '', ' failure '])
        : name === 'Error Type'
          ? pick(next, ['Runtime.OutOfMemory', 'Custom', ''])
          : `${numberText(next)}${next() < 0.85 ? unit : pick(next, [' s', ' MB', ' ms', 'ms', ' ms ', ''])}`;
  const separator = next() < 0.9 ? ': ' : pick(next, [':', ' : ', ': : ', '']);
  return `${name}${separator}${value}`;
}

function textLine(next: Rand): string {
  const canonical = ['Duration', 'Billed Duration', 'Memory Size', 'Max Memory Used'].map(
    (name) =>
      `${name}: ${next() < 0.9 ? (next() * 2000).toFixed(2) : numberText(next)} ${name.startsWith('M') ? 'MB' : 'ms'}`,
  );
  if (next() < 0.2) canonical.push(`Init Duration: ${(next() * 400).toFixed(2)} ms`);
  if (next() < 0.05)
    canonical.push('Restore Duration: 210.55 ms', 'Billed Restore Duration: 110 ms');
  if (next() < 0.05) canonical.push('Status: error', 'Error Type: Runtime.OutOfMemory');
  const fields =
    next() < 0.5
      ? canonical
      : [...canonical, ...Array.from({ length: Math.floor(next() * 4) }, () => textField(next))];
  if (next() < 0.2) fields.sort(() => next() - 0.5);
  if (next() < 0.1) fields.splice(Math.floor(next() * fields.length), 1);
  const prefix = next() < 0.9 ? '' : pick(next, [TAIL, 'x', '\t', ' ']);
  const line = `${prefix}REPORT RequestId: ${next() < 0.95 ? ID : pick(next, ['', ' ', 'é'])}\t${fields.join('\t')}${next() < 0.7 ? '\t' : ''}`;
  return next() < 0.3 ? mutate(next, line) : line;
}

const JSON_SPACE = ['', '', '', ' ', '\n', '\t', '\r\n '];

/** JSON text by hand, so that it can hold duplicate keys, odd number forms and white space. */
function jsonText(next: Rand, value: unknown): string {
  const space = () => (next() < 0.9 ? '' : pick(next, JSON_SPACE));
  if (Array.isArray(value))
    return `[${value.map((v) => `${space()}${jsonText(next, v)}${space()}`).join(',')}]`;
  if (value instanceof RawJson) return value.text;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (next() < 0.03 && entries.length)
      entries.push(entries[Math.floor(next() * entries.length)]!);
    if (next() < 0.1) entries.sort(() => next() - 0.5);
    return `{${entries.map(([k, v]) => `${space()}${JSON.stringify(k)}${space()}:${space()}${jsonText(next, v)}${space()}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

class RawJson {
  constructor(readonly text: string) {}
}

function jsonMetric(next: Rand): unknown {
  const r = next();
  if (r < 0.8) return Math.round(next() * 200_000) / 100;
  if (r < 0.9)
    return new RawJson(
      pick(next, [
        '1e3',
        '1E-2',
        '-1',
        '-0',
        '0',
        '1e400',
        '0.10',
        '12345678901234567',
        '-0.0',
        '2.5E+1',
      ]),
    );
  return pick(next, ['12', null, true, {}, [], -5]);
}

function jsonLine(next: Rand): string {
  const metrics: Record<string, unknown> = {
    durationMs: jsonMetric(next),
    billedDurationMs: jsonMetric(next),
    memorySizeMB: next() < 0.95 ? 512 : jsonMetric(next),
    maxMemoryUsedMB: jsonMetric(next),
  };
  if (next() < 0.2) metrics.initDurationMs = jsonMetric(next);
  if (next() < 0.05) metrics.restoreDurationMs = jsonMetric(next);
  if (next() < 0.1) delete metrics[pick(next, Object.keys(metrics))];
  if (next() < 0.05) metrics.futureMs = jsonMetric(next);
  const record: Record<string, unknown> = {
    requestId: next() < 0.95 ? ID : pick(next, ['', 5, null, 'r\u00e9', new RawJson('"r\\u0031"')]),
    metrics,
  };
  if (next() < 0.3)
    record.tracing = {
      spanId: 'abc',
      type: 'X-Amzn-Trace-Id',
      value: 'Root=1-6;Parent=2;Sampled=0',
    };
  if (next() < 0.9)
    record.status = pick(next, [
      'success',
      'success',
      'timeout',
      'error',
      'failure',
      '',
      5,
      null,
      new RawJson('"succ\\u0065ss"'),
    ]);
  if (next() < 0.1) record.errorType = pick(next, ['Runtime.OutOfMemory', '', 7]);
  const top: Record<string, unknown> = {
    time: '2025-01-01T00:00:00.000Z',
    type:
      next() < 0.95
        ? 'platform.report'
        : pick(next, ['platform.start', 5, new RawJson('"platform\\u002ereport"')]),
    record: next() < 0.97 ? record : pick(next, [null, [], 'x']),
  };
  if (next() < 0.05) top.extra = [1, 'two', { three: [null, true, false] }];
  const text = jsonText(next, top);
  const prefix = next() < 0.9 ? '' : pick(next, [TAIL, 'x', ' ']);
  const suffix = next() < 0.95 ? '' : pick(next, [' ', '\n', 'x', '}', ',']);
  const line = `${prefix}${text}${suffix}`;
  return next() < 0.2 ? mutate(next, line) : line;
}

/** One character deleted, inserted or replaced, with characters that matter to the readers. */
function mutate(next: Rand, line: string): string {
  const at = Math.floor(next() * (line.length + 1));
  const char = pick(next, [
    '\t',
    ' ',
    ':',
    '"',
    '\\',
    '{',
    '}',
    ',',
    '.',
    '-',
    'e',
    '0',
    '9',
    'm',
    's',
    'M',
    'B',
    '\u00a0',
    'é',
    '\n',
    '\u0000',
  ]);
  const r = next();
  if (r < 0.33) return line.slice(0, at) + line.slice(at + 1);
  if (r < 0.66) return line.slice(0, at) + char + line.slice(at);
  return line.slice(0, at) + char + line.slice(at + 1);
}

test('generated and mutated lines: the scanners and the readers before them agree on every one', () => {
  const next = random(2024);
  let reports = 0;
  for (let i = 0; i < 60_000; i++) {
    const line = i % 3 === 2 ? jsonLine(next) : textLine(next);
    const got = classifyReportMessage(line);
    assert.deepStrictEqual(got, referenceReportMessage(line), JSON.stringify(line));
    const start = logFileMessageStart(line);
    if (start > 0)
      assert.deepStrictEqual(
        classifyReportMessage(line, start),
        referenceReportMessage(line, start),
        JSON.stringify(line),
      );
    if (got.kind === 'report') reports++;
    if (!line.includes('{'))
      assert.deepStrictEqual(
        parseReportLine(line),
        referenceReportLine(line),
        JSON.stringify(line),
      );
  }
  assert.ok(reports > 20_000, `only ${reports} of the generated lines were reports`);
});

test('generated lines: the statistics equal those of the records the readers before gave', () => {
  const next = random(99);
  const scanned = new ReportStats();
  const reference = new ReportStats();
  for (let i = 0; i < 30_000; i++) {
    // An id of its own per line, of the same length: one REPORT counts per request id.
    const line = (i % 4 === 3 ? jsonLine(next) : textLine(next)).replaceAll(
      ID,
      `${String(i).padStart(8, '0')}${ID.slice(8)}`,
    );
    scanned.addMessage(line, i);
    const r = referenceReportMessage(line);
    if (r.kind === 'report') reference.add(r.record, i);
    else if (r.kind === 'malformed') reference.malformed += 1;
    else reference.ignored += 1;
  }
  assert.deepStrictEqual(scanned.summary(), reference.summary());
});
