// Rules out a stored event from its line as written (logLine.ts), before the line is decoded:
// a message holding a term holds it verbatim in the line too, unless the term has a character
// JSON writes escaped. A necessary condition only: a line that passes is decoded and matched.
// FilterLogEvents for the estimate panel's REPORT lines then decodes only the REPORT lines.
import { patternTerms } from '../../core/logs/filterPattern';

/** Whether JSON.stringify may write a character of `term` escaped (control characters, quote,
 *  backslash; surrogates, to be safe): such a term is not looked for in stored lines. */
function escapedInJson(term: string): boolean {
  for (let i = 0; i < term.length; i++) {
    const code = term.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

export function rawPrefilter(pattern: string): ((line: string) => boolean) | undefined {
  const terms = patternTerms(pattern);
  if (!terms) return undefined;
  const required = terms.required.filter((term) => !escapedInJson(term));
  const anyOf = terms.anyOf.every((term) => !escapedInJson(term)) ? terms.anyOf : [];
  if (required.length === 0 && anyOf.length === 0) return undefined;
  return (line) => {
    for (const term of required) if (!line.includes(term)) return false;
    if (anyOf.length === 0) return true;
    for (const term of anyOf) if (line.includes(term)) return true;
    return false;
  };
}
