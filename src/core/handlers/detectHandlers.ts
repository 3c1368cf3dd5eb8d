// Finds Lambda handlers in a source file's text, for CodeLenses: the exported functions whose
// names are handler names (by default `handler`, plus `lambdaHandler` in JavaScript and
// TypeScript as SAM's Node.js templates write it, and `lambda_handler` in Python), or any name a
// SAM template's Handler gives. Runs on every change of an open document, so it never tokenizes
// the whole file: each pattern starts with a literal the regular expression engine finds fast,
// and only its few matches are checked (at the start of a line, not in a block comment, template
// literal or docstring; see codeContext.ts).
import { inBlockComment, inTemplateLiteral, inTripleQuotedString, startsLine } from './codeContext';
import { maskJavaScript } from './maskCommentsAndStrings';

export type HandlerLanguage = 'javascript' | 'typescript' | 'python';

/** 0-based, as VS Code's Position. */
export interface SourcePosition {
  readonly line: number;
  readonly character: number;
}

export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

export type HandlerForm =
  | 'exports.name'
  | 'module.exports.name'
  | 'module.exports object'
  | 'export const'
  | 'export function'
  | 'export list'
  | 'export default'
  | 'python def'
  | 'python assignment';

export interface DetectedHandler {
  /** The exported name: the part after the dot in a Lambda handler string ("index.handler"). */
  readonly name: string;
  /** Where the lens goes: the name at its declaration, or at the export when it is declared elsewhere or not found. */
  readonly range: SourceRange;
  readonly form: HandlerForm;
}

export const DEFAULT_HANDLER_NAMES: Readonly<Record<HandlerLanguage, readonly string[]>> = {
  javascript: ['handler', 'lambdaHandler'],
  typescript: ['handler', 'lambdaHandler'],
  python: ['handler', 'lambda_handler'],
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** How far past `module.exports = {` an object literal is read. */
const OBJECT_LIMIT = 4000;
/**
 * Matches of one pattern looked at, at most: a real file has a handful, and each look may scan
 * back through the text, so a hostile file with thousands must not cost thousands of scans.
 */
const MATCH_LIMIT = 64;

interface Found {
  readonly name: string;
  readonly offset: number;
  readonly form: HandlerForm;
}

/**
 * Handlers in `text`, first occurrence of each name, in source order. `extraNames` adds names
 * (from a SAM template's Handler); `default` among them also finds `export default`.
 */
export function detectHandlers(
  text: string,
  language: HandlerLanguage,
  extraNames: readonly string[] = [],
): DetectedHandler[] {
  const names = new Set([
    ...DEFAULT_HANDLER_NAMES[language],
    ...extraNames.filter((n) => IDENTIFIER.test(n)),
  ]);
  // Cheap exit: most files mention no handler name at all.
  if (![...names].some((name) => text.includes(name))) return [];
  const found = language === 'python' ? findPython(text, names) : findJavaScript(text, names);
  const seen = new Set<string>();
  const unique = found
    .sort((a, b) => a.offset - b.offset)
    .filter((f) => !seen.has(f.name) && seen.add(f.name));
  return toRanges(text, unique);
}

function alternation(names: ReadonlySet<string>): string {
  return [...names].map((n) => n.replace(/\$/g, '\\$')).join('|');
}

const compiled = new Map<string, RegExp>();
/** Patterns are built per set of names and reused: the same few sets come back on every keystroke. */
function pattern(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    if (compiled.size > 200) compiled.clear();
    compiled.set(source, (re = new RegExp(source, 'g')));
  }
  return re;
}

/** Matches that start a line of code, with the offset of capture group `group`. */
function* codeMatches(
  text: string,
  pattern: RegExp,
  group: number,
  isCode: (offset: number) => boolean,
) {
  let looked = 0;
  for (const m of text.matchAll(pattern)) {
    if (!startsLine(text, m.index)) continue;
    if ((looked += 1) > MATCH_LIMIT) return;
    if (!isCode(m.index)) continue;
    yield { m, at: m.index + m[0].lastIndexOf(m[group] ?? '') };
  }
}

function findJavaScript(text: string, names: ReadonlySet<string>): Found[] {
  const found: Found[] = [];
  const n = alternation(names);
  const isCode = (offset: number) =>
    !inBlockComment(text, offset) && !inTemplateLiteral(text, offset);
  const add = (name: string, offset: number, form: HandlerForm) =>
    found.push({ name, offset, form });
  const declarations = new Map<string, number | undefined>();
  const declared = (local: string) => {
    if (!declarations.has(local)) declarations.set(local, declarationOf(text, local, isCode));
    return declarations.get(local);
  };

  for (const { m, at } of codeMatches(
    text,
    pattern(`(module\\.)?exports\\.(${n})\\s*=(?!=)`),
    2,
    isCode,
  )) {
    if (!m[1] && text.endsWith('module.', m.index)) continue;
    // `exports.handler = main` points at main's declaration; an inline function is right here.
    const end = m.index + m[0].length;
    const lineEnd = text.indexOf('\n', end);
    const local = /^[ \t]*([A-Za-z_$][\w$]*)[ \t]*;?[ \t]*$/.exec(
      text.slice(end, lineEnd === -1 ? undefined : lineEnd),
    );
    add(m[2]!, (local && declared(local[1]!)) ?? at, m[1] ? 'module.exports.name' : 'exports.name');
  }
  for (const { m, at } of codeMatches(
    text,
    pattern(`export\\s+(?:declare\\s+)?(?:const|let|var)\\s+(${n})\\b`),
    1,
    isCode,
  ))
    add(m[1]!, at, 'export const');
  for (const { m, at } of codeMatches(
    text,
    pattern(`export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${n})\\s*[(<]`),
    1,
    isCode,
  ))
    add(m[1]!, at, 'export function');
  for (const { m } of codeMatches(text, /module\.exports\s*=\s*\{/g, 0, isCode)) {
    const open = m.index + m[0].length - 1;
    for (const key of objectKeys(maskJavaScript(text.slice(open, open + OBJECT_LIMIT)))) {
      if (names.has(key.name))
        add(key.name, declared(key.local) ?? open + key.offset, 'module.exports object');
    }
  }
  for (const { m } of codeMatches(text, /export\s*\{([^}]{0,2000})\}/g, 0, isCode)) {
    const listStart = m.index + m[0].indexOf('{') + 1;
    for (const spec of m[1]!.matchAll(/([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?/g)) {
      const exported = spec[2] ?? spec[1]!;
      if (names.has(exported))
        add(
          exported,
          declared(spec[1]!) ?? listStart + spec.index + spec[0].lastIndexOf(exported),
          'export list',
        );
    }
  }
  if (names.has('default')) {
    for (const { m } of codeMatches(text, /export\s+default\b/g, 0, isCode))
      add('default', m.index + m[0].indexOf('default'), 'export default');
  }
  return found;
}

/** Where a top-level function or variable called `local` is declared, if it is. */
function declarationOf(
  text: string,
  local: string,
  isCode: (offset: number) => boolean,
): number | undefined {
  for (const m of text.matchAll(
    pattern(
      `(?:async\\s+)?(?:function\\s*\\*?\\s*|(?:const|let|var)\\s+)(${local.replace(/\$/g, '\\$')})\\b`,
    ),
  )) {
    // Column 0: a top-level declaration, not a local of the same name inside some function.
    if ((m.index === 0 || text.charCodeAt(m.index - 1) === 10) && isCode(m.index))
      return m.index + m[0].lastIndexOf(m[1]!);
  }
  return undefined;
}

/** The keys at depth 1 of the object literal that `code` opens: shorthand, `key: value` and methods. */
function objectKeys(code: string): { name: string; local: string; offset: number }[] {
  const keys: { name: string; local: string; offset: number }[] = [];
  let depth = 0;
  let expectKey = true;
  for (let i = 0; i < code.length; i += 1) {
    const ch = code[i]!;
    if (ch === '{' || ch === '(' || ch === '[') {
      depth += 1;
      if (depth === 1) expectKey = true;
      continue;
    }
    if (ch === '}' || ch === ')' || ch === ']') {
      depth -= 1;
      if (depth === 0) break;
      continue;
    }
    if (depth !== 1) continue;
    if (ch === ',') {
      expectKey = true;
      continue;
    }
    if (!expectKey || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    const m = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?::\s*([A-Za-z_$][\w$]*)\s*(?=[,}\n]))?/.exec(
      code.slice(i, i + 200),
    );
    if (m) keys.push({ name: m[1]!, local: m[2] ?? m[1]!, offset: i + m[0].indexOf(m[1]!) });
    expectKey = false;
  }
  return keys;
}

function findPython(text: string, names: ReadonlySet<string>): Found[] {
  const found: Found[] = [];
  const n = alternation(names);
  // Column 0 only: a method or nested function is never a Lambda handler.
  function* topLevel(re: RegExp) {
    let looked = 0;
    for (const m of text.matchAll(re)) {
      if (
        (m.index !== 0 && text.charCodeAt(m.index - 1) !== 10) ||
        text.endsWith('async ', m.index)
      )
        continue;
      if ((looked += 1) > MATCH_LIMIT) return;
      if (!inTripleQuotedString(text, m.index)) yield m;
    }
  }
  for (const m of topLevel(pattern(`(?:async[ \\t]+)?def[ \\t]+(${n})[ \\t]*\\(`)))
    found.push({ name: m[1]!, offset: m.index + m[0].lastIndexOf(m[1]!), form: 'python def' });
  for (const m of topLevel(pattern(`\\b(${n})[ \\t]*(?::[^=\\n]*)?=(?!=)`)))
    found.push({ name: m[1]!, offset: m.index, form: 'python assignment' });
  return found;
}

/** Offsets → line and character, walking the text once for all matches (they are sorted). */
function toRanges(text: string, found: readonly Found[]): DetectedHandler[] {
  let line = 0;
  let lineStart = 0;
  return found.map((f) => {
    for (
      let i = text.indexOf('\n', lineStart);
      i !== -1 && i < f.offset;
      i = text.indexOf('\n', i + 1)
    ) {
      line += 1;
      lineStart = i + 1;
    }
    const start = { line, character: f.offset - lineStart };
    return {
      name: f.name,
      form: f.form,
      range: { start, end: { line, character: start.character + f.name.length } },
    };
  });
}
