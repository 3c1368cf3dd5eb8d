// The modules a handler file loads at the top level: what runs during INIT, one term of the
// cold-start estimate (coldStartEstimate.ts). Counted from the source as written: distinct module
// names on lines that start at column 0 (a nested import is not INIT's), outside block comments,
// template literals and triple-quoted strings. Built-in modules (Node's `node:` and core names,
// the Python standard library's usual ones) are left out: they load from the runtime's own
// snapshot or are tiny next to a package such as an SDK.
import { inBlockComment, inTemplateLiteral, inTripleQuotedString } from '../handlers/codeContext';
import type { HandlerLanguage } from '../handlers/detectHandlers';

const NODE_BUILTINS = new Set([
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'querystring',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
]);
const PYTHON_STDLIB = new Set([
  '__future__',
  'asyncio',
  'base64',
  'collections',
  'dataclasses',
  'datetime',
  'decimal',
  'enum',
  'functools',
  'hashlib',
  'hmac',
  'io',
  'itertools',
  'json',
  'logging',
  'math',
  'os',
  'random',
  're',
  'string',
  'sys',
  'time',
  'traceback',
  'typing',
  'urllib',
  'uuid',
]);

// `import x from 'm'`, `import * as x from 'm'`, `import {a} from 'm'`, `import 'm'`, `export … from 'm'`
// on one line; `const x = require('m')` and `import x = require('m')`. Type-only imports load nothing.
const JS_STATEMENT =
  /^(?:import|export)\s+(?!type\s)(?:[^'"`;]*?\sfrom\s*)?(['"])([^'"\n]+)\1|^(?:const|let|var|import)\s[^=\n]*=\s*require\(\s*(['"])([^'"\n]+)\3\s*\)/gm;
const PY_STATEMENT =
  /^(?:import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)|from\s+([\w.]+)\s+import\s)/gm;

export function countTopLevelImports(source: string, language: HandlerLanguage): number {
  const modules = new Set<string>();
  if (language === 'python') {
    for (const match of source.matchAll(PY_STATEMENT)) {
      if (inTripleQuotedString(source, match.index)) continue;
      const names =
        match[2] !== undefined
          ? [match[2]]
          : match[1]!.split(',').map((n) => n.trim().split(/\s+/)[0]!);
      // Relative imports (from . import x) load the function's own modules: they count.
      for (const name of names) if (!PYTHON_STDLIB.has(name.split('.')[0]!)) modules.add(name);
    }
  } else {
    for (const match of source.matchAll(JS_STATEMENT)) {
      if (inBlockComment(source, match.index) || inTemplateLiteral(source, match.index)) continue;
      const name = match[2] ?? match[4]!;
      if (name.startsWith('node:') || NODE_BUILTINS.has(name)) continue;
      modules.add(name);
    }
  }
  return modules.size;
}
