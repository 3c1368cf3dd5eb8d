// The lines a follow has shown lately, so that a read of the same span again (the lines missed
// while a Live Tail session was started again) shows only those not shown yet. A line is known by
// its stream, time and message; identical lines by how many of them were shown. Memory is bounded:
// the last `capacity` lines, of at most `maxChars` characters in all, are held (as the objects
// shown, so that showing costs no copy), and
// `rememberedFrom` says from which time on every line shown is still known, so that a re-read never
// reaches back past it. The keys are made only when a re-read asks, which is rare.
export interface ShownKey {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
}

const keyOf = (line: ShownKey) => `${line.logStreamName}\u0000${line.timestamp}\u0000${line.message}`;

export class ShownLines {
  /** The lines in the order shown, from `head` on: the oldest is forgotten first. */
  private held: ShownKey[] = [];
  private head = 0;
  private chars = 0;
  private newestTimestamp = -Infinity;
  private forgottenUpTo = -Infinity;

  constructor(private readonly capacity = 20_000, private readonly maxChars = 8 * 1024 * 1024) {}

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
      this.held.push(line);
      this.chars += line.message.length;
      if (line.timestamp > this.newestTimestamp) this.newestTimestamp = line.timestamp;
    }
    while (this.held.length - this.head > this.capacity || (this.chars > this.maxChars && this.held.length - this.head > 1)) {
      const old = this.held[this.head++]!;
      this.chars -= old.message.length;
      if (old.timestamp > this.forgottenUpTo) this.forgottenUpTo = old.timestamp;
    }
    if (this.head > this.capacity) {
      this.held = this.held.slice(this.head);
      this.head = 0;
    }
  }

  /** A re-read's lines that were not shown yet (the n-th of identical lines only past the n shown). */
  unseen<T extends ShownKey>(reread: readonly T[], occurrences = new Map<string, number>()): T[] {
    const counts = new Map<string, number>();
    for (let i = this.head; i < this.held.length; i++) {
      const key = keyOf(this.held[i]!);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return reread.filter((line) => {
      const key = keyOf(line);
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      return n > (counts.get(key) ?? 0);
    });
  }
}
