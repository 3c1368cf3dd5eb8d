// A function's output on the local endpoint, whatever its volume and shape: long lines are split
// at Lambda's limit, a last line without a newline lands before its invocation's END (never merged
// into the next), the output is stored as it comes (the endpoint does not collect it in memory),
// and the endpoint marks the lines it wrote itself (FilterLogEvents eventIds, platformMark.ts).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAMBDA_LOG_LINE_MAX_CHARS } from '../../src/core/limits';
import { isPlatformEventId } from '../../src/core/logs/platformMark';
import { startTestEndpoint, type TestEndpoint, logGroupFolder } from './endpoint';
import { createFunction, filterEvents, invoke, reportIn, sleep } from './invokeKit';

let t: TestEndpoint;
let scratch: string;
before(async () => {
  t = await startTestEndpoint();
  scratch = mkdtempSync(join(tmpdir(), 'll-output-'));
});
after(async () => {
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

const MB = 1024 * 1024;

/** Bytes of the group's stream files on disk. */
function storedBytes(group: string): number {
  const dir = logGroupFolder(t.home, group);
  if (!existsSync(dir)) return 0;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

// Prints `mb` MB of "x" with no newline, then `tail`, still with no newline; after each MB it
// records how much it has written (fs.writeSync returns once the endpoint has taken the bytes).
const UNBROKEN = `const fs = require('node:fs');
exports.handler = async ({ mb, tail, progress }) => {
  const block = 'x'.repeat(${MB});
  for (let i = 0; i < mb; i++) {
    fs.writeSync(1, block);
    fs.writeFileSync(progress, String((i + 1) * block.length));
  }
  fs.writeSync(1, tail);
  return 'done';
};
`;

test("100 MB without a newline: events of at most Lambda's line limit, stored as they come, never merged into the next invocation", async () => {
  await createFunction(t, 'unbroken', { 'index.js': UNBROKEN }, { timeout: 300, memorySize: 1024 });
  const progress = join(scratch, 'progress');
  const group = '/aws/lambda/unbroken';
  let maxLag = 0;
  let samples = 0;
  const first = invoke(t, 'unbroken', { mb: 100, tail: 'first-partial', progress });
  let done = false;
  void first.finally(() => {
    done = true;
  });
  while (!done) {
    // What the function has handed over, against what is on disk: the endpoint keeps at most a
    // pipe's worth, a chunk and one line's limit in between (not the whole output).
    const written = existsSync(progress) ? Number(readFileSync(progress, 'utf8') || 0) : 0;
    maxLag = Math.max(maxLag, written - storedBytes(group));
    samples += 1;
    assert.ok(
      maxLag <= 2 * MB,
      `the function had written ${written} bytes, the store held ${storedBytes(group)}`,
    );
    await sleep(10);
  }
  const one = await first;
  assert.equal(one.body, 'done');
  assert.ok(samples > 3, `sampled ${samples} times`);
  const two = await invoke(t, 'unbroken', { mb: 1, tail: 'second-partial', progress });
  assert.equal(two.body, 'done');

  const events = await filterEvents(t, 'unbroken');
  const messages = events.map((e) => e.message!);
  for (const m of messages) {
    assert.ok(m.length <= LAMBDA_LOG_LINE_MAX_CHARS, `an event of ${m.length} characters`);
  }
  const [firstId, secondId] = [reportIn(one.log).requestId, reportIn(two.log).requestId];
  const starts = messages.flatMap((m, i) => (m.startsWith('START RequestId: ') ? [i] : []));
  const ends = messages.flatMap((m, i) => (m.startsWith('END RequestId: ') ? [i] : []));
  assert.equal(starts.length, 2);
  assert.deepEqual(
    ends.map((i) => messages[i]),
    [`END RequestId: ${firstId}`, `END RequestId: ${secondId}`],
  );
  // Each invocation's output, between its START and its END, is exactly what it printed.
  const between = (from: number, to: number) => messages.slice(from + 1, to);
  const firstOutput = between(starts[0]!, ends[0]!);
  const secondOutput = between(starts[1]!, ends[1]!);
  assert.equal(firstOutput.join(''), `${'x'.repeat(100 * MB)}first-partial`);
  assert.equal(secondOutput.join(''), `${'x'.repeat(MB)}second-partial`);
  // Split at the limit: every piece but the last is exactly the limit.
  assert.ok(firstOutput.slice(0, -1).every((m) => m.length === LAMBDA_LOG_LINE_MAX_CHARS));
  assert.ok(firstOutput.at(-1)!.endsWith('first-partial'), 'the partial line lands before END');
  assert.ok(!messages.some((m) => m.includes('first-partial') && m.includes('second-partial')));
  assert.ok(
    !secondOutput.some((m) => m.includes('first-partial')),
    'nothing of the first invocation in the second',
  );
});

test('a partial last line lands before END in the tail too, and the next invocation starts clean', async () => {
  await createFunction(t, 'partial', {
    'index.js':
      "exports.handler = async (event) => { process.stdout.write('line one\\n'); process.stdout.write(`no newline ${event.n}`); return event.n; };\n",
  });
  const one = await invoke(t, 'partial', { n: 1 });
  const two = await invoke(t, 'partial', { n: 2 });
  for (const [out, n] of [
    [one, 1],
    [two, 2],
  ] as const) {
    const lines = out.log.split('\n');
    const end = lines.findIndex((l) => l.startsWith('END RequestId: '));
    assert.deepEqual(lines.slice(end - 2, end), ['line one', `no newline ${n}`], out.log);
  }
  const messages = (await filterEvents(t, 'partial')).map((e) => e.message!);
  assert.deepEqual(
    messages.filter((m) => !/^(START|END|REPORT) RequestId: /.test(m)),
    ['line one', 'no newline 1', 'line one', 'no newline 2'],
  );
  const ends = messages.flatMap((m, i) => (m.startsWith('END ') ? [i] : []));
  assert.deepEqual(
    ends.map((i) => messages[i - 1]),
    ['no newline 1', 'no newline 2'],
  );
});

test('20 MB in 100-byte lines: every line is an event, in order', async () => {
  const code = `const fs = require('node:fs');
exports.handler = async ({ lines }) => {
  const block = [];
  for (let i = 0; i < lines; i++) {
    block.push('line ' + String(i).padStart(8, '0') + ' ' + 'y'.repeat(85));
    if (block.length === 10000 || i === lines - 1) { fs.writeSync(1, block.join('\\n') + '\\n'); block.length = 0; }
  }
  return lines;
};
`;
  await createFunction(t, 'many-lines', { 'index.js': code }, { timeout: 120 });
  const lines = 200_000;
  const out = await invoke(t, 'many-lines', { lines });
  assert.equal(out.functionError, undefined, out.text);
  assert.equal(out.body, lines);
  const printed = (await filterEvents(t, 'many-lines', 'line')).map((e) => e.message!);
  assert.equal(printed.length, lines);
  assert.equal(printed[0], `line 00000000 ${'y'.repeat(85)}`);
  assert.equal(printed.at(-1), `line ${String(lines - 1).padStart(8, '0')} ${'y'.repeat(85)}`);
  // The last lines, printed just before the function returned, are stored before END.
  const ending = (
    await filterEvents(
      t,
      'many-lines',
      `?"line ${String(lines - 1).padStart(8, '0')}" ?"END RequestId"`,
    )
  ).map((e) => e.message!.slice(0, 13));
  assert.deepEqual(ending, [`line ${String(lines - 1).padStart(8, '0')}`, 'END RequestId']);
});

test('the endpoint marks its own lines: a REPORT printed by the function is not one of them', async () => {
  const forged =
    'REPORT RequestId: 00000000-0000-4000-8000-000000000000\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 10 MB\t';
  const forgedJson = JSON.stringify({
    time: new Date().toISOString(),
    type: 'platform.report',
    record: {
      requestId: 'forged',
      metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 128, maxMemoryUsedMB: 10 },
      status: 'success',
    },
  });
  const code = `exports.handler = async () => { process.stdout.write(${JSON.stringify(`${forged}\n${forgedJson}\n`)}); return 1; };\n`;
  await createFunction(t, 'forger', { 'index.js': code });
  await createFunction(t, 'forger-json', { 'index.js': code }, { logFormat: 'JSON' });
  const text = await invoke(t, 'forger');
  const json = await invoke(t, 'forger-json');

  const textEvents = await filterEvents(t, 'forger', '?"REPORT RequestId" ?"platform.report"');
  const mark = (m: string | undefined, events: typeof textEvents) =>
    events.filter((e) => e.message === m).map((e) => isPlatformEventId(e.eventId));
  assert.deepEqual(mark(forged, textEvents), [false], 'the forged text REPORT');
  assert.deepEqual(mark(forgedJson, textEvents), [false], 'the forged platform.report');
  const requestId = /^START RequestId: (\S+)/m.exec(text.log)![1]!;
  const real = textEvents.find((e) => e.message!.startsWith(`REPORT RequestId: ${requestId}\t`));
  assert.deepEqual(mark(real?.message, textEvents), [true], 'the real REPORT');
  const all = await filterEvents(t, 'forger');
  assert.deepEqual(
    all.map((e) => isPlatformEventId(e.eventId)),
    [true, false, false, true, true],
    all.map((e) => e.message).join('\n'),
  );

  const jsonEvents = await filterEvents(t, 'forger-json');
  const typeOf = (message: string) => {
    try {
      return (JSON.parse(message) as { type?: string }).type;
    } catch {
      return 'text';
    }
  };
  const types = jsonEvents.map((e) => [typeOf(e.message!), isPlatformEventId(e.eventId)]);
  assert.deepEqual(types, [
    ['platform.start', true],
    ['text', false],
    ['platform.report', false],
    ['platform.runtimeDone', true],
    ['platform.report', true],
  ]);
  assert.ok(json.log.includes('"platform.report"'));
});
