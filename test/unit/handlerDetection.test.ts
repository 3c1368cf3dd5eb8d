// Handler detection for CodeLenses: each handler form, ranges, no lens in comments or strings,
// SAM Handler names, and the handler strings Lambda expects.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { detectHandlers, type HandlerLanguage } from '../../src/core/handlers/detectHandlers';
import {
  handlerNamesForFile,
  handlerString,
  languageOfFile,
  parseHandlerString,
} from '../../src/core/handlers/handlerString';
import { maskJavaScript } from '../../src/core/handlers/maskCommentsAndStrings';

function found(text: string, language: HandlerLanguage = 'javascript', extra: string[] = []) {
  return detectHandlers(text, language, extra).map(
    (h) => `${h.name}@${h.range.start.line}:${h.range.start.character} ${h.form}`,
  );
}

test('JavaScript and TypeScript export forms', () => {
  assert.deepEqual(found('exports.handler = async (event) => {\n  return 1;\n};'), [
    'handler@0:8 exports.name',
  ]);
  assert.deepEqual(found('const x = 1;\nmodule.exports.handler = function (e, c) {}'), [
    'handler@1:15 module.exports.name',
  ]);
  assert.deepEqual(found('export const handler = async (event) => ({ ok: true });'), [
    'handler@0:13 export const',
  ]);
  assert.deepEqual(
    found('export const handler: Handler<S3Event> = async (event) => {};', 'typescript'),
    ['handler@0:13 export const'],
  );
  assert.deepEqual(found('\n\nexport async function handler(event) {}'), [
    'handler@2:22 export function',
  ]);
  assert.deepEqual(found('export function handler<T>(event: T): void {}', 'typescript'), [
    'handler@0:16 export function',
  ]);
  assert.deepEqual(found('export const lambdaHandler = async () => {};'), [
    'lambdaHandler@0:13 export const',
  ]);
});

test('module.exports objects and export lists point at the declaration when there is one', () => {
  assert.deepEqual(found('async function handler(event) {}\nmodule.exports = { handler };'), [
    'handler@0:15 module.exports object',
  ]);
  assert.deepEqual(
    found('module.exports = {\n  other: 1,\n  handler: async (e) => { return { a: 1 }; },\n};'),
    ['handler@2:2 module.exports object'],
  );
  assert.deepEqual(found('const main = async () => {};\nmodule.exports = { handler: main };'), [
    'handler@0:6 module.exports object',
  ]);
  assert.deepEqual(
    found('module.exports = { helper: () => ({ handler: 1 }) };'),
    [],
    'a nested key is no export',
  );
  assert.deepEqual(found('module.exports = { note: "}", /* { */ handler };'), [
    'handler@0:38 module.exports object',
  ]);
  assert.deepEqual(found('const main = () => {};\nexport { main as handler };'), [
    'handler@0:6 export list',
  ]);
  assert.deepEqual(found('function handler() {}\nexports.handler = handler;'), [
    'handler@0:9 exports.name',
  ]);
});

test('export default only when a SAM Handler names `default`; extra names from the template', () => {
  assert.deepEqual(found('export default async (event) => {};'), []);
  assert.deepEqual(found('export default async (event) => {};', 'javascript', ['default']), [
    'default@0:7 export default',
  ]);
  assert.deepEqual(
    found('export const main = async () => {};\nexport const handler = 1;', 'typescript', ['main']),
    ['main@0:13 export const', 'handler@1:13 export const'],
  );
  assert.deepEqual(found('export const main = 1;', 'javascript', ['bad name;']), []);
});

test('Python: top-level def handler / lambda_handler and extra names; methods and nested functions are not handlers', () => {
  assert.deepEqual(found('import json\n\ndef handler(event, context):\n    return 1\n', 'python'), [
    'handler@2:4 python def',
  ]);
  assert.deepEqual(found('def lambda_handler(event, context):\n    pass', 'python'), [
    'lambda_handler@0:4 python def',
  ]);
  assert.deepEqual(
    found('class A:\n    def handler(self, event, context):\n        pass\n', 'python'),
    [],
  );
  assert.deepEqual(found('def main(event, context):\n    pass', 'python', ['main']), [
    'main@0:4 python def',
  ]);
  assert.deepEqual(found('handler = Logger().inject_lambda_context(process)', 'python'), [
    'handler@0:0 python assignment',
  ]);
  assert.deepEqual(found('if handler == 1: pass', 'python'), []);
});

test('no handler in comments or strings', () => {
  assert.deepEqual(
    found(
      '// exports.handler = async () => {};\n/*\nexport const handler = 1;\n*/\nconst s = "export function handler() {}";\nconst t = `\nexport const handler = 2;\n`;',
    ),
    [],
  );
  assert.deepEqual(
    found(
      '"""\ndef handler(event, context):\n"""\n# def lambda_handler(event, context):\nx = \'def handler(e, c):\'\n',
      'python',
    ),
    [],
  );
  assert.deepEqual(found('/* comment */ const a = "it\'s"; // x\nexport const handler = 1;'), [
    'handler@1:13 export const',
  ]);
});

test('masking an object literal keeps every offset and newline', () => {
  const js = 'a = "x\\"y"; // c\n/* d\ne */ b = `t\nu`;';
  const masked = maskJavaScript(js);
  assert.equal(masked.length, js.length);
  assert.deepEqual(
    [...masked].map((c, i) => (c === '\n') === (js[i] === '\n')).every(Boolean),
    true,
  );
  assert.ok(!/[xycdetu]/.test(masked.replace(/\s/g, '').replace(/[ab=";`]/g, '')), masked);
});

test('handler strings relative to the code folder, and SAM Handler values back to names', () => {
  assert.equal(handlerString('src/app.mjs', 'handler'), 'src/app.handler');
  assert.equal(handlerString('.\\src\\index.ts', 'lambdaHandler'), 'src/index.lambdaHandler');
  assert.equal(handlerString('app.py', 'lambda_handler'), 'app.lambda_handler');
  assert.deepEqual(parseHandlerString('src/app.main', 'javascript'), {
    module: 'src/app',
    name: 'main',
  });
  assert.deepEqual(parseHandlerString('app.handlers.main', 'javascript'), {
    module: 'app',
    name: 'handlers',
  });
  assert.deepEqual(parseHandlerString('pkg.app.main', 'python'), {
    module: 'pkg/app',
    name: 'main',
  });
  assert.equal(parseHandlerString('nodot', 'python'), undefined);
  assert.deepEqual(
    handlerNamesForFile(
      [
        { handler: 'app.main', fileRelativeToCodeFolder: 'app.py' },
        { handler: 'other.x', fileRelativeToCodeFolder: 'app.py' },
      ],
      'python',
    ),
    ['main'],
  );
  assert.deepEqual(
    handlerNamesForFile(
      [{ handler: 'src/app.main', fileRelativeToCodeFolder: 'src/app.js' }],
      'javascript',
    ),
    ['main'],
  );
  assert.equal(languageOfFile('a/b.mts'), 'typescript');
  assert.equal(languageOfFile('a/b.cjs'), 'javascript');
  assert.equal(languageOfFile('a/b.py'), 'python');
  assert.equal(languageOfFile('a/b.go'), undefined);
});

test('a 2,000-line file is handled and positions stay right at its end', () => {
  const filler = Array.from(
    { length: 1999 },
    (_, i) => `const v${i} = "exports.handler = ${i}"; // export const handler`,
  ).join('\n');
  assert.deepEqual(found(`${filler}\nexport const handler = 1;`), ['handler@1999:13 export const']);
});

test('backticks elsewhere do not hide a real handler', () => {
  assert.deepEqual(
    found(
      '/** Returns the `id`. */\nconst a = `x`;\nconst b = `multi\nline`;\nexport const handler = 1;',
    ),
    ['handler@4:13 export const'],
  );
  assert.deepEqual(found('const glob = "src/**/*.js";\nexport const handler = 1;'), [
    'handler@1:13 export const',
  ]);
  assert.deepEqual(found("x = \"a ''' b\"\ndef handler(event, context):\n    pass", 'python'), [
    'handler@1:4 python def',
  ]);
});

test('hundreds of handler-looking lines in a comment or docstring still give no lens', () => {
  assert.deepEqual(found(`/*\n${'export const handler = 1;\n'.repeat(500)}*/\n`), []);
  assert.deepEqual(
    found(`"""\n${'def handler(event, context):\n'.repeat(500)}"""\n`, 'python'),
    [],
  );
  assert.deepEqual(found('exports.handler = handler;\n'.repeat(500)), ['handler@0:8 exports.name']);
});
