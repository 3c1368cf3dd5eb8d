// The text of a log document (core/logs/logViewText.ts): the cap with its marker, the filter,
// pause and resume, and events made safe to show (documentLine.ts).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTINUATION_INDENT, documentLine } from '../../src/core/logs/documentLine';
import { LogViewText } from '../../src/core/logs/logViewText';
import { requestIdStarts } from '../../src/core/logs/requestIdSpans';

const T0 = Date.UTC(2026, 11, 7, 6, 27, 13, 123);
const event = (n: number) => ({ timestamp: T0 + n, message: `line ${n}` });
const events = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => event(from + i));
const bodyLines = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('# '));

describe('documentLine', () => {
  it('indents the later lines of an event under its first, so none passes for an event of its own', () => {
    const text = documentLine(
      '2026-12-07T06:27:13.123Z',
      'Error: boom\n    at handler (/var/task/index.js:3:9)\nSTART RequestId: x\n',
    );
    assert.equal(
      text,
      `2026-12-07T06:27:13.123Z Error: boom\n${CONTINUATION_INDENT}    at handler (/var/task/index.js:3:9)\n${CONTINUATION_INDENT}START RequestId: x`,
    );
  });

  it('shows control characters, line separators and bidirectional overrides as \\uXXXX', () => {
    assert.equal(documentLine('T', 'a\u001b[2Jb\u2028c\u202ed'), 'T a\\u001b[2Jb\\u2028c\\u202ed');
  });

  it('cuts a huge event and a trace of many lines, saying how much was left out', () => {
    assert.match(documentLine('T', 'x'.repeat(10_000)), /x … \[1808 more characters not shown\]$/);
    const many = documentLine('T', Array.from({ length: 500 }, (_, i) => `l${i}`).join('\n'));
    assert.equal(many.split('\n').length, 200);
    assert.match(many, /… \[300 more lines not shown\]$/);
  });
});

describe('LogViewText', () => {
  it('takes lines a follow formatted elsewhere (a worker thread) as the events they were: capped, filtered, held', () => {
    const formatted = (from: number, to: number) =>
      events(from, to).map((e) => documentLine(new Date(e.timestamp).toISOString(), e.message));
    const byEvents = new LogViewText(5);
    const byLines = new LogViewText(5);
    byEvents.append(events(0, 8));
    byLines.append(formatted(0, 8));
    assert.equal(byLines.text(['h']), byEvents.text(['h']));
    byLines.setFilter('LINE 7');
    assert.deepEqual(bodyLines(byLines.text(['h'])), formatted(7, 8));
    byLines.setFilter('');
    byLines.pause();
    byLines.append(formatted(8, 9));
    assert.equal(byLines.heldCount, 1);
    byLines.resume();
    assert.deepEqual(bodyLines(byLines.text(['h'])), formatted(4, 9));
  });

  it('keeps the last maxLines events and says how many older ones were dropped', () => {
    const view = new LogViewText(100);
    view.append(events(0, 60));
    view.append(events(60, 130));
    const text = view.text(['Following /aws/lambda/f']);
    assert.match(
      text,
      /^# Following \/aws\/lambda\/f\n# … 30 older lines dropped: this view keeps the last 100 \(setting lambdaLens\.logs\.maxLines\)\n/,
    );
    const lines = bodyLines(text);
    assert.equal(lines.length, 100);
    assert.match(lines[0]!, /line 30$/);
    assert.match(lines[99]!, /line 129$/);
  });

  it('formats only the events that fit when one append is larger than the cap', () => {
    const view = new LogViewText(10);
    view.append(events(0, 100_000));
    assert.equal(view.dropped, 99_990);
    assert.deepEqual(
      bodyLines(view.text([])).map((l) => l.slice(25)),
      events(99_990, 100_000).map((e) => e.message),
    );
  });

  it('holds lines while paused and shows them on resume', () => {
    const view = new LogViewText(100);
    view.append(events(0, 3));
    view.pause();
    view.append(events(3, 6));
    assert.equal(bodyLines(view.text([])).length, 3);
    assert.equal(view.heldCount, 3);
    view.resume();
    assert.equal(bodyLines(view.text([])).length, 6);
    assert.equal(view.heldCount, 0);
  });

  it('filters the kept lines by text, any case, and keeps filtering what arrives', () => {
    const view = new LogViewText(1000);
    view.append([
      { timestamp: T0, message: 'ERROR boom' },
      { timestamp: T0, message: 'fine' },
      { note: 'a notice' },
    ]);
    view.setFilter('error');
    assert.deepEqual(
      bodyLines(view.text([])).map((l) => l.slice(25)),
      ['ERROR boom'],
    );
    view.append([
      { timestamp: T0, message: 'another Error' },
      { timestamp: T0, message: 'ok' },
    ]);
    assert.deepEqual(
      bodyLines(view.text([])).map((l) => l.slice(25)),
      ['ERROR boom', 'another Error'],
    );
    view.setFilter('nothing like it');
    assert.match(view.text([]), /# No line kept contains "nothing like it"\./);
    view.setFilter('');
    assert.equal(view.text([]).split('\n').filter(Boolean).length, 5);
  });

  it('drops filtered-out and shown lines alike at the cap, the text staying the lines kept', () => {
    const view = new LogViewText(50);
    view.setFilter('ne 7');
    for (let i = 0; i < 20; i++) view.append(events(i * 37, (i + 1) * 37));
    const expected = events(740 - 50, 740)
      .filter((e) => e.message.includes('ne 7'))
      .map((e) => e.message);
    assert.deepEqual(
      bodyLines(view.text([])).map((l) => l.slice(25)),
      expected,
    );
  });
});

describe('requestIdStarts', () => {
  const ID = '8f5b6a3e-2c1d-4e0f-9a7b-1c2d3e4f5a6b';
  it("finds the request ids of platform lines, Node's tab format, JSON and headings, and nothing else", () => {
    const text = [
      `2026-12-07T06:27:13.123Z START RequestId: ${ID} Version: $LATEST`,
      `2026-12-07T06:27:13.123Z 2026-12-07T06:27:13.120Z\t${ID}\tINFO\tdate 2026-12-07 and x-y-z`,
      `# ── ${ID} · {"requestId":"${ID}"}`,
      `not ids: a${ID} ${ID}b ${ID.toUpperCase()} ${ID.slice(0, 35)} ${ID.replace('-4e0f', '4e0f-')}`,
    ].join('\n');
    const starts = requestIdStarts(text);
    assert.equal(starts.length, 4);
    for (const s of starts) assert.equal(text.slice(s, s + 36), ID);
  });

  it('reads 2 MB of log lines without an id quickly', () => {
    const text = Array.from(
      { length: 20_000 },
      (_, i) => `2026-12-07T06:27:13.123Z line ${i} of a-b-c {"order":${i}}`,
    ).join('\n');
    const started = performance.now();
    assert.deepEqual(requestIdStarts(text), []);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('LogViewText redraws', () => {
  it('keeps the text in chunks as lines come and go: the same text as the lines joined afresh', () => {
    // A reference: every event kept in order, the cap and the filter applied at each read.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    // Caps past a chunk's 1,000 lines too: whole chunks go, and cuts fall inside and at their ends.
    for (const cap of [1, 5, 37, 400, 2500]) {
      const view = new LogViewText(cap);
      const all: { text: string }[] = [];
      let n = 0;
      let filter = '';
      for (let step = 0; step < (cap > 1000 ? 80 : 300); step++) {
        const action = random(10);
        if (action < 7) {
          // Some events print several lines (a stack trace): the document indents them under the first.
          const added = events(n, n + random(3 * cap + 2)).map((e, i) =>
            (n + i) % 5 === 0
              ? { ...e, message: `${e.message}\n    at f (/var/task/index.js:${i}:1)` }
              : e,
          );
          n += added.length;
          view.append(added);
          for (const e of added)
            all.push({ text: documentLine(new Date(e.timestamp).toISOString(), e.message) });
        } else if (action === 7) {
          filter = ['', '1', 'line 2', 'nothing', 'index.js:3'][random(5)]!;
          view.setFilter(filter);
        }
        if (action === 9 || step % 7 === 0) {
          const expected = all
            .slice(-cap)
            .map((l) => l.text)
            .filter((t) => t.toLowerCase().includes(filter));
          assert.equal(
            view.text([]).replace(/^(# .*\n)*/, ''),
            expected.map((t) => `${t}\n`).join(''),
            `cap ${cap}, step ${step}`,
          );
        }
      }
    }
  });
});
