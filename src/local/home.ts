// The local endpoint's home folder: its store, its credentials and the lock that keeps a second
// instance off the same store.
import { existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultLocalHome } from '../core/localHome';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from './store/atomicFile';

export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export function defaultHome(): string {
  return defaultLocalHome(process.env, homedir());
}

export function ensureHome(home: string): void {
  mkdirSync(home, { recursive: true, mode: 0o700 });
}

/** Generated once per home and kept with 0600 permissions: requests must be signed with them. */
export function loadOrCreateCredentials(home: string): LocalCredentials {
  const path = join(home, 'credentials.json');
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalCredentials>;
    if (typeof stored.accessKeyId === 'string' && typeof stored.secretAccessKey === 'string') {
      return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
    }
    throw new Error(`${path} is not valid: delete it to generate new credentials`);
  }
  const credentials: LocalCredentials = {
    // The shape of real keys (20 upper-case characters, 40 for the secret), so tools accept them.
    accessKeyId: `LLIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`,
    secretAccessKey: randomBytes(30).toString('base64').replace(/[+/=]/g, 'x').slice(0, 40),
  };
  writeFileAtomic(path, `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
  return credentials;
}

export interface HomeLock {
  release(): void;
}

interface LockContent { pid: number; url?: string }

/**
 * Takes the home's lock, or explains who holds it. A lock left by a process that no longer
 * exists (a crash, a kill -9) is taken over.
 */
export function acquireHomeLock(home: string): HomeLock {
  const path = join(home, 'endpoint.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      return {
        release() {
          try {
            const held = JSON.parse(readFileSync(path, 'utf8')) as LockContent;
            if (held.pid === process.pid) unlinkSync(path);
          } catch { /* already gone */ }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(path);
      if (holder && isAlive(holder.pid) && holder.pid !== process.pid) {
        throw new Error(`Another Lambda Lens local endpoint is already running on ${home} (process ${holder.pid}${holder.url ? `, ${holder.url}` : ''}). Stop it, or start this one with a different --home.`);
      }
      unlinkSync(path);
    }
  }
  throw new Error(`Could not take the lock ${path}`);
}

/** Records the listening URL in the lock, so that the holder can be found. */
export function recordUrlInLock(home: string, url: string): void {
  writeFileAtomic(join(home, 'endpoint.lock'), JSON.stringify({ pid: process.pid, url }), 0o600);
}

export function readLock(path: string): LockContent | undefined {
  try {
    const content = JSON.parse(readFileSync(path, 'utf8')) as LockContent;
    return typeof content.pid === 'number' ? content : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
