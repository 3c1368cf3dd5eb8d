// Rules out a stored event from its line as written (logLine.ts), before the line is decoded:
// a message holding a term holds it verbatim in the line too, unless the term has a character
// JSON writes escaped. A necessary condition only: a line that passes is decoded and matched.
// FilterLogEvents for the estimate panel's REPORT lines then decodes only the REPORT lines, and
// the other lines are looked at as bytes (eventCursor.ts).
import { patternTerms } from '../../core/logs/filterPattern';
import type { LineTerms } from '../store/eventCursor';

/** Whether JSON.stringify may write a character of `term` escaped (control characters, quote,
 *  backslash; surrogates, to be safe): such a term is not looked for in stored lines. */
function escapedInJson(term: string): boolean {
  for (let i = 0; i < term.length; i++) {
    const code = term.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff))
      return true;
  }
  return false;
}

/** The terms of `pattern` a stored line must hold (as UTF-8 bytes), or undefined when none can be looked for. */
export function rawPrefilter(pattern: string): LineTerms | undefined {
  const terms = patternTerms(pattern);
  if (!terms) return undefined;
  const required = terms.required.filter((term) => term !== '' && !escapedInJson(term));
  const anyOf = terms.anyOf.every((term) => term !== '' && !escapedInJson(term)) ? terms.anyOf : [];
  if (required.length === 0 && anyOf.length === 0) return undefined;
  return {
    required: required.map((term) => Buffer.from(term)),
    anyOf: anyOf.map((term) => Buffer.from(term)),
  };
}
