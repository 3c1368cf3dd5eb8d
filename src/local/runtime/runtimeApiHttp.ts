// The Runtime API over HTTP on its own loopback port, as Lambda serves it: AWS_LAMBDA_RUNTIME_API.
// Custom runtimes (the function's own `bootstrap`) and any code in the function that uses the
// variable talk to this; requests go to runtimeApi.ts once their body is read.
// Whoever takes /next gets the event and whoever posts the answer decides the result, so the port
// serves only its own environment: on Linux each connection is traced to its process before a byte
// of it is read (peerProcess.ts), and every request must name the port as the variable does (a web
// page reaching it by DNS rebinding sends its own host name).
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';
import { isBrowserRequest, isRuntimeApiHost } from '../http/hostCheck';
import { peerInTree, whyPeersUnknown } from '../os/peerProcess';
import {
  isStreamedResponse,
  type RuntimeRequestHandler,
  type RuntimeResponder,
} from './runtimeApi';

/** Who the port is for, and where refusals are told. */
export interface RuntimeApiAccess {
  /** The environment's root process once started: it and its descendants are served. */
  readonly rootPid: () => number | undefined;
  /** The endpoint's own log. */
  readonly log: (line: string) => void;
  /** The environment in log lines, e.g. "my-function (environment 3f2a…)". */
  readonly label: string;
}

const NOT_YOURS =
  "This Runtime API answers only to the processes of its execution environment (the function's runtime and the processes it starts).";
/** A refused connection's answer is sent, then the connection is closed this long after at most. */
const REFUSED_LINGER_MS = 1_000;
/** Refusals are logged at most this often per environment (the rest are counted). */
const REFUSAL_LOG_EVERY_MS = 10_000;

let portableModeTold = false;

export class RuntimeApiHttpServer {
  private server: NetServer | undefined;
  private readonly http: HttpServer;
  /** Connections handed to the HTTP server, closed with it (it tracks only those it accepts itself). */
  private readonly connections = new Set<Socket>();
  private port = 0;
  private access: RuntimeApiAccess | undefined;
  /** Per kind of refusal (connection, Host, browser): how many, and when one was last logged. */
  private readonly refusals = new Map<string, { count: number; loggedAt: number }>();

  constructor(private readonly api: RuntimeRequestHandler) {
    this.http = createHttpServer((req, res) => this.receive(req, res));
    this.http.keepAliveTimeout = 0;
    // A streamed response lasts as long as its function runs (the function's time-out bounds it).
    this.http.requestTimeout = 0;
  }

  async listen(access: RuntimeApiAccess): Promise<string> {
    this.access = access;
    const unknownPeers = whyPeersUnknown();
    if (unknownPeers && !portableModeTold) {
      portableModeTold = true;
      access.log(
        `Runtime API: only the Host header is checked, as ${unknownPeers}: any local process that finds an environment's port can take its invocations.`,
      );
    }
    this.server = createNetServer((socket) => this.accept(socket, !unknownPeers));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `127.0.0.1:${this.port}`;
  }

  close(): void {
    this.server?.close();
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
  }

  /** Runs before anything is read from the connection (the HTTP parser is attached only here). */
  private accept(socket: Socket, checkPeer: boolean): void {
    if (checkPeer) {
      const root = this.access?.rootPid();
      const client = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
      const server = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
      const verdict =
        root === undefined
          ? { inTree: false as const, why: 'a process connecting before the runtime started' }
          : peerInTree(root, client, server);
      if (!verdict.inTree) return this.refuseConnection(socket, verdict.why);
    }
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
    this.http.emit('connection', socket);
  }

  private refuseConnection(socket: Socket, why: string): void {
    this.logRefusal('connection', `refused a connection from ${why}`);
    const body = JSON.stringify({ errorMessage: NOT_YOURS, errorType: 'Forbidden' });
    socket.on('error', () => socket.destroy());
    // Answered at once, unread: an HTTP client reads an early answer. What it sends is read and
    // dropped meanwhile, so that closing does not reset the connection before the answer arrives.
    socket.end(
      `HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    socket.resume();
    setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  }

  private logRefusal(kind: 'connection' | 'host' | 'browser', what: string): void {
    const seen = this.refusals.get(kind) ?? { count: 0, loggedAt: -Infinity };
    this.refusals.set(kind, seen);
    seen.count++;
    const now = performance.now();
    if (now - seen.loggedAt < REFUSAL_LOG_EVERY_MS) return;
    seen.loggedAt = now;
    const count = seen.count > 1 ? ` (${seen.count} such refusals so far)` : '';
    this.access?.log(`Runtime API of ${this.access.label}: ${what}${count}.`);
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const host = req.headers.host;
    if (!isRuntimeApiHost(host, this.port)) {
      this.logRefusal('host', `refused a request with Host ${JSON.stringify(host).slice(0, 100)}`);
      return forbidden(
        req,
        res,
        `This Runtime API accepts only Host 127.0.0.1:${this.port} (the address in AWS_LAMBDA_RUNTIME_API) or localhost:${this.port}.`,
      );
    }
    // A web page reaches this port under its own name, which passes the Host check: where
    // connections cannot be traced to processes, nothing else would stop it taking invocations.
    if (isBrowserRequest(req.headers)) {
      this.logRefusal(
        'browser',
        'refused a request from a web browser (Origin or Sec-Fetch-Site/Dest)',
      );
      return forbidden(
        req,
        res,
        'This Runtime API answers only runtimes: a request from a web browser (it sent Origin or Sec-Fetch-Site/Dest headers) is refused.',
      );
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers))
      headers[name] = Array.isArray(value) ? value[0] : value;
    const method = req.method ?? 'GET';
    const path = req.url ?? '';
    const responder: RuntimeResponder = {
      respond(status, responseHeaders, payload) {
        res.writeHead(status, { ...responseHeaders, 'content-length': String(payload.length) });
        res.end(payload);
      },
      onClose(listener) {
        res.on('close', listener);
      },
    };
    if (isStreamedResponse(method, path, headers)) {
      // Chunked as the runtime writes it; the error, if any, in the trailers (read at its end).
      this.api.handle(
        {
          method,
          path,
          headers,
          body: undefined,
          size: 0,
          stream: { body: req, trailers: () => lowerCased(req.trailers) },
        },
        responder,
      );
      return;
    }
    readAll(req, SYNC_PAYLOAD_MAX_BYTES).then(
      ({ body, size }) => {
        this.api.handle({ method, path, headers, body, size }, responder);
      },
      () => res.destroy(),
    );
  }
}

/** A refusal in the Runtime API's error shape; what the request sends is read and dropped. */
function forbidden(req: IncomingMessage, res: ServerResponse, errorMessage: string): void {
  req.resume();
  const body = Buffer.from(JSON.stringify({ errorMessage, errorType: 'Forbidden' }));
  res.writeHead(403, { 'content-type': 'application/json', 'content-length': String(body.length) });
  res.end(body);
}

/** The body, or undefined (with its size) when it is larger than `limit`: the rest is read and dropped. */
function readAll(
  req: IncomingMessage,
  limit: number,
): Promise<{ body: Buffer | undefined; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: size <= limit ? Buffer.concat(chunks) : undefined, size }));
    req.on('error', reject);
  });
}

function lowerCased(
  trailers: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(trailers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}
