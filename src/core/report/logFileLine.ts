// Where the message starts in a line of a log file given to `lambda-lens report FILE`: the
// messages themselves (what FilterLogEvents returns), or `aws logs tail`'s lines, which put the
// event's time and, unless `--format short`, its stream before it, each followed by one space.
// Only that prefix is passed over, so a REPORT the function printed inside its own message (after
// a console.log's timestamp, request id and level, or after any other words) is never taken for
// the platform's.

// `2025-01-01T00:00:00.123000+00:00 2025/01/01/[$LATEST]0123…abcdef `: a Lambda stream name has
// no white space; the time comes as the AWS CLI prints it, or in any ISO 8601 form close to it.
const TAIL_PREFIX =
  /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)? (?:\d{4}\/\d\d\/\d\d\/\[[^\]\s]*\]\S* )?/y;

/** The offset of the message in `line`: after an `aws logs tail` prefix, else 0. */
export function logFileMessageStart(line: string): number {
  const first = line.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return 0; // a digit: the only lines that may carry the prefix
  TAIL_PREFIX.lastIndex = 0;
  return TAIL_PREFIX.test(line) ? TAIL_PREFIX.lastIndex : 0;
}
