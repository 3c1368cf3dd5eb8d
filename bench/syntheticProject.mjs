// A synthetic Node.js function project for the deploy benchmark: ~5,000 files, ~20 MB, shaped
// like a real one (a handler, package.json, production dependencies in node_modules as JS text
// with the repetition of real code, some already-compressed binaries, a dev dependency that must
// stay out). Seeded, so every run writes the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom as random } from '../test/support/seededRandom.ts';

const WORDS = [
  'function',
  'return',
  'const',
  'let',
  'if',
  'else',
  'for',
  'while',
  'this',
  'value',
  'options',
  'callback',
  'result',
  'error',
  'index',
  'length',
  'push',
  'prototype',
  'module',
  'exports',
  'require',
  'typeof',
  'undefined',
  'null',
  'true',
  'false',
  'new',
  'Object',
  'Array',
  'String',
  'Number',
  'key',
  'keys',
  'map',
  'filter',
  'reduce',
  'apply',
  'call',
  'arguments',
  'data',
  'buffer',
  'encoding',
  'utf8',
];

function jsText(rand, bytes) {
  const out = [];
  let size = 0;
  while (size < bytes) {
    const n = 3 + Math.floor(rand() * 9);
    const words = [];
    for (let i = 0; i < n; i++) {
      const w = WORDS[Math.floor(rand() * WORDS.length)];
      words.push(rand() < 0.2 ? `${w}${Math.floor(rand() * 1000)}` : w);
    }
    const line = `${'  '.repeat(Math.floor(rand() * 4))}${words.join(rand() < 0.5 ? ' ' : '.')};\n`;
    out.push(line);
    size += line.length;
  }
  return out.join('');
}

/** Writes the project into `root`; returns { files, bytes } of what a deploy should include. */
export function writeSyntheticProject(
  root,
  { files = 5_000, bytes = 20 * 1024 * 1024, seed = 42 } = {},
) {
  const rand = random(seed);
  const write = (path, content, mode) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content, mode ? { mode } : {});
  };
  const packages = 60;
  const deps = Array.from({ length: packages }, (_, i) => `dep-${String(i).padStart(2, '0')}`);
  write(
    'package.json',
    JSON.stringify(
      {
        name: 'bench-fn',
        version: '1.0.0',
        dependencies: Object.fromEntries(deps.map((d) => [d, '1.0.0'])),
        devDependencies: { 'dev-only': '1.0.0' },
      },
      null,
      2,
    ),
  );
  write(
    'index.js',
    "const dep = require('dep-00');\nexports.handler = async () => ({ statusCode: 200, body: 'hello', dep: typeof dep });\n",
  );
  write(
    'node_modules/dev-only/package.json',
    JSON.stringify({ name: 'dev-only', version: '1.0.0' }),
  );
  write('node_modules/dev-only/index.js', jsText(rand, 200_000));
  let written = 2;
  let size = 0;
  const binaryBytes = Math.floor(bytes * 0.1);
  const binaries = 40;
  for (let i = 0; i < binaries; i++) {
    const content = Buffer.alloc(Math.floor(binaryBytes / binaries));
    for (let j = 0; j < content.length; j++) content[j] = Math.floor(rand() * 256);
    write(`node_modules/${deps[i % packages]}/assets/image-${i}.png`, content);
    written += 1;
    size += content.length;
  }
  const textFiles = files - written - packages * 2;
  const perFile = Math.floor((bytes - size) / textFiles);
  for (let p = 0; p < packages; p++) {
    const name = deps[p];
    write(
      `node_modules/${name}/package.json`,
      JSON.stringify({ name, version: '1.0.0', main: 'index.js' }),
    );
    write(`node_modules/${name}/index.js`, 'module.exports = { ok: true };\n');
    written += 2;
  }
  for (let i = 0; i < textFiles; i++) {
    const name = deps[i % packages];
    const length = Math.max(200, Math.floor(perFile * (0.2 + rand() * 1.6)));
    const content = jsText(rand, length);
    write(`node_modules/${name}/lib/${Math.floor(i / packages) % 10}/file-${i}.js`, content);
    written += 1;
    size += content.length;
  }
  return { files: written, bytes: size };
}
