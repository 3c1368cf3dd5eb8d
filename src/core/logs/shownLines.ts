// The lines a follow has shown lately, so that a read of the same span again (the lines missed
// while a Live Tail session was started again) shows only those not shown yet. A line is known by
// its stream, time and message; identical lines by how many of them were shown. Lines older than
// the window are forgotten: no re-read reaches back that far.
export interface ShownKey {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
}

const keyOf = (line: ShownKey) => `${line.logStreamName}\u0000${line.timestamp}\u0000${line.message}`;

export class ShownLines {
  private readonly counts = new Map<string, { count: number; timestamp: number }>();
  private newestTimestamp = -Infinity;

  constructor(private readonly windowMs: number) {}

  get newest(): number {
    return this.newestTimestamp;
  }

  record(lines: readonly ShownKey[]): void {
    for (const line of lines) {
      const key = keyOf(line);
      const entry = this.counts.get(key);
      if (entry) entry.count++;
      else this.counts.set(key, { count: 1, timestamp: line.timestamp });
      if (line.timestamp > this.newestTimestamp) this.newestTimestamp = line.timestamp;
    }
    if (this.counts.size > 4096) this.forgetOld();
  }

  /** A re-read's lines that were not shown yet (the n-th of identical lines only past the n shown). */
  unseen<T extends ShownKey>(reread: readonly T[], occurrences = new Map<string, number>()): T[] {
    return reread.filter((line) => {
      const key = keyOf(line);
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      return n > (this.counts.get(key)?.count ?? 0);
    });
  }

  private forgetOld(): void {
    const cutoff = this.newestTimestamp - this.windowMs;
    for (const [key, entry] of this.counts) if (entry.timestamp < cutoff) this.counts.delete(key);
  }
}
