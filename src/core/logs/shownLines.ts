// The lines a follow has shown lately, so that a read of the same span again (the lines missed
// while a Live Tail session was started again) shows only those not shown yet. A line is known by
// its stream, time and message; identical lines by how many of them were shown. Memory is bounded:
// past `capacity` lines the earliest shown are forgotten, and `rememberedFrom` says from which time
// on every line shown is still known, so that a re-read never reaches back past it.
export interface ShownKey {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
}

const keyOf = (line: ShownKey) => `${line.logStreamName}\u0000${line.timestamp}\u0000${line.message}`;

export class ShownLines {
  private readonly counts = new Map<string, { count: number; timestamp: number }>();
  private newestTimestamp = -Infinity;
  private forgottenUpTo = -Infinity;

  constructor(private readonly capacity = 20_000) {}

  /** The newest timestamp shown (-Infinity before any). */
  get newest(): number {
    return this.newestTimestamp;
  }

  /** Every line shown with a timestamp from here on is remembered. */
  get rememberedFrom(): number {
    return this.forgottenUpTo + 1;
  }

  record(lines: readonly ShownKey[]): void {
    for (const line of lines) {
      const key = keyOf(line);
      const entry = this.counts.get(key);
      if (entry) entry.count++;
      else this.counts.set(key, { count: 1, timestamp: line.timestamp });
      if (line.timestamp > this.newestTimestamp) this.newestTimestamp = line.timestamp;
    }
    for (const [key, entry] of this.counts) {
      if (this.counts.size <= this.capacity) break;
      this.forgottenUpTo = Math.max(this.forgottenUpTo, entry.timestamp);
      this.counts.delete(key);
    }
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
}
