// The frames that carry Runtime API requests and answers over a socket pair between the endpoint
// and the bootstraps we ship (runtimeChannel.ts; node-bootstrap.js and python-bootstrap.py write
// and read the same format). A frame is
//   u32 BE head length | u32 BE body length | head (UTF-8 JSON) | body (bytes)
// with a request's head {id, method, path, headers} and an answer's head {id, status, headers}:
// an HTTP exchange without HTTP's parsing and with one write each way.

export interface Frame {
  readonly head: unknown;
  /** Undefined when the body was larger than the reader's limit (it was read and dropped). */
  readonly body: Buffer | undefined;
  readonly bodyLength: number;
}

const PREFIX_BYTES = 8;

export function encodeFrame(head: unknown, body: Buffer): Buffer {
  const headBytes = Buffer.from(JSON.stringify(head));
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + headBytes.length + body.length);
  frame.writeUInt32BE(headBytes.length, 0);
  frame.writeUInt32BE(body.length, 4);
  headBytes.copy(frame, PREFIX_BYTES);
  body.copy(frame, PREFIX_BYTES + headBytes.length);
  return frame;
}

/** Splits a byte stream into frames; bodies over `maxBodyBytes` are dropped as they arrive, not kept. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private available = 0;
  private head: unknown;
  private bodyLength = -1;
  private dropping = 0;

  constructor(
    private readonly maxBodyBytes: number,
    private readonly onFrame: (frame: Frame) => void,
  ) {}

  /** Throws on a head that is not JSON: the stream cannot be trusted after that. */
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.available += chunk.length;
    for (;;) {
      if (this.dropping > 0) {
        const dropped = this.drop(this.dropping);
        this.dropping -= dropped;
        if (this.dropping > 0) return;
        this.emit(undefined);
        continue;
      }
      if (this.bodyLength < 0) {
        if (this.available < PREFIX_BYTES) return;
        const prefix = this.peek(PREFIX_BYTES);
        const headLength = prefix.readUInt32BE(0);
        const bodyLength = prefix.readUInt32BE(4);
        if (this.available < PREFIX_BYTES + headLength) return;
        this.take(PREFIX_BYTES);
        this.head = JSON.parse(this.take(headLength).toString('utf8'));
        this.bodyLength = bodyLength;
        if (bodyLength > this.maxBodyBytes) this.dropping = bodyLength;
        continue;
      }
      if (this.available < this.bodyLength) return;
      this.emit(this.take(this.bodyLength));
    }
  }

  private emit(body: Buffer | undefined): void {
    const frame: Frame = { head: this.head, body, bodyLength: this.bodyLength };
    this.head = undefined;
    this.bodyLength = -1;
    this.onFrame(frame);
  }

  /** The first n bytes, left in place. */
  private peek(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks, this.available)];
    return this.chunks[0]!.subarray(0, n);
  }

  /** The first n bytes (n <= available), removed; copied only when they span chunks. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.peek(n);
    const rest = this.chunks[0]!.subarray(n);
    if (rest.length) this.chunks[0] = rest;
    else this.chunks.shift();
    this.available -= n;
    return first;
  }

  /** Removes up to n bytes; returns how many. */
  private drop(n: number): number {
    let dropped = 0;
    while (dropped < n && this.chunks.length) {
      const first = this.chunks[0]!;
      const count = Math.min(first.length, n - dropped);
      if (count === first.length) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      dropped += count;
    }
    this.available -= dropped;
    return dropped;
  }
}
