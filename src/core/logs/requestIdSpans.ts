// Where a text names request ids (UUIDs in lowercase hex), for links in a log document of a few
// megabytes, asked for after every redraw. A regular expression tried at every position took
// 120 ms over 2 MB on a loaded machine; this looks only around each hyphen, where a UUID's first
// group ends, and checks the shape by character codes.
const GROUPS = [8, 4, 4, 4, 12] as const;
const UUID_LENGTH = 36;

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102);
}

/** Letters, digits and `_`: a UUID inside a longer word is not one. */
function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95
  );
}

function uuidAt(text: string, start: number): boolean {
  if (start < 0 || start + UUID_LENGTH > text.length) return false;
  if (start > 0 && isWordCode(text.charCodeAt(start - 1))) return false;
  if (start + UUID_LENGTH < text.length && isWordCode(text.charCodeAt(start + UUID_LENGTH)))
    return false;
  let at = start;
  for (let g = 0; g < GROUPS.length; g++) {
    if (g > 0 && text.charCodeAt(at++) !== 45) return false;
    for (let i = 0; i < GROUPS[g]!; i++) if (!isHex(text.charCodeAt(at++))) return false;
  }
  return true;
}

/** The start of each request id in `text`, in order. */
export function requestIdStarts(text: string): number[] {
  const starts: number[] = [];
  let hyphen = text.indexOf('-', 8);
  while (hyphen !== -1) {
    const start = hyphen - 8;
    if (uuidAt(text, start)) {
      starts.push(start);
      hyphen = text.indexOf('-', start + UUID_LENGTH);
    } else {
      hyphen = text.indexOf('-', hyphen + 1);
    }
  }
  return starts;
}
