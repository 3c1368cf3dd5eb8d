// Is an offset in code, or inside a comment or string? Answered locally, without tokenizing the
// whole file, because detection runs on every keystroke. Callers only ask about matches that
// start a line (after indentation), so line comments and one-line strings are already excluded;
// what is left is a line inside a block comment, a multi-line template literal or a Python
// triple-quoted string. Each check looks back from the match, not from the start of the file.

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Only spaces and tabs between the start of the line and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i -= 1) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The text before `offset` on its line opens no string and no line comment (quotes are balanced). */
function prefixIsCode(text: string, offset: number, lineComment: string): boolean {
  const prefix = text.slice(lineStartOf(text, offset), offset);
  if (prefix.includes(lineComment)) return false;
  for (const quote of ['"', "'", '`']) if ((prefix.split(quote).length - 1) % 2 === 1) return false;
  return true;
}

/** Inside a `/* … *\/` comment: the last opener before `offset` is real and not yet closed. */
export function inBlockComment(text: string, offset: number): boolean {
  let open = text.lastIndexOf('/*', offset);
  const close = text.lastIndexOf('*/', offset);
  // Skip openers that sit in a string or after // on their line ("src/**/*.js").
  while (open > close && !prefixIsCode(text, open, '//')) open = text.lastIndexOf('/*', open - 1);
  return open > close;
}

/** Inside a Python `"""…"""` or `'''…'''` string: walks the triple quotes before `offset`. */
export function inTripleQuotedString(text: string, offset: number): boolean {
  let i = 0;
  for (;;) {
    const double = text.indexOf('"""', i);
    const single = text.indexOf("'''", i);
    const open = double === -1 ? single : single === -1 ? double : Math.min(double, single);
    if (open === -1 || open >= offset) return false;
    // Docstrings start their line: the common case needs no look at the prefix.
    if (!startsLine(text, open) && !prefixIsCode(text, open, '#')) {
      i = open + 3;
      continue;
    }
    const close = text.indexOf(text.slice(open, open + 3), open + 3);
    if (close === -1 || close + 3 > offset) return true;
    i = close + 3;
  }
}

/** Inside a multi-line template literal: the last backtick before `offset` opens one. */
export function inTemplateLiteral(text: string, offset: number): boolean {
  const tick = text.lastIndexOf('`', offset - 1);
  return tick !== -1 && opensTemplate(text, tick, 16);
}

/**
 * Judged by the backtick's own line: balanced backticks and quotes before it, no // before it,
 * not in a block comment. A line like that may still hold the closer of a literal opened on an
 * earlier line, so the backtick before it must not be an opener itself. Past `depth` backticks
 * the answer is no: better a lens too many than a handler without one.
 */
function opensTemplate(text: string, tick: number, depth: number): boolean {
  if (depth === 0 || !prefixIsCode(text, tick, '//') || inBlockComment(text, tick)) return false;
  const previous = text.lastIndexOf('`', tick - 1);
  return previous === -1 || !opensTemplate(text, previous, depth - 1);
}
