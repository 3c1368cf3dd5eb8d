// The log documents' TextMate grammar (syntaxes/lambda-log.tmLanguage.json), tokenized as VS Code
// does (vscode-textmate over the oniguruma engine): each kind of line gets the standard scopes a
// theme colours, and nothing a message says escapes its line.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it, before } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const root = join(import.meta.dirname, '..', '..');
const T = '2026-12-07T06:27:13.123Z';
const ID = '8f5b6a3e-2c1d-4e0f-9a7b-1c2d3e4f5a6b';
let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(
    join(createRequire(import.meta.url).resolve('vscode-oniguruma'), '..', 'onig.wasm'),
  );
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'text.lambda-log'
        ? parseRawGrammar(
            readFileSync(join(root, 'syntaxes', 'lambda-log.tmLanguage.json'), 'utf8'),
            'lambda-log.tmLanguage.json',
          )
        : null,
  });
  grammar = (await registry.loadGrammar('text.lambda-log'))!;
});

/** Each token's text and its innermost scope, for the lines of a document. */
function tokens(...lines: string[]): Array<[string, string]>[] {
  let state = INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map(
      (t) =>
        [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]!] as [string, string],
    );
  });
}

/** The scope of the first token whose text is `text`. */
function scopeOf(line: Array<[string, string]>, text: string): string {
  const found = line.find(([t]) => t === text);
  assert.ok(found, `no token "${text}" in ${JSON.stringify(line)}`);
  return found[1];
}

describe('the lambda-log grammar', () => {
  it('scopes platform lines: the keyword, the request id, fields and figures', () => {
    const [start, report, timeout] = tokens(
      `${T} START RequestId: ${ID} Version: $LATEST`,
      `${T} REPORT RequestId: ${ID}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.2 ms`,
      `${T} REPORT RequestId: ${ID}\tDuration: 3000.00 ms\tStatus: timeout`,
    );
    assert.equal(scopeOf(start!, T), 'comment.date.timestamp.lambda-log');
    assert.equal(scopeOf(start!, 'START'), 'keyword.control.platform.lambda-log');
    assert.equal(scopeOf(start!, ID), 'constant.language.request-id.lambda-log');
    assert.equal(scopeOf(start!, '$LATEST'), 'constant.language.version.lambda-log');
    assert.equal(scopeOf(report!, 'REPORT'), 'keyword.control.platform.lambda-log');
    assert.equal(scopeOf(report!, 'Billed Duration'), 'variable.other.field.lambda-log');
    assert.equal(scopeOf(report!, '12.34 ms'), 'constant.numeric.lambda-log');
    assert.equal(scopeOf(timeout!, 'Status: timeout'), 'invalid.illegal.status.lambda-log');
    for (const keyword of ['END', 'INIT_START', 'DEBUG']) {
      assert.equal(
        scopeOf(tokens(`${T} ${keyword} RequestId: ${ID}`)[0]!, keyword),
        'keyword.control.platform.lambda-log',
      );
    }
  });

  it("scopes Node's tab format: time, request id and each level", () => {
    const levels: Record<string, string> = {
      INFO: 'markup.inserted.level.info.lambda-log',
      WARN: 'markup.deleted.level.warn.lambda-log',
      ERROR: 'invalid.illegal.level.error.lambda-log',
      DEBUG: 'markup.changed.level.debug.lambda-log',
      TRACE: 'comment.level.trace.lambda-log',
      FATAL: 'invalid.illegal.level.error.lambda-log',
    };
    for (const [level, scope] of Object.entries(levels)) {
      const [line] = tokens(`${T} 2026-12-07T06:27:13.120Z\t${ID}\t${level}\tgot an order`);
      assert.equal(scopeOf(line!, level), scope, level);
      assert.equal(scopeOf(line!, '2026-12-07T06:27:13.120Z'), 'comment.date.timestamp.lambda-log');
      assert.equal(scopeOf(line!, ID), 'constant.language.request-id.lambda-log');
    }
  });

  it("scopes Python's [LEVEL] format", () => {
    const [line] = tokens(`${T} [WARNING]\t2026-12-07T06:27:13.120Z\t${ID}\tslow downstream`);
    assert.equal(scopeOf(line!, 'WARNING'), 'markup.deleted.level.warn.lambda-log');
    assert.equal(scopeOf(line!, '['), 'punctuation.definition.level.begin.lambda-log');
    assert.equal(scopeOf(line!, ID), 'constant.language.request-id.lambda-log');
  });

  it("scopes JSON: keys, strings, numbers, literals; the JSON log format's level too", () => {
    const [line] = tokens(
      `${T} {"timestamp":"2026-12-07T06:27:13.120Z","level":"ERROR","requestId":"${ID}","message":{"n":42,"ok":true,"tags":["a",null]}}`,
    );
    assert.equal(scopeOf(line!, '"level"'), 'support.type.property-name.json.lambda-log');
    assert.equal(scopeOf(line!, 'ERROR'), 'string.quoted.double.json.lambda-log');
    assert.equal(scopeOf(line!, ID), 'constant.language.request-id.lambda-log');
    assert.equal(scopeOf(line!, '42'), 'constant.numeric.json.lambda-log');
    assert.equal(scopeOf(line!, 'true'), 'constant.language.json.lambda-log');
    assert.equal(scopeOf(line!, 'null'), 'constant.language.json.lambda-log');
    assert.equal(scopeOf(line!, '{'), 'punctuation.definition.dictionary.begin.lambda-log');
  });

  it('scopes errors and the indented frames of a stack trace (Node and Python)', () => {
    const [first, frame, bare, pyHead, pyFrame] = tokens(
      `${T} 2026-12-07T06:27:13.120Z\t${ID}\tERROR\tInvoke Error \tTypeError: Cannot read properties of undefined`,
      '                             at handler (/var/task/index.js:3:9)',
      '                             at async /var/task/lib/db.mjs:10:5',
      `${T} Traceback (most recent call last):`,
      '                           File "/var/task/app.py", line 12, in lambda_handler',
    );
    assert.equal(scopeOf(first!, 'TypeError'), 'invalid.illegal.exception.lambda-log');
    assert.equal(scopeOf(frame!, 'at'), 'keyword.other.stack-frame.lambda-log');
    assert.equal(scopeOf(frame!, 'handler'), 'entity.name.function.lambda-log');
    assert.equal(scopeOf(frame!, '/var/task/index.js:3:9'), 'string.unquoted.location.lambda-log');
    assert.equal(
      scopeOf(bare!, '/var/task/lib/db.mjs:10:5'),
      'string.unquoted.location.lambda-log',
    );
    assert.equal(scopeOf(pyHead!, 'Traceback'), 'invalid.illegal.exception.lambda-log');
    assert.equal(scopeOf(pyFrame!, '"/var/task/app.py"'), 'string.unquoted.location.lambda-log');
    assert.equal(scopeOf(pyFrame!, '12'), 'constant.numeric.line.lambda-log');
    assert.equal(scopeOf(pyFrame!, 'lambda_handler'), 'entity.name.function.lambda-log');
  });

  it("scopes the view's own lines as comments, their request ids still marked", () => {
    const [header] = tokens(`# Invocation ${ID} of orders on Local (us-east-1)`);
    assert.equal(scopeOf(header!, '# '), 'comment.line.number-sign.lambda-log');
    assert.equal(scopeOf(header!, ID), 'constant.language.request-id.lambda-log');
  });

  it('keeps what a line opens on that line: an unclosed JSON object or string does not colour the next line', () => {
    const [, next] = tokens(
      `${T} {"unclosed": "string and {"`,
      `${T} START RequestId: ${ID} Version: $LATEST`,
    );
    assert.equal(scopeOf(next!, 'START'), 'keyword.control.platform.lambda-log');
    assert.equal(scopeOf(next!, T), 'comment.date.timestamp.lambda-log');
  });

  it("does not take a platform word a function printed mid-line, or on a later line of an event, for the platform's", () => {
    const [printed, later] = tokens(
      `${T} 2026-12-07T06:27:13.120Z\t${ID}\tINFO\tSTART RequestId: ${ID}`,
      `                         START RequestId: ${ID}`,
    );
    assert.ok(!printed!.some(([, scope]) => scope === 'keyword.control.platform.lambda-log'));
    assert.ok(!later!.some(([, scope]) => scope === 'keyword.control.platform.lambda-log'));
  });
});
