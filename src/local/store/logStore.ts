// CloudWatch Logs data for the local endpoint: groups and streams. Each stream's events are in an
// append-only file (streamFile.ts), one JSON line per event, so a kill -9 loses at most a torn
// last line; memory holds each stream's figures and a sparse index, never its events, so the
// endpoint's memory does not grow with the volume of logs. Events older than the retention are
// dropped on start and every hour.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppendFiles } from './appendFiles';
import { removeStaleTempFiles, writeFileAtomic } from './atomicFile';
import { StreamFile, type NewEvent } from './streamFile';
import { makePrivateFolder } from './privateFiles';
import { removeTree } from './removeTree';
import type { Discard } from './trash';

export type LogStream = StreamFile;
export type { NewEvent };

/** Events just stored in a stream, as the Live Tail sessions hear of them. */
export interface Appended {
  readonly region: string;
  readonly group: LogGroup;
  readonly stream: LogStream;
  readonly events: readonly NewEvent[];
  readonly ingestionTime: number;
}
export type AppendWatcher = (appended: Appended) => void;

export interface LogGroup {
  readonly name: string;
  readonly creationTime: number;
  retentionInDays?: number;
  readonly streams: Map<string, LogStream>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const encode = (name: string) => Buffer.from(name).toString('base64url');
const decode = (file: string) => Buffer.from(file, 'base64url').toString();

export class LogStore {
  private readonly byRegion = new Map<string, Map<string, LogGroup>>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly files = new AppendFiles();
  private readonly watchers = new Set<AppendWatcher>();

  /** `retentionDays` bounds every group; a group's own RetentionInDays may be shorter. */
  constructor(
    private readonly regionsDir: string,
    private readonly retentionDays: number,
    private readonly log: (message: string) => void = () => {},
    /** How a group's folder goes: the endpoint's trash; removed in place when none is given. */
    private readonly discard: Discard = removeTree,
  ) {
    makePrivateFolder(regionsDir);
    this.load();
    this.sweeper = setInterval(() => this.applyRetention(), 60 * 60 * 1000).unref();
  }

  close(): void {
    clearInterval(this.sweeper);
    this.files.closeAll();
  }

  /**
   * Calls `watcher` with every append from now on, as it is stored (no polling of the files);
   * the function returned stops it. A watcher that throws is told nothing more of that append,
   * and the append stands.
   */
  watchAppends(watcher: AppendWatcher): () => void {
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  private tell(region: string, group: LogGroup, stream: LogStream): void {
    stream.onAppend = (events, ingestionTime) => {
      if (this.watchers.size === 0) return;
      for (const watcher of this.watchers) {
        try {
          watcher({ region, group, stream, events, ingestionTime });
        } catch (error) {
          this.log(`A log watcher failed: ${(error as Error).message}`);
        }
      }
    };
  }

  groups(region: string): Map<string, LogGroup> {
    let groups = this.byRegion.get(region);
    if (!groups) this.byRegion.set(region, (groups = new Map()));
    return groups;
  }

  createGroup(region: string, name: string, now = Date.now()): LogGroup {
    const group: LogGroup = { name, creationTime: now, streams: new Map() };
    // Whatever is there is left from a deletion cut short: without this its streams would come back.
    this.files.forgetUnder(this.groupDir(region, name));
    this.discard(this.groupDir(region, name));
    this.writeGroupMeta(region, group);
    this.groups(region).set(name, group);
    return group;
  }

  setRetention(region: string, group: LogGroup, days: number | undefined): void {
    group.retentionInDays = days;
    this.writeGroupMeta(region, group);
    this.applyRetention();
  }

  deleteGroup(region: string, name: string): void {
    // The metadata goes first: a deletion cut short then leaves no group, only files to clear.
    rmSync(join(this.groupDir(region, name), 'group.json'), { force: true });
    this.files.forgetUnder(this.groupDir(region, name));
    this.discard(this.groupDir(region, name));
    this.groups(region).delete(name);
  }

  createStream(region: string, group: LogGroup, name: string, now = Date.now()): LogStream {
    const stream = StreamFile.create(
      this.files,
      this.streamFile(region, group.name, name),
      name,
      now,
    );
    this.tell(region, group, stream);
    group.streams.set(name, stream);
    return stream;
  }

  deleteStream(region: string, group: LogGroup, name: string): void {
    this.files.forget(this.streamFile(region, group.name, name));
    rmSync(this.streamFile(region, group.name, name), { force: true });
    group.streams.delete(name);
  }

  /** Events older than this are past the group's retention (its own, or the endpoint's when shorter). */
  retentionCutoff(group: LogGroup, now = Date.now()): number {
    return now - Math.min(group.retentionInDays ?? Infinity, this.retentionDays) * DAY_MS;
  }

  /** Drops events past their group's retention, rewriting the files that hold some. */
  applyRetention(now = Date.now()): void {
    for (const groups of this.byRegion.values()) {
      for (const group of groups.values()) {
        const cutoff = this.retentionCutoff(group, now);
        for (const stream of group.streams.values()) {
          if (stream.firstEventTimestamp === undefined || stream.firstEventTimestamp >= cutoff)
            continue;
          try {
            stream.rewrite({ dropBefore: cutoff });
          } catch (error) {
            // Kept until the next sweep (a full disk, say): retention must not stop the endpoint.
            this.log(
              `Could not apply the retention to ${group.name} ${stream.name}: ${(error as Error).message}`,
            );
          }
        }
      }
    }
  }

  private groupDir(region: string, groupName: string): string {
    return join(this.regionsDir, region, 'logs', encode(groupName));
  }

  private streamFile(region: string, groupName: string, streamName: string): string {
    return join(this.groupDir(region, groupName), `${encode(streamName)}.jsonl`);
  }

  private writeGroupMeta(region: string, group: LogGroup): void {
    const dir = this.groupDir(region, group.name);
    makePrivateFolder(dir);
    writeFileAtomic(
      join(dir, 'group.json'),
      JSON.stringify({
        name: group.name,
        creationTime: group.creationTime,
        retentionInDays: group.retentionInDays,
      }),
    );
  }

  private load(): void {
    for (const region of readdirSync(this.regionsDir)) {
      const logsDir = join(this.regionsDir, region, 'logs');
      if (!existsSync(logsDir)) continue;
      const groups = this.groups(region);
      for (const dirName of readdirSync(logsDir)) {
        const dir = join(logsDir, dirName);
        removeStaleTempFiles(dir);
        let meta: { name: string; creationTime: number; retentionInDays?: number };
        try {
          meta = JSON.parse(readFileSync(join(dir, 'group.json'), 'utf8'));
        } catch {
          continue; // a group whose creation was cut short before its metadata landed
        }
        const group: LogGroup = {
          name: meta.name,
          creationTime: meta.creationTime,
          retentionInDays: meta.retentionInDays,
          streams: new Map(),
        };
        for (const file of readdirSync(dir)) {
          if (!file.endsWith('.jsonl')) continue;
          const name = decode(file.slice(0, -'.jsonl'.length));
          try {
            const stream = StreamFile.load(this.files, join(dir, file), name, this.log);
            if (stream) {
              this.tell(region, group, stream);
              group.streams.set(name, stream);
            }
          } catch (error) {
            // Left as it is on disk; the endpoint starts without it rather than not at all.
            this.log(
              `Could not read the log stream file ${join(dir, file)}: ${(error as Error).message}`,
            );
          }
        }
        groups.set(group.name, group);
      }
    }
    this.applyRetention();
  }
}
