// Commands that talk to the local endpoint use the one already running on the home, or run one
// in this process for the command's duration.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultHome } from '../local/home';
import { startLocalEndpoint, DEFAULT_REGION } from '../local/server';
import { createInvoker } from '../local/runtime/invoker';
import type { ConnectionTarget } from '../cloud/clients';

export interface LocalTarget {
  readonly target: ConnectionTarget;
  close(): Promise<void>;
}

export async function connectLocal(home = defaultHome(), region = DEFAULT_REGION): Promise<LocalTarget> {
  try {
    const lock = JSON.parse(readFileSync(join(home, 'endpoint.lock'), 'utf8')) as { pid: number; url?: string };
    process.kill(lock.pid, 0);
    const credentials = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    if (lock.url) return { target: { id: `local@${lock.url}`, region, endpoint: lock.url, credentials }, close: async () => {} };
  } catch {
    // Not running: start one here.
  }
  const endpoint = await startLocalEndpoint({ home, createInvoker });
  return { target: { id: `local@${endpoint.url}`, region, endpoint: endpoint.url, credentials: endpoint.credentials }, close: () => endpoint.close() };
}
