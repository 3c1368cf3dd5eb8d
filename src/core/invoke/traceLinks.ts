// Where a text names a file and line the way stack traces do, for links in the editor: Node's
// `at f (PATH:LINE:COL)` and `at PATH:LINE:COL`, and Python's `File "PATH", line N`; PATH absolute
// (POSIX or Windows), possibly inside a JSON string (backslashes doubled). The editor detects only
// URLs in a document by itself, so a result document gets these as links.

export interface TraceLink {
  /** The span of the text that is the link: the path and its line (and column). */
  readonly start: number;
  readonly end: number;
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

// An absolute path: a POSIX root, a drive letter (its backslash maybe JSON-escaped), a UNC share.
const ABSOLUTE = String.raw`(?:\/|[A-Za-z]:(?:\\\\|[\\/])|\\\\\\\\|\\\\(?!\\))`;
// Paths are at most 4,096 characters: a long line without a frame costs linear time, not quadratic.
const FRAME_IN_PARENS = new RegExp(
  String.raw`\((${ABSOLUTE}[^()"\n]{0,4096}?):(\d+)(?::(\d+))?\)`,
  'g',
);
const FRAME_BARE = new RegExp(
  String.raw`(?:^|["\s])at (?:async )?(${ABSOLUTE}[^()"\n]{0,4096}?):(\d+)(?::(\d+))?(?=\s*$|\\?["',])`,
  'gm',
);
const PYTHON_FRAME = new RegExp(
  String.raw`File \\?"(${ABSOLUTE}[^"\n]{0,4096}?)\\?", line (\d+)`,
  'g',
);

export function findTraceLinks(text: string): TraceLink[] {
  const links: TraceLink[] = [];
  for (const pattern of [FRAME_IN_PARENS, FRAME_BARE, PYTHON_FRAME]) {
    for (const match of text.matchAll(pattern)) {
      const written = match[1]!;
      const start = match.index + match[0].indexOf(written);
      const python = pattern === PYTHON_FRAME;
      const end = python
        ? match.index + match[0].length
        : start + written.length + 1 + match[2]!.length + (match[3] ? 1 + match[3].length : 0);
      const file = written.includes('\\\\') ? written.replace(/\\\\/g, '\\') : written;
      links.push({
        start,
        end,
        file,
        line: Number(match[2]),
        ...(match[3] ? { column: Number(match[3]) } : {}),
      });
    }
  }
  return links.sort((a, b) => a.start - b.start);
}
