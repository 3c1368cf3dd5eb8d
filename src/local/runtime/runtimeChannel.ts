// The Runtime API over a socket pair (the runtime's fd 3), for the bootstraps we ship: the same
// requests as over HTTP (runtimeApiHttp.ts), framed (runtimeFrames.ts), so a warm invocation costs
// two small writes each way instead of two HTTP exchanges on loopback TCP. Custom runtimes never
// see it: they get AWS_LAMBDA_RUNTIME_API, which stays served for every environment.
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';
import { isStreamedResponse, type RuntimeRequestHandler } from './runtimeApi';
import { encodeFrame, FrameReader, type Frame } from './runtimeFrames';

interface RequestHead {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, unknown>;
}

/** The file descriptor our bootstraps find the channel on (named in LAMBDA_LENS_RUNTIME_CHANNEL_FD). */
export const RUNTIME_CHANNEL_FD = 3;
const NEXT_PATH = '/2018-06-01/runtime/invocation/next';

/**
 * A streamed response over the channel: its request frame (with Lambda-Runtime-Function-Response-
 * Mode: streaming) opens it, frames with head {id, chunk: true} carry its bytes, and one with head
 * {id, end: true, trailers} ends it; its answer comes after that, as over HTTP.
 */
interface OpenStream {
  readonly body: Readable;
  trailers: Record<string, string | undefined>;
}

export class RuntimeChannel {
  private readonly reader = new FrameReader(SYNC_PAYLOAD_MAX_BYTES, (frame) => this.receive(frame));
  /** Close listeners of requests not answered yet (a parked /next). */
  private readonly waiting = new Set<() => void>();
  /**
   * Answers that hand over no invocation (the 202 to a posted result): our bootstraps ask for the
   * next invocation in the same write as the result and do not wait for them, so they are held until
   * the next invocation or the next timer tick. Written at once, each would wake the function while
   * the endpoint still has the invoke's answer to send, and on a busy machine the woken function
   * takes the CPU from it. While the runtime has a /next waiting, nothing it waits for is held up
   * by them, so they stay held until that /next is answered (one write, one wake-up per invocation).
   */
  private held: Buffer[] = [];
  /** Requests for the next invocation not answered yet. */
  private parkedNext = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  /**
   * True while a chunk from the runtime is read: what it holds back is decided once all its frames
   * are read (a result and the /next after it come in one chunk, and then nothing needs a timer).
   */
  private reading = false;
  private readonly streams = new Map<number, OpenStream>();

  constructor(
    private readonly socket: Socket,
    private readonly api: RuntimeRequestHandler,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.reading = true;
      try {
        this.reader.push(chunk);
      } catch {
        socket.destroy(); // not our framing: nothing more from this runtime can be read
      } finally {
        this.reading = false;
      }
      if (this.held.length) this.holdUntilLater();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      for (const listener of this.waiting) listener();
      this.waiting.clear();
      for (const stream of this.streams.values()) stream.body.destroy();
      this.streams.clear();
    });
  }

  close(): void {
    clearTimeout(this.flushTimer);
    this.socket.destroy();
  }

  private send(frame: Buffer, now: boolean): void {
    this.held.push(frame);
    if (now) this.flush();
    else if (!this.reading) this.holdUntilLater();
  }

  /**
   * Held answers wait for the next invocation while the runtime has a /next waiting (it waits for
   * nothing else), else for the next timer tick. No timer is armed while a /next waits: one per
   * invocation would wake the endpoint a millisecond later for nothing.
   */
  private holdUntilLater(): void {
    if (this.parkedNext > 0) return;
    this.flushTimer ??= setTimeout(() => {
      if (this.parkedNext === 0) this.flush();
      else this.flushTimer = undefined;
    }, 0).unref();
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const frames = this.held;
    this.held = [];
    if (this.socket.destroyed) return;
    // One buffer, one write: a stream's corked writev path costs more JavaScript than the copy.
    this.socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
  }

  private receive({ head, body, bodyLength }: Frame): void {
    if (isStreamFrame(head)) return this.receiveStreamFrame(head, body);
    if (!isRequestHead(head)) throw new Error('malformed Runtime API frame');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(head.headers))
      if (typeof value === 'string') headers[name.toLowerCase()] = value;
    const { waiting } = this;
    let closeListener: (() => void) | undefined;
    let stream: OpenStream | undefined;
    const isNext = head.path === NEXT_PATH;
    if (isNext) this.parkedNext++;
    if (isStreamedResponse(head.method, head.path, headers) && !this.streams.has(head.id)) {
      // The body's own flow control pauses the socket: a push it refuses (the caller is behind, so
      // the body is paused and fills up) stops reading, and its next read() resumes it. Pausing the
      // socket on the body's 'pause' as well would bypass that: a read() already asked for and
      // not yet answered is never asked again, so the socket would stay paused and the stream stall.
      const opened: OpenStream = {
        body: new Readable({
          read: () => {
            this.socket.resume();
          },
        }),
        trailers: {},
      };
      stream = opened;
      this.streams.set(head.id, opened);
    }
    this.api.handle(
      {
        method: head.method,
        path: head.path,
        headers,
        body: stream ? undefined : body,
        size: stream ? 0 : bodyLength,
        ...(stream ? { stream: { body: stream.body, trailers: () => stream.trailers } } : {}),
      },
      {
        respond: (status, responseHeaders, payload) => {
          if (closeListener) waiting.delete(closeListener);
          if (isNext) this.parkedNext--;
          this.send(
            encodeFrame({ id: head.id, status, headers: responseHeaders }, payload),
            isNext,
          );
        },
        onClose(listener) {
          closeListener = listener;
          waiting.add(listener);
        },
      },
    );
  }

  private receiveStreamFrame(head: StreamFrameHead, body: Buffer | undefined): void {
    const stream = this.streams.get(head.id);
    if (!stream) return;
    if (head.end) {
      this.streams.delete(head.id);
      for (const [name, value] of Object.entries(head.trailers ?? {}))
        if (typeof value === 'string') stream.trailers[name.toLowerCase()] = value;
      stream.body.push(null);
      return;
    }
    if (body?.length && !stream.body.push(body)) this.socket.pause();
  }
}

interface StreamFrameHead {
  readonly id: number;
  readonly chunk?: true;
  readonly end?: true;
  readonly trailers?: Record<string, unknown>;
}

function isStreamFrame(head: unknown): head is StreamFrameHead {
  const h = head as Partial<StreamFrameHead> | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    typeof h.id === 'number' &&
    (h.chunk === true || h.end === true) &&
    (h.trailers === undefined || (typeof h.trailers === 'object' && h.trailers !== null))
  );
}

function isRequestHead(head: unknown): head is RequestHead {
  const h = head as Partial<RequestHead> | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    typeof h.id === 'number' &&
    typeof h.method === 'string' &&
    typeof h.path === 'string' &&
    typeof h.headers === 'object' &&
    h.headers !== null
  );
}
