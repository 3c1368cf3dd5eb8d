// When a log document may be redrawn next. A content provider's document above VS Code's diff
// limit (100,000 characters) is replaced whole at every redraw: the extension host serializes the
// text, the window applies it, and the extension host deserializes the change and splits it into
// lines. A window that takes T to apply a redraw gets T again before the next (and never less
// than the minimum interval), so that a firehose keeps the window and the extension host busy
// with redraws at most half the time, leaving the rest of both to the user (the two share the
// machine's cores), and a small document still redraws at the minimum interval.
export class RedrawPace {
  private readonly sent = new Map<string, number>();
  private readonly notBefore = new Map<string, number>();

  constructor(private readonly minIntervalMs: number) {}

  /** A redraw of `key` went out at `now`. */
  sentAt(key: string, now: number): void {
    this.sent.set(key, now);
    this.notBefore.set(key, now + this.minIntervalMs);
  }

  /** The window applied the last redraw of `key` at `now`. */
  applied(key: string, now: number): void {
    const sent = this.sent.get(key);
    if (sent === undefined) return;
    this.sent.delete(key);
    this.notBefore.set(key, now + Math.max(this.minIntervalMs, now - sent));
  }

  /** The window did not answer the last redraw of `key` (it found the text unchanged): the minimum interval applies. */
  unanswered(key: string): void {
    this.sent.delete(key);
  }

  /** Milliseconds until `key` may be redrawn (0: now). */
  waitFor(key: string, now: number): number {
    return Math.max(0, (this.notBefore.get(key) ?? 0) - now);
  }

  forget(key: string): void {
    this.sent.delete(key);
    this.notBefore.delete(key);
  }
}
