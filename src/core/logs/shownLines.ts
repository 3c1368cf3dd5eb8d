// The lines a follow has shown lately, so that a read of the same span again (the lines missed
// while a Live Tail session was started again) shows only those not shown yet. A line is known by
// its stream, time and message; identical lines by how many of them were shown. Memory is bounded
// and holds no line: the last `capacity` lines are kept as their time and a 64-bit fingerprint of
// the three (two independent 32-bit hashes) in typed arrays. Holding the lines themselves kept
// 20,000 objects and their messages alive past the young generation, and the garbage collections
// that copied them were the longest pauses of an editor following a busy function. Two different
// lines share a fingerprint by chance about once in 2^64 pairs: a re-read of 20,000 lines against
// 20,000 shown risks hiding one line in some 10^10 restarts. (The hashes are fast, not secret: a
// function could craft a line to match one it printed, and so hide a line it need not print.)
// `rememberedFrom` says from which time on every line shown is still known, so that a re-read
// never reaches back past it.
export interface ShownKey {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
}

export class ShownLines {
  private readonly times: Float64Array;
  private readonly hashesA: Int32Array;
  private readonly hashesB: Int32Array;
  /** The slot of the oldest line held, and how many are held. */
  private head = 0;
  private count = 0;
  private newestTimestamp = -Infinity;
  private forgottenUpTo = -Infinity;
  /** The hash state after the last stream's name: lines come in runs of one stream. */
  private lastStream: string | undefined;
  private streamA = 0;
  private streamB = 0;
  /** The two hashes being made (FNV-1a, and a multiplicative one), without an array per line. */
  private a = 0;
  private b = 0;

  constructor(private readonly capacity = 20_000) {
    this.times = new Float64Array(capacity);
    this.hashesA = new Int32Array(capacity);
    this.hashesB = new Int32Array(capacity);
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
      this.fingerprint(line);
      let slot: number;
      if (this.count < this.capacity) {
        slot = (this.head + this.count++) % this.capacity;
      } else {
        slot = this.head;
        if (this.times[slot]! > this.forgottenUpTo) this.forgottenUpTo = this.times[slot]!;
        this.head = (this.head + 1) % this.capacity;
      }
      this.times[slot] = line.timestamp;
      this.hashesA[slot] = this.a;
      this.hashesB[slot] = this.b;
      if (line.timestamp > this.newestTimestamp) this.newestTimestamp = line.timestamp;
    }
  }

  /** A re-read's lines that were not shown yet (the n-th of identical lines only past the n shown). */
  unseen<T extends ShownKey>(reread: readonly T[], occurrences = new Map<string, number>()): T[] {
    const counts = new Map<string, number>();
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) % this.capacity;
      const key = `${this.hashesA[slot]},${this.hashesB[slot]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return reread.filter((line) => {
      this.fingerprint(line);
      const key = `${this.a | 0},${this.b | 0}`;
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      return n > (counts.get(key) ?? 0);
    });
  }

  /** Leaves the line's fingerprint in `a` and `b`. */
  private fingerprint(line: ShownKey): void {
    if (line.logStreamName !== this.lastStream) {
      this.lastStream = line.logStreamName;
      this.a = 0x811c9dc5 | 0;
      this.b = 0x9747b28c | 0;
      this.mixText(line.logStreamName);
      this.streamA = this.a;
      this.streamB = this.b;
    }
    this.a = this.streamA;
    this.b = this.streamB;
    this.mixNumber(line.timestamp);
    this.mixText(line.message);
  }

  /** Each part's length goes in after it, so that "ab" + "c" and "a" + "bc" differ. */
  private mixText(text: string): void {
    let { a, b } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.a = a;
    this.b = b;
    this.mixNumber(text.length);
  }

  /** A number's low and high 32 bits (a time in ms needs 41). */
  private mixNumber(n: number): void {
    const low = n >>> 0;
    const high = Math.floor(n / 0x100000000) >>> 0;
    let { a, b } = this;
    a = Math.imul(a ^ low, 0x01000193);
    a = Math.imul(a ^ high, 0x01000193);
    b = Math.imul(b + low, 0x5bd1e995);
    b ^= b >>> 13;
    b = Math.imul(b + high, 0x5bd1e995);
    b ^= b >>> 15;
    this.a = a;
    this.b = b;
  }
}
