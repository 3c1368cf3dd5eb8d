// The local endpoint's home folder: its store, its credentials and the lock that keeps a second
// instance off the same store.
import {
  existsSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
  closeSync,
  chmodSync,
  linkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultLocalHome } from '../core/localHome';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from './store/atomicFile';
import { makePrivateFolder, PRIVATE_FOLDER_MODE, tightenTree } from './store/privateFiles';
import { liveProcess, ownStartTime } from './os/liveProcess';
import { TRASH_FOLDER } from './store/trash';

export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export function defaultHome(): string {
  return defaultLocalHome(process.env, homedir());
}

/** What the endpoint keeps in a home; anything else there is the user's and left alone. */
const HOME_ENTRIES = ['credentials.json', 'endpoint.lock', 'code', 'regions', 'runtime-cache'];

/**
 * Makes the home, private (0700). One found open to others (made by hand, or by an older
 * version) is closed, with what we keep in it, when it is ours: not another user's folder, nor
 * a shared one such as /tmp (sticky), whose permissions are not ours to change.
 */
export function ensureHome(home: string): void {
  const notAFolder = `The local endpoint's home ${home} is not a folder: choose a folder (it is made if missing).`;
  try {
    makePrivateFolder(home);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EEXIST' || code === 'ENOTDIR' ? new Error(notAFolder) : error;
  }
  const stat = statSync(home);
  if (!stat.isDirectory()) throw new Error(notAFolder);
  const ours = process.getuid === undefined || stat.uid === process.getuid();
  const shared = (stat.mode & 0o1000) !== 0;
  if ((stat.mode & 0o077) === 0 || !ours || shared) return;
  chmodSync(home, PRIVATE_FOLDER_MODE);
  for (const entry of HOME_ENTRIES) tightenTree(join(home, entry));
  // Closed, not walked: what the trash holds is on its way out (and may be any depth), and once
  // the trash is 0700 nobody else can reach it.
  tightenTree(join(home, TRASH_FOLDER), { contents: false });
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

/** `startTime` (where the OS tells it) names the holder for good, even once its pid is reused. */
interface LockContent {
  pid: number;
  startTime?: number;
  url?: string;
}

function ownLock(url?: string): string {
  const startTime = ownStartTime();
  return JSON.stringify({
    pid: process.pid,
    ...(startTime !== undefined ? { startTime } : {}),
    ...(url ? { url } : {}),
  });
}

/** Lock files this process holds: a lock naming our own pid is ours only if it is in here. */
const heldHere = new Set<string>();

/**
 * Takes the home's lock, or explains who holds it. A lock left by a process that no longer runs
 * (a crash, a kill -9, even while it lingers as a zombie) is taken over, as is one whose pid now
 * names another process, or ours while we do not hold it (pids are reused, in containers often).
 */
export function acquireHomeLock(home: string): HomeLock {
  const path = join(resolve(home), 'endpoint.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createComplete(path, ownLock());
      heldHere.add(path);
      return {
        release() {
          if (!heldHere.delete(path)) return;
          try {
            const held = JSON.parse(readFileSync(path, 'utf8')) as LockContent;
            if (held.pid === process.pid) unlinkSync(path);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const seen = readText(path);
      const holder = parseLock(seen);
      const heldByUs = holder?.pid === process.pid && heldHere.has(path);
      if (holder && (heldByUs || (holder.pid !== process.pid && isRunning(holder)))) {
        throw new Error(
          `Another Lambda Lens local endpoint is already running on ${home} (process ${holder.pid}${holder.url ? `, ${holder.url}` : ''}). Stop it, or start this one with a different --home.`,
        );
      }
      // Stale: remove it, unless another starter replaced it meanwhile (then the retry reports it).
      if (readText(path) === seen) rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${path}`);
}

/**
 * Creates `path` with `content`, or fails with EEXIST. The content is written to a temporary file
 * first and linked into place, so that nobody ever reads a lock that exists but is still empty.
 */
function createComplete(path: string, content: string): void {
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
  } finally {
    unlinkSync(temp);
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseLock(text: string | undefined): LockContent | undefined {
  try {
    const content = JSON.parse(text ?? '') as Partial<Record<keyof LockContent, unknown>> | null;
    if (typeof content?.pid !== 'number') return undefined;
    return {
      pid: content.pid,
      ...(typeof content.startTime === 'number' ? { startTime: content.startTime } : {}),
      ...(typeof content.url === 'string' ? { url: content.url } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Records the listening URL in the lock, so that the holder can be found. */
export function recordUrlInLock(home: string, url: string): void {
  writeFileAtomic(join(home, 'endpoint.lock'), ownLock(url));
}

export function readLock(path: string): LockContent | undefined {
  return parseLock(readText(path));
}

/** What an endpoint's command line holds: our CLI (serve, or a command running one) or, in-process, Node. */
const ENDPOINT_COMMAND = /lambda-lens|cli\.js|\bnode\b/;

/** Whether the lock's holder still runs: its pid is live and, where the OS tells, the same process. */
function isRunning(lock: LockContent): boolean {
  const found = liveProcess(lock.pid);
  if (!found) return false;
  if (lock.startTime !== undefined && found.startTime !== undefined)
    return found.startTime === lock.startTime;
  // A lock with no start time (an older version wrote it): a program that is not ours is not its holder.
  if (found.commandLine !== undefined) return ENDPOINT_COMMAND.test(found.commandLine);
  return true;
}

/** The endpoint another process runs on this home, found through its lock, with the home's credentials. */
export function runningEndpoint(
  home: string,
): { url: string; credentials: LocalCredentials } | undefined {
  const lock = readLock(join(home, 'endpoint.lock'));
  if (!lock?.url || lock.pid === process.pid || !isRunning(lock)) return undefined;
  try {
    return { url: lock.url, credentials: loadOrCreateCredentials(home) };
  } catch {
    return undefined;
  }
}
