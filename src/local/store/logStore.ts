// CloudWatch Logs data for the local endpoint: groups, streams and events, in memory and in
// append-only files (one JSON line per event) so a kill -9 loses at most a torn last line.
// Events older than the retention are dropped on start and every hour.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { AppendFiles } from './appendFiles';
import { removeStaleTempFiles, writeFileAtomic } from './atomicFile';

export interface LogEvent {
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
}

export interface LogStream {
  readonly name: string;
  readonly creationTime: number;
  /** Sorted by timestamp; equal timestamps keep arrival order. */
  readonly events: LogEvent[];
  lastIngestionTime?: number;
  storedBytes: number;
}

export interface LogGroup {
  readonly name: string;
  readonly creationTime: number;
  retentionInDays?: number;
  readonly streams: Map<string, LogStream>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const encode = (name: string) => Buffer.from(name).toString('base64url');
const decode = (file: string) => Buffer.from(file, 'base64url').toString();

// A stream's file: its creation time on the first line, then one line per event (read back in load()).
const creationLine = (creationTime: number) => JSON.stringify({ c: creationTime });
const eventLine = (e: LogEvent) => JSON.stringify({ t: e.timestamp, i: e.ingestionTime, m: e.message });

export class LogStore {
  private readonly byRegion = new Map<string, Map<string, LogGroup>>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly files = new AppendFiles();

  /** `retentionDays` bounds every group; a group's own RetentionInDays may be shorter. */
  constructor(private readonly regionsDir: string, private readonly retentionDays: number) {
    mkdirSync(regionsDir, { recursive: true });
    this.load();
    this.sweeper = setInterval(() => this.applyRetention(), 60 * 60 * 1000).unref();
  }

  close(): void {
    clearInterval(this.sweeper);
    this.files.closeAll();
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
    rmSync(this.groupDir(region, name), { recursive: true, force: true });
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
    rmSync(this.groupDir(region, name), { recursive: true, force: true });
    this.groups(region).delete(name);
  }

  createStream(region: string, group: LogGroup, name: string, now = Date.now()): LogStream {
    const stream: LogStream = { name, creationTime: now, events: [], storedBytes: 0 };
    this.files.append(this.streamFile(region, group.name, name), `${creationLine(now)}\n`);
    group.streams.set(name, stream);
    return stream;
  }

  deleteStream(region: string, group: LogGroup, name: string): void {
    this.files.forget(this.streamFile(region, group.name, name));
    rmSync(this.streamFile(region, group.name, name), { force: true });
    group.streams.delete(name);
  }

  /** Appends events (already validated and in order) to disk, then to memory. */
  append(region: string, group: LogGroup, stream: LogStream, events: readonly { timestamp: number; message: string }[], now = Date.now()): void {
    if (events.length === 0) return;
    const stored = events.map((e) => ({ timestamp: e.timestamp, ingestionTime: now, message: e.message }));
    this.files.append(this.streamFile(region, group.name, stream.name), stored.map((e) => `${eventLine(e)}\n`).join(''));
    for (const event of stored) insertSorted(stream.events, event);
    stream.lastIngestionTime = now;
    stream.storedBytes += stored.reduce((sum, e) => sum + e.message.length + 26, 0);
  }

  /** Events older than this are past the group's retention (its own, or the endpoint's when shorter). */
  retentionCutoff(group: LogGroup, now = Date.now()): number {
    return now - Math.min(group.retentionInDays ?? Infinity, this.retentionDays) * DAY_MS;
  }

  /** Drops events past their group's retention and rewrites the files that changed. */
  applyRetention(now = Date.now()): void {
    for (const [region, groups] of this.byRegion) {
      for (const group of groups.values()) {
        const cutoff = this.retentionCutoff(group, now);
        for (const stream of group.streams.values()) {
          const keepFrom = stream.events.findIndex((e) => e.timestamp >= cutoff);
          const drop = keepFrom < 0 ? stream.events.length : keepFrom;
          if (drop === 0) continue;
          stream.events.splice(0, drop);
          this.rewriteStream(region, group.name, stream);
        }
      }
    }
  }

  private rewriteStream(region: string, groupName: string, stream: LogStream): void {
    const lines = [creationLine(stream.creationTime), ...stream.events.map(eventLine)];
    const file = this.streamFile(region, groupName, stream.name);
    this.files.forget(file); // the file is replaced: an open one would keep appending to the old
    writeFileAtomic(file, `${lines.join('\n')}\n`);
  }

  private groupDir(region: string, groupName: string): string {
    return join(this.regionsDir, region, 'logs', encode(groupName));
  }

  private streamFile(region: string, groupName: string, streamName: string): string {
    return join(this.groupDir(region, groupName), `${encode(streamName)}.jsonl`);
  }

  private writeGroupMeta(region: string, group: LogGroup): void {
    const dir = this.groupDir(region, group.name);
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, 'group.json'), JSON.stringify({ name: group.name, creationTime: group.creationTime, retentionInDays: group.retentionInDays }));
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
        const group: LogGroup = { name: meta.name, creationTime: meta.creationTime, retentionInDays: meta.retentionInDays, streams: new Map() };
        for (const file of readdirSync(dir)) {
          if (!file.endsWith('.jsonl')) continue;
          const text = cutTornLine(join(dir, file));
          const stream = readStream(decode(file.slice(0, -'.jsonl'.length)), text);
          if (stream) group.streams.set(stream.name, stream);
        }
        groups.set(group.name, group);
      }
    }
    this.applyRetention();
  }
}

/**
 * The file's text without a torn last line (a write cut short by a kill), which is also cut from
 * the file: the next append would otherwise continue that line and be lost with it.
 */
function cutTornLine(path: string): string {
  const bytes = readFileSync(path);
  const end = bytes.lastIndexOf(0x0a) + 1;
  if (end < bytes.length) truncateSync(path, end);
  return bytes.subarray(0, end).toString('utf8');
}

function readStream(name: string, text: string): LogStream | undefined {
  const lines = text.split('\n');
  let stream: LogStream | undefined;
  for (const line of lines) {
    if (!line) continue;
    let record: { c?: number; t?: number; i?: number; m?: string };
    try {
      record = JSON.parse(line);
    } catch {
      continue; // a torn line from a write cut short by a kill
    }
    if (!stream) {
      stream = { name, creationTime: record.c ?? record.t ?? Date.now(), events: [], storedBytes: 0 };
      if (record.c !== undefined) continue;
    }
    if (typeof record.t === 'number' && typeof record.m === 'string') {
      insertSorted(stream.events, { timestamp: record.t, ingestionTime: record.i ?? record.t, message: record.m });
      stream.lastIngestionTime = Math.max(stream.lastIngestionTime ?? 0, record.i ?? record.t);
      stream.storedBytes += record.m.length + 26;
    }
  }
  return stream;
}

/** Appends in the usual case (events arrive in order); binary-search insert otherwise. */
function insertSorted(events: LogEvent[], event: LogEvent): void {
  const last = events[events.length - 1];
  if (!last || last.timestamp <= event.timestamp) {
    events.push(event);
    return;
  }
  events.splice(firstIndexAtOrAfter(events, event.timestamp + 1), 0, event);
}

/** Index of the first event with timestamp >= t. */
export function firstIndexAtOrAfter(events: readonly LogEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
