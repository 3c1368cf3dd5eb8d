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
  private readonly counts = new Map<string, number>();
  /** The keys in the order shown, a ring of `capacity`: the oldest is forgotten first. */
  private readonly ring: string[];
  private readonly ringTimes: Float64Array;
  private next = 0;
  private newestTimestamp = -Infinity;
  private forgottenUpTo = -Infinity;

  constructor(private readonly capacity = 20_000) {
    this.ring = new Array<string>(capacity);
    this.ringTimes = new Float64Array(capacity);
  }

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
      const old = this.ring[this.next];
      if (old !== undefined) {
        this.forgottenUpTo = Math.max(this.forgottenUpTo, this.ringTimes[this.next]!);
        const left = this.counts.get(old)! - 1;
        if (left > 0) this.counts.set(old, left);
        else this.counts.delete(old);
      }
      const key = keyOf(line);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.ring[this.next] = key;
      this.ringTimes[this.next] = line.timestamp;
      this.next = (this.next + 1) % this.capacity;
      if (line.timestamp > this.newestTimestamp) this.newestTimestamp = line.timestamp;
    }
  }

  /** A re-read's lines that were not shown yet (the n-th of identical lines only past the n shown). */
  unseen<T extends ShownKey>(reread: readonly T[], occurrences = new Map<string, number>()): T[] {
    return reread.filter((line) => {
      const key = keyOf(line);
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      return n > (this.counts.get(key) ?? 0);
    });
  }
}
