// The handler snippets: valid snippet files, and every body, once its placeholders are filled,
// is a program its language accepts (TypeScript bodies type-check against @types/aws-lambda)
// and has a handler that the CodeLens detection finds.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { detectHandlers, type HandlerLanguage } from '../../src/core/handlers/detectHandlers';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { snippets?: { language: string; path: string }[] };
};

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

function snippets(file: string): [string, Snippet][] {
  return Object.entries(
    JSON.parse(readFileSync(join(ROOT, 'snippets', file), 'utf8')) as Record<string, Snippet>,
  );
}

/** Fills placeholders as accepting every default would: ${1:x} → x, $1 → '', \$ → $. */
function expand(body: readonly string[], finalCursor = ''): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/(?<!\\)\$0/g, finalCursor)
    .replace(/(?<!\\)\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

test('package.json contributes the snippet files for JavaScript, TypeScript and Python', () => {
  assert.deepEqual(manifest.contributes.snippets, [
    { language: 'javascript', path: './snippets/javascript.json' },
    { language: 'typescript', path: './snippets/typescript.json' },
    { language: 'python', path: './snippets/python.json' },
  ]);
});

test('expand fills placeholders and unescapes dollars', () => {
  assert.equal(expand(['const ${1:x} = `\\${y}`;$0', '$2']), 'const x = `${y}`;\n');
});

test('each snippet has a prefix, a description and a body; all six event kinds in each language', () => {
  for (const file of ['javascript.json', 'typescript.json', 'python.json']) {
    const all = snippets(file);
    for (const [name, s] of all) {
      assert.ok(
        (Array.isArray(s.prefix) ? s.prefix : [s.prefix]).every((p) =>
          /^lambda-[a-z0-9-]+$/.test(p),
        ),
        `${file} ${name}`,
      );
      assert.ok(s.description.length > 10 && s.body.length > 2, `${file} ${name}`);
    }
    const text = all.map(([, s]) => s.body.join('\n')).join('\n');
    for (const marker of [
      'statusCode',
      'Records',
      'batchItemFailures',
      'detail-type',
      'NewImage',
      'scheduled run',
    ])
      assert.ok(text.includes(marker), `${file} covers ${marker}`);
  }
  assert.equal(
    snippets('javascript.json').length,
    12,
    'JavaScript: ES module and CommonJS for each',
  );
});

test('JavaScript bodies parse (ES module and CommonJS) and their handler is detected', () => {
  for (const [name, s] of snippets('javascript.json')) {
    const code = expand(s.body);
    const out = ts.transpileModule(code, {
      reportDiagnostics: true,
      fileName: name.includes('CommonJS') ? 'index.cjs' : 'index.mjs',
      compilerOptions: { allowJs: true },
    });
    assert.deepEqual(
      out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      [],
      name,
    );
    assert.deepEqual(
      detectHandlers(code, 'javascript').map((h) => h.name),
      ['handler'],
      name,
    );
  }
});

test('TypeScript bodies type-check strictly against @types/aws-lambda and their handler is detected', () => {
  const files = new Map(
    snippets('typescript.json').map(([, s], i) => [
      join(ROOT, 'test', 'unit', `snippet-${i}.ts`),
      expand(s.body),
    ]),
  );
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, v, ...rest) =>
    files.has(f)
      ? ts.createSourceFile(f, files.get(f)!, v)
      : getSourceFile.call(host, f, v, ...rest);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  assert.deepEqual(problems, []);
  for (const code of files.values())
    assert.deepEqual(
      detectHandlers(code, 'typescript').map((h) => h.name),
      ['handler'],
    );
});

test('Python bodies parse and their handler is detected', (t) => {
  const bodies = snippets('python.json').map(([name, s]) => ({
    name,
    code: expand(s.body, 'pass'),
  }));
  for (const { name, code } of bodies)
    assert.deepEqual(
      detectHandlers(code, 'python' as HandlerLanguage).map((h) => h.name),
      ['lambda_handler'],
      name,
    );
  const check = spawnSync(
    'python3',
    ['-c', 'import ast, json, sys\nfor name, code in json.load(sys.stdin): ast.parse(code, name)'],
    { input: JSON.stringify(bodies.map((b) => [b.name, b.code])), encoding: 'utf8' },
  );
  if (check.error) {
    t.skip('python3 is not installed');
    return;
  }
  assert.equal(check.status, 0, check.stderr);
});
