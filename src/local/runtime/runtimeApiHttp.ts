// The Runtime API over HTTP on its own loopback port, as Lambda serves it: AWS_LAMBDA_RUNTIME_API.
// Custom runtimes (the function's own `bootstrap`) and any code in the function that uses the
// variable talk to this; requests go to runtimeApi.ts once their body is read.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';
import type { RuntimeRequestHandler } from './runtimeApi';

export class RuntimeApiHttpServer {
  private server: Server | undefined;

  constructor(private readonly api: RuntimeRequestHandler) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => this.receive(req, res));
    this.server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): void {
    this.server?.closeAllConnections();
    this.server?.close();
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    readAll(req, SYNC_PAYLOAD_MAX_BYTES).then(({ body, size }) => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value[0] : value;
      this.api.handle({ method: req.method ?? 'GET', path: req.url ?? '', headers, body, size }, {
        respond(status, responseHeaders, payload) {
          res.writeHead(status, { ...responseHeaders, 'content-length': String(payload.length) });
          res.end(payload);
        },
        onClose(listener) {
          res.on('close', listener);
        },
      });
    }, () => res.destroy());
  }
}

/** The body, or undefined (with its size) when it is larger than `limit`: the rest is read and dropped. */
function readAll(req: IncomingMessage, limit: number): Promise<{ body: Buffer | undefined; size: number }> {
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
