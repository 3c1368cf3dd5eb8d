// The listeners of Function URLs: one loopback port per URL, so that each URL is its own origin
// (CORS is decided per origin) and the request path is the event's rawPath exactly. A URL keeps
// its port across restarts (recorded with it); when that port is taken at start, another is
// used and recorded, and the log says so.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UrlListeners } from '../lambda/context';
import type { FunctionStore } from '../store/functionStore';
import { handleUrlRequest, type UrlRequestDeps, type UrlTarget } from './urlRequest';

interface Listener {
  readonly server: Server;
  readonly port: number;
}

export class UrlServers implements UrlListeners {
  private readonly listeners = new Map<string, Listener>();
  /** Where each URL's record was last found: requests look it up without scanning every function. */
  private readonly owners = new Map<string, { region: string; name: string }>();

  constructor(
    private readonly functions: FunctionStore,
    private readonly deps: UrlRequestDeps,
  ) {}

  async open(urlId: string, port = 0): Promise<number> {
    this.close(urlId);
    const server = createServer((req, res) => {
      handleUrlRequest(req, res, listener.port, this.find(urlId), this.deps).catch(
        (error: unknown) => {
          this.deps.log(
            `Unexpected error in Function URL ${urlId}: ${error instanceof Error ? error.stack : String(error)}`,
          );
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end('{"Message":"Internal Server Error"}');
          } else res.destroy();
        },
      );
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.deps.log(`Function URL ${urlId}: ${error.message}`));
    const listener: Listener = { server, port: (server.address() as AddressInfo).port };
    this.listeners.set(urlId, listener);
    return listener.port;
  }

  close(urlId: string): void {
    const listener = this.listeners.get(urlId);
    if (!listener) return;
    this.listeners.delete(urlId);
    this.owners.delete(urlId);
    listener.server.close();
    listener.server.closeAllConnections();
  }

  /** At start: every stored URL listens again, on its recorded port when it is free. */
  async restore(): Promise<void> {
    for (const record of this.functions.all()) {
      let changed = false;
      const urls = [];
      for (const url of record.urls ?? []) {
        let port: number;
        try {
          port = await this.open(url.urlId, url.port);
        } catch {
          port = await this.open(url.urlId);
          this.deps.log(
            `Function URL of ${record.name}${url.qualifier ? `:${url.qualifier}` : ''}: port ${url.port} is taken; it is now http://127.0.0.1:${port}/`,
          );
          changed = true;
        }
        urls.push({ ...url, port });
      }
      if (changed) this.functions.save({ ...record, urls });
    }
  }

  async closeAll(): Promise<void> {
    const servers = [...this.listeners.values()].map((l) => l.server);
    this.listeners.clear();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private find(urlId: string): UrlTarget {
    const owner = this.owners.get(urlId);
    const known = owner && this.functions.get(owner.region, owner.name);
    const url = known?.urls?.find((u) => u.urlId === urlId);
    if (known && url) return { record: known, url };
    for (const record of this.functions.all()) {
      const found = record.urls?.find((u) => u.urlId === urlId);
      if (found) {
        this.owners.set(urlId, { region: record.region, name: record.name });
        return { record, url: found };
      }
    }
    return undefined;
  }
}
