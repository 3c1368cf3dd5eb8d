// Real debuggers for the debug tests: a Chrome DevTools Protocol client over a WebSocket (what
// VS Code's js-debug and Chrome DevTools speak to Node's inspector) and a Debug Adapter Protocol
// client over TCP (what VS Code and nvim-dap speak to debugpy). Both are small on purpose: Node 20
// has no WebSocket client without a flag, and the project has no dependency for one.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { get } from 'node:http';

export { freePort } from '../support/freePort';

/** Whether something accepts connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The inspector's WebSocket URL once Node listens on the port (its /json/list answers). */
export async function inspectorUrl(port: number, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const url = await new Promise<string | undefined>((resolve) => {
      const req = get({ host: '127.0.0.1', port, path: '/json/list' }, (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (c: string) => {
            text += c;
          })
          .on('end', () => {
            try {
              resolve(
                (JSON.parse(text) as { webSocketDebuggerUrl?: string }[])[0]?.webSocketDebuggerUrl,
              );
            } catch {
              resolve(undefined);
            }
          });
      });
      req.on('error', () => resolve(undefined));
    });
    if (url) return url;
    if (Date.now() > until) throw new Error(`No inspector on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Listener = (message: Record<string, unknown>) => void;

/** Messages read off a stream, handed to whoever waits for them; the rest are kept in order. */
class Mailbox {
  private readonly kept: Record<string, unknown>[] = [];
  private readonly waiting = new Set<{
    match: (m: Record<string, unknown>) => boolean;
    listener: Listener;
    fail: (error: Error) => void;
  }>();
  private closed = false;

  /** The connection closed: nothing more will come. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting) waiter.fail(new Error('the debugger connection closed'));
    this.waiting.clear();
  }

  put(message: Record<string, unknown>): void {
    for (const waiter of this.waiting) {
      if (waiter.match(message)) {
        this.waiting.delete(waiter);
        waiter.listener(message);
        return;
      }
    }
    this.kept.push(message);
  }

  take(
    what: string,
    match: (m: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<Record<string, unknown>> {
    const at = this.kept.findIndex(match);
    if (at >= 0) return Promise.resolve(this.kept.splice(at, 1)[0]!);
    if (this.closed)
      return Promise.reject(new Error(`the debugger connection closed before ${what}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(waiter);
        reject(
          new Error(
            `Timed out waiting for ${what}; received: ${JSON.stringify(this.kept).slice(0, 2000)}`,
          ),
        );
      }, timeoutMs);
      const waiter = {
        match,
        listener: (m: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(m);
        },
        fail: (error: Error) => {
          clearTimeout(timer);
          reject(new Error(`${error.message} before ${what}`));
        },
      };
      this.waiting.add(waiter);
    });
  }
}

/** A Chrome DevTools Protocol session with Node's inspector, over a minimal RFC 6455 WebSocket. */
export class InspectorClient {
  private readonly mailbox = new Mailbox();
  private nextId = 1;
  private buffered = Buffer.alloc(0);

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => this.mailbox.close());
  }

  static async connect(wsUrl: string): Promise<InspectorClient> {
    const url = new URL(wsUrl);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(
      `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const rest = await new Promise<Buffer>((resolve, reject) => {
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        if (!/^HTTP\/1\.1 101/.test(head.toString('latin1')))
          reject(new Error(`No WebSocket upgrade: ${head.toString('latin1')}`));
        else resolve(head.subarray(end + 4));
      };
      socket.on('data', onData);
      socket.once('error', reject);
    });
    const client = new InspectorClient(socket);
    if (rest.length) client.read(rest);
    return client;
  }

  /** Sends a command and resolves with its result (rejects with its error). */
  async send(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = 20_000,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.writeFrame(JSON.stringify({ id, method, params }));
    const answer = await this.mailbox.take(
      `the answer to ${method}`,
      (m) => m.id === id,
      timeoutMs,
    );
    if (answer.error) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
    return answer.result as Record<string, unknown>;
  }

  /** The next event of this name (one that arrived earlier counts). */
  async event(method: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    return (await this.mailbox.take(method, (m) => m.method === method, timeoutMs))
      .params as Record<string, unknown>;
  }

  close(): void {
    this.socket.destroy();
  }

  /** A client's frames are masked text frames, FIN set. */
  private writeFrame(text: string): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const length =
      payload.length < 126
        ? Buffer.from([0x81, 0x80 | payload.length])
        : payload.length < 65536
          ? Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255])
          : Buffer.concat([
              Buffer.from([0x81, 0x80 | 127]),
              (() => {
                const b = Buffer.alloc(8);
                b.writeBigUInt64BE(BigInt(payload.length));
                return b;
              })(),
            ]);
    for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    this.socket.write(Buffer.concat([length, mask, payload]));
  }

  /** The server's frames are unmasked; the inspector sends whole text frames. */
  private read(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      if (this.buffered.length < 2) return;
      let length = this.buffered[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffered.length < 4) return;
        length = this.buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffered.length < 10) return;
        length = Number(this.buffered.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffered.length < offset + length) return;
      const opcode = this.buffered[0]! & 0x0f;
      const payload = this.buffered.subarray(offset, offset + length);
      this.buffered = this.buffered.subarray(offset + length);
      if (opcode === 1)
        this.mailbox.put(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
    }
  }
}

/** A Debug Adapter Protocol session with debugpy: Content-Length framed JSON over TCP. */
export class DapClient {
  private readonly mailbox = new Mailbox();
  private seq = 1;
  private buffered = Buffer.alloc(0);

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => this.mailbox.close());
  }

  static async connect(port: number, timeoutMs = 20_000): Promise<DapClient> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const socket = connect(port, '127.0.0.1');
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('error', () => resolve(false));
      });
      if (ok) return new DapClient(socket);
      if (Date.now() > until) throw new Error(`Nothing listens on 127.0.0.1:${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends a request; resolves with the response once it arrives (it may come after events). */
  request(
    command: string,
    args: Record<string, unknown> = {},
  ): { response: Promise<Record<string, unknown>> } {
    const seq = this.seq++;
    const body = Buffer.from(JSON.stringify({ seq, type: 'request', command, arguments: args }));
    this.socket.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    const response = this.mailbox
      .take(
        `the response to ${command}`,
        (m) => m.type === 'response' && m.request_seq === seq,
        30_000,
      )
      .then((m) => {
        if (m.success !== true) throw new Error(`${command} failed: ${JSON.stringify(m)}`);
        return (m.body ?? {}) as Record<string, unknown>;
      });
    response.catch(() => {}); // awaited by the caller; not an unhandled rejection meanwhile
    return { response };
  }

  async event(name: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return ((
      await this.mailbox.take(
        `the ${name} event`,
        (m) => m.type === 'event' && m.event === name,
        timeoutMs,
      )
    ).body ?? {}) as Record<string, unknown>;
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const headEnd = this.buffered.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(this.buffered.toString('latin1', 0, headEnd))?.[1],
      );
      if (this.buffered.length < headEnd + 4 + length) return;
      const body = this.buffered.subarray(headEnd + 4, headEnd + 4 + length);
      this.buffered = this.buffered.subarray(headEnd + 4 + length);
      this.mailbox.put(JSON.parse(body.toString('utf8')) as Record<string, unknown>);
    }
  }
}
