// The layer rule of docs/ARCHITECTURE.md, checked on every import in src/:
//   core imports nothing of ours; cloud and local import only core; cli imports core, cloud and
//   local; extension imports core, and cloud or local only as types (both are loaded lazily);
//   nothing imports extension or cli. The AWS SDK never reaches the activation bundle.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '..', '..', 'src');
type Layer = 'core' | 'cloud' | 'local' | 'extension' | 'cli';

const ALLOWED: Record<Layer, Layer[]> = {
  core: ['core'],
  cloud: ['core', 'cloud'],
  local: ['core', 'local'],
  cli: ['core', 'cloud', 'local', 'cli'],
  extension: ['core', 'extension'],
};
const TYPE_ONLY_ALLOWED: Partial<Record<Layer, Layer[]>> = { extension: ['cloud', 'local'] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(path: string): Layer {
  return relative(SRC, path).split(sep)[0] as Layer;
}

interface ImportSite {
  specifier: string;
  typeOnly: boolean;
}

export function importsOf(text: string): ImportSite[] {
  const sites: ImportSite[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement))
    sites.push({ specifier: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g))
    sites.push({ specifier: m[1]!, typeOnly: false });
  return sites;
}

test('the import parser sees static, type-only, re-export and dynamic imports', () => {
  const sites = importsOf(
    `import * as a from '../core/a';\nimport type { B } from '../cloud';\nexport { c } from './c';\nconst d = require('../local/d');\nawait import('vscode');`,
  );
  assert.deepEqual(sites, [
    { specifier: '../core/a', typeOnly: false },
    { specifier: '../cloud', typeOnly: true },
    { specifier: './c', typeOnly: false },
    { specifier: '../local/d', typeOnly: false },
    { specifier: 'vscode', typeOnly: false },
  ]);
});

test('every import in src/ follows the layer rule', () => {
  const files = sourceFiles(SRC);
  assert.ok(files.length > 5, 'src/ should hold the sources');
  const violations: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const { specifier, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (from === 'extension' && !typeOnly && /^@(aws-sdk|smithy)\//.test(specifier)) {
        violations.push(
          `${relative(SRC, file)} loads ${specifier} at activation; require dist/cloud.js lazily instead`,
        );
      }
      if (!specifier.startsWith('.')) continue;
      const to = layerOf(resolve(dirname(file), specifier));
      const allowed =
        ALLOWED[from].includes(to) || (typeOnly && (TYPE_ONLY_ALLOWED[from] ?? []).includes(to));
      if (!allowed)
        violations.push(
          `${relative(SRC, file)} (${from}) imports ${specifier} (${to})${typeOnly ? ' as a type' : ''}`,
        );
    }
  }
  assert.deepEqual(violations, []);
});
