// Function code, content-addressed: one zip per distinct SHA-256, shared by every function and
// version that uses it, written atomically before any record refers to it.
import { createHash } from 'node:crypto';
import {
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
} from 'node:fs';
import { join } from 'node:path';
import { removeStaleTempFiles, writeFileAtomic } from './atomicFile';
import { makePrivateFolder } from './privateFiles';

export class CodeStore {
  constructor(private readonly dir: string) {
    makePrivateFolder(dir);
    removeStaleTempFiles(dir);
  }

  /**
   * Stores the zip; returns its SHA-256 in base64 (CodeSha256) and hex (the file name), and
   * whether this call wrote it (false when the same bytes were already stored).
   */
  put(zip: Uint8Array): { sha256Base64: string; sha256Hex: string; created: boolean } {
    const digest = createHash('sha256').update(zip).digest();
    const sha256Hex = digest.toString('hex');
    const path = this.pathOf(sha256Hex);
    const created = !existsSync(path);
    if (created) writeFileAtomic(path, zip);
    // Stored again: fresh, so that collect() does not take it before the record that uses it is saved.
    else utimesSync(path, new Date(), new Date());
    return { sha256Base64: digest.toString('base64'), sha256Hex, created };
  }

  /** Takes back a zip this process just stored and no record refers to (a refused upload). */
  remove(sha256Base64: string): void {
    rmSync(this.pathFor(sha256Base64), { force: true });
  }

  read(sha256Base64: string): Buffer {
    return readFileSync(this.pathFor(sha256Base64));
  }

  pathFor(sha256Base64: string): string {
    return this.pathOf(Buffer.from(sha256Base64, 'base64').toString('hex'));
  }

  has(sha256Base64: string): boolean {
    return existsSync(this.pathFor(sha256Base64));
  }

  /** Deletes zips no record refers to any more; recent ones may belong to a request in flight. */
  collect(inUse: Set<string>, now = Date.now()): void {
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      const hex = name.replace(/\.zip$/, '');
      if (
        inUse.has(Buffer.from(hex, 'hex').toString('base64')) ||
        now - statSync(path).mtimeMs < 60_000
      )
        continue;
      unlinkSync(path);
    }
  }

  private pathOf(sha256Hex: string): string {
    return join(this.dir, `${sha256Hex}.zip`);
  }
}
