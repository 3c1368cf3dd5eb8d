// Blanks comments and string literals with spaces, keeping every newline and offset, so that a
// short slice (an object literal after `module.exports =`) can be read for its keys without a
// brace or comma inside a string or comment getting in the way. One pass over the characters. Regular expression literals are not
// recognised (a quote inside one may blank the rest of its line; a backtick, more).

const SPACE = 32;
const NEWLINE = 10;

function blank(out: Uint16Array, from: number, to: number): void {
  for (let i = from; i < to; i += 1) if (out[i] !== NEWLINE) out[i] = SPACE;
}

function decode(out: Uint16Array): string {
  // String.fromCharCode over chunks: far faster than joining characters one by one.
  let text = '';
  for (let i = 0; i < out.length; i += 8192)
    text += String.fromCharCode.apply(null, out.subarray(i, i + 8192) as unknown as number[]);
  return text;
}

function codes(text: string): Uint16Array {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
  return out;
}

/** JavaScript and TypeScript: // and /* comments, '…', "…" and `…` strings. */
export function maskJavaScript(text: string): string {
  if (!/['"`]|\/[/*]/.test(text)) return text;
  const c = codes(text);
  const n = c.length;
  let i = 0;
  while (i < n) {
    const ch = c[i]!;
    if (ch === 47 /* / */ && c[i + 1] === 47) {
      let j = i + 2;
      while (j < n && c[j] !== NEWLINE) j += 1;
      blank(c, i, j);
      i = j;
    } else if (ch === 47 && c[i + 1] === 42 /* * */) {
      let j = i + 2;
      while (j < n && !(c[j] === 42 && c[j + 1] === 47)) j += 1;
      j = Math.min(n, j + 2);
      blank(c, i, j);
      i = j;
    } else if (ch === 39 /* ' */ || ch === 34 /* " */ || ch === 96 /* ` */) {
      let j = i + 1;
      while (j < n && c[j] !== ch && (ch === 96 || c[j] !== NEWLINE))
        j += c[j] === 92 /* \ */ ? 2 : 1;
      j = Math.min(n, j + 1);
      blank(c, i + 1, j - 1);
      i = j;
    } else {
      i += 1;
    }
  }
  return decode(c);
}
