// A token bucket: at most `ratePerSecond` requests per second on average, bursts up to `burst`.
// Keeps listing many regions at once inside Lambda's control-plane budget (15 requests/s per
// account and region) instead of provoking throttling. The clock is injectable for tests.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Milliseconds to wait before the next request may go (0: now); takes the token. */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
    );
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }
}
