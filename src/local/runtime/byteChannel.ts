// Bytes handed from a producer (a runtime's streamed response, as the transport reads it) to one
// consumer (the caller's HTTP reply), as they come. It holds at most about HIGH_WATER_BYTES: past
// that, push() says so and the producer pauses until `onDrain`. A consumer that stops (the caller
// went away) makes further pushes vanish, so the producer never waits for nobody: on Lambda too the
// function runs on when its caller goes (DG "Response streaming": "streamed responses are not
// interrupted or stopped when the invoking client connection is broken").
const HIGH_WATER_BYTES = 1024 * 1024;

export class ByteChannel implements AsyncIterable<Buffer> {
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private ended = false;
  private abandoned = false;
  private wake: (() => void) | undefined;
  /** Called when the consumer took what was held (after a push() that returned false). */
  onDrain: () => void = () => {};

  /** False when the producer should wait for onDrain. */
  push(chunk: Buffer): boolean {
    if (this.ended || this.abandoned || chunk.length === 0) return true;
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    this.notify();
    return this.queuedBytes < HIGH_WATER_BYTES;
  }

  /** No more bytes (idempotent); what is held is still read. */
  close(): void {
    this.ended = true;
    this.notify();
  }

  get closed(): boolean {
    return this.ended;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        if (this.queue.length) {
          const chunk = this.queue.shift()!;
          this.queuedBytes -= chunk.length;
          if (this.queuedBytes === 0) this.onDrain();
          yield chunk;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      // Left early (the consumer went away): drop what is held and whatever comes.
      if (this.queue.length || !this.ended) {
        this.abandoned = true;
        this.queue = [];
        this.queuedBytes = 0;
        this.onDrain();
      }
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
