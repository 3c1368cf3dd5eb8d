// The endpoint's trash: a folder tree it no longer wants (an unpacked package, a log group) is
// renamed at once into HOME/trash, on the same file system, so the rename is atomic and every
// later request finds the tree gone; the trash is then emptied in the background, a bounded
// number of entries per turn of the event loop, so that removing a node_modules of tens of
// thousands of files holds no Invoke, Function URL or Live Tail meanwhile. Trash left by an
// endpoint that was killed is emptied the same way after the next start. Where the rename cannot
// be made (the tree on another file system, EXDEV; Windows holding a file in it open, EBUSY or
// EPERM), the tree is removed in place, as before. Only entries named as the trash names them are
// ever removed from it, and a trash that is not a folder of its own (a link, a file) is not used:
// whatever the user keeps under that name stays. Plain fs calls only: the same on every OS.
import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../core/errorMessage';
import { makePrivateFolder } from './privateFiles';
import { removeTree, TreeRemoval } from './removeTree';

/** The home's trash folder. */
export const TRASH_FOLDER = 'trash';

/** The names `discard` gives: nothing else in the folder is the trash's to remove. */
const DISCARDED = /^discarded-[0-9a-z]+-[0-9a-f]{12}$/;

/** Entries removed per turn of the event loop: a few milliseconds of unlinks, so requests wait little. */
const ENTRIES_PER_TURN = 200;

/** How a store gets rid of a tree: it is gone for every later request once this returns. */
export type Discard = (path: string) => void;

export interface TrashOptions {
  readonly log?: (message: string) => void;
  /** For tests: makes every rename into the trash fail as it would across file systems. */
  readonly renameFails?: boolean;
}

export class Trash {
  /** Names listed in the trash and not yet taken up. */
  private queue: string[] = [];
  private current: TreeRemoval | undefined;
  /** Entries that could not be removed: left for the next start rather than tried again and again. */
  private readonly failed = new Set<string>();
  private turn: NodeJS.Immediate | undefined;
  /** Closed, or not usable: trees are removed in place. */
  private closed: boolean;
  private waiting: (() => void)[] = [];

  constructor(
    readonly dir: string,
    private readonly options: TrashOptions = {},
  ) {
    this.closed = !isOwnFolder(dir);
    if (this.closed)
      options.log?.(
        `${dir} is not a folder (a file or a link is there): trees the endpoint no longer needs are removed in place instead of in the background.`,
      );
    // Whatever is here was left by an endpoint stopped or killed before it was emptied.
    this.schedule();
  }

  /** Moves `path` (a folder tree or a file) out of the store at once; nothing there is no error. */
  readonly discard: Discard = (path) => {
    if (this.closed) return removeTree(path);
    try {
      if (this.options.renameFails)
        throw Object.assign(new Error('forced: cross-device link'), { code: 'EXDEV' });
      renameSync(path, join(this.dir, uniqueName()));
    } catch {
      // Missing (nothing to do), another file system, a file held open on Windows, the trash
      // itself gone: removed in place, which says what is wrong if something truly is.
      return removeTree(path);
    }
    this.schedule();
  };

  /** Resolves once the trash holds nothing it can remove, or the trash is closed. */
  emptied(): Promise<void> {
    if (this.closed || (!this.turn && !this.current)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Stops emptying: what is left is emptied after the next start. */
  close(): void {
    this.closed = true;
    if (this.turn) clearImmediate(this.turn);
    this.turn = undefined;
    this.settle();
  }

  private schedule(): void {
    if (this.closed || this.turn) return;
    this.turn = setImmediate(() => {
      this.turn = undefined;
      if (this.removeSome()) this.schedule();
      else this.settle();
    });
  }

  /** One turn's removals; false once nothing is left to remove. */
  private removeSome(): boolean {
    if (!this.current) {
      const next = this.nextEntry();
      if (next === undefined) return false;
      this.current = new TreeRemoval(join(this.dir, next));
    }
    const removal = this.current;
    try {
      if (removal.step(ENTRIES_PER_TURN)) this.current = undefined;
    } catch (error) {
      this.current = undefined;
      this.failed.add(removal.root);
      this.options.log?.(
        `Could not empty ${removal.root} from the endpoint's trash (${errorMessage(error)}); it is tried again at the next start.`,
      );
    }
    return true;
  }

  private nextEntry(): string | undefined {
    if (this.queue.length === 0) {
      try {
        this.queue = readdirSync(this.dir).filter(
          (name) => DISCARDED.test(name) && !this.failed.has(join(this.dir, name)),
        );
      } catch {
        return undefined; // the trash itself is gone: nothing in it to remove
      }
    }
    return this.queue.shift();
  }

  private settle(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/** Unique among endpoints on this home and over time, so no two discards take the same name. */
function uniqueName(): string {
  return `discarded-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** Made if missing; false when something else is there, a link to a folder included. */
function isOwnFolder(dir: string): boolean {
  try {
    makePrivateFolder(dir);
    return lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}
