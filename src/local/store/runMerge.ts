// Merges runs (stretches of a stream file already in time order) into one sequence in time order,
// an earlier run first among equal timestamps (arrival order). At most MAX_WAYS runs are read at
// once, each through its own small buffer; more are merged in groups into a scratch file first,
// so that the memory a merge takes does not grow with the number of runs.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TEMP_MARK } from './atomicFile';
import { EventCursor } from './eventCursor';
import { eventLine, type StoredEvent } from './logLine';
import type { ReadAt } from './lineReader';
import { PRIVATE_FILE_MODE } from './privateFiles';

export interface Region {
  readonly start: number;
  readonly end: number;
}

const MAX_WAYS = 32;
const SCRATCH_FLUSH_BYTES = 256 * 1024;

/** Calls `emit` with every event of the regions, in time order. `scratchDir` holds any scratch file. */
export function mergeRuns(
  readAt: ReadAt,
  regions: readonly Region[],
  scratchDir: string,
  emit: (event: StoredEvent) => void,
): void {
  if (regions.length <= MAX_WAYS) {
    mergeWays(readAt, regions, emit);
    return;
  }
  const scratch = new ScratchFile(scratchDir);
  try {
    const merged: Region[] = [];
    for (let i = 0; i < regions.length; i += MAX_WAYS) {
      const start = scratch.size;
      mergeWays(readAt, regions.slice(i, i + MAX_WAYS), (event) =>
        scratch.append(`${eventLine(event)}\n`),
      );
      scratch.flush();
      merged.push({ start, end: scratch.size });
    }
    mergeRuns(scratch.readAt, merged, scratchDir, emit);
  } finally {
    scratch.remove();
  }
}

function mergeWays(
  readAt: ReadAt,
  regions: readonly Region[],
  emit: (event: StoredEvent) => void,
): void {
  const heads = regions
    .map((r) => {
      const cursor = new EventCursor(readAt, { ordinal: 0, offset: r.start }, r.end);
      return { cursor, event: cursor.nextEvent() };
    })
    .filter((head) => head.event);
  while (heads.length) {
    let best = 0;
    for (let i = 1; i < heads.length; i++)
      if (heads[i]!.event!.timestamp < heads[best]!.event!.timestamp) best = i;
    const head = heads[best]!;
    emit(head.event!);
    head.event = head.cursor.nextEvent();
    if (!head.event) heads.splice(best, 1);
  }
}

/** A temporary file written in order and read back; its name marks it for removal at the next start. */
class ScratchFile {
  private readonly path: string;
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  size = 0;

  constructor(dir: string) {
    this.path = join(dir, `${TEMP_MARK}merge-${randomBytes(4).toString('hex')}`);
    this.fd = openSync(this.path, 'w+', PRIVATE_FILE_MODE);
  }

  readonly readAt: ReadAt = (buffer, offset, length, position) =>
    readSync(this.fd, buffer, offset, length, position);

  append(line: string): void {
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= SCRATCH_FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (!this.pending.length) return;
    const bytes = Buffer.from(this.pending.join(''));
    for (let written = 0; written < bytes.length;)
      written += writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    this.size += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  remove(): void {
    closeSync(this.fd);
    try {
      unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}
