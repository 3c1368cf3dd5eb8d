// The end of one invocation's log, for Invoke's LogType Tail (X-Amz-Log-Result: the last 4 KB,
// base64). Lines go to the log store as they come; this keeps only enough of the last ones to
// make those 4 KB, however much the function prints.
import { TAIL_LOG_MAX_BYTES } from '../../core/limits';

export class TailLog {
  private readonly lines: string[] = [];
  /** Characters held, newlines included: never fewer than the bytes they make, so enough is kept. */
  private chars = 0;

  add(line: string): void {
    const kept = line.length > TAIL_LOG_MAX_BYTES ? line.slice(-TAIL_LOG_MAX_BYTES) : line;
    this.lines.push(kept);
    this.chars += kept.length + 1;
    while (
      this.lines.length > 1 &&
      this.chars - (this.lines[0]!.length + 1) >= TAIL_LOG_MAX_BYTES
    ) {
      this.chars -= this.lines.shift()!.length + 1;
    }
  }

  /** The last 4 KB of the lines, each ended by a newline, in base64. */
  base64(): string {
    const text = Buffer.from(`${this.lines.join('\n')}\n`);
    return text.subarray(Math.max(0, text.length - TAIL_LOG_MAX_BYTES)).toString('base64');
  }
}
