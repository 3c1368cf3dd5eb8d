// All functions of all regions, in memory for speed and on disk for restarts: one JSON file per
// function under regions/<region>/functions/, replaced atomically on every change.
import { existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, removeStaleTempFiles, writeFileAtomic } from './atomicFile';
import type { FunctionRecord } from './functionRecord';
import { makePrivateFolder } from './privateFiles';

export class FunctionStore {
  private readonly byRegion = new Map<string, Map<string, FunctionRecord>>();
  private readonly sortedNames = new Map<string, string[]>();

  constructor(
    private readonly regionsDir: string,
    private readonly log: (message: string) => void = () => {},
  ) {
    makePrivateFolder(regionsDir);
    this.load();
  }

  get(region: string, name: string): FunctionRecord | undefined {
    return this.byRegion.get(region)?.get(name);
  }

  /** Names in the region, sorted as ListFunctions returns them. */
  names(region: string): readonly string[] {
    let names = this.sortedNames.get(region);
    if (!names) {
      names = [...(this.byRegion.get(region)?.keys() ?? [])].sort();
      this.sortedNames.set(region, names);
    }
    return names;
  }

  regions(): string[] {
    return [...this.byRegion.keys()].filter((r) => (this.byRegion.get(r)?.size ?? 0) > 0).sort();
  }

  all(): FunctionRecord[] {
    return [...this.byRegion.values()].flatMap((m) => [...m.values()]);
  }

  /** Persists first, then publishes in memory: a failed write changes nothing. */
  save(record: FunctionRecord): void {
    const dir = this.functionsDir(record.region);
    makePrivateFolder(dir);
    writeFileAtomic(join(dir, `${record.name}.json`), JSON.stringify(record));
    let region = this.byRegion.get(record.region);
    if (!region) this.byRegion.set(record.region, (region = new Map()));
    if (!region.has(record.name)) this.sortedNames.delete(record.region);
    region.set(record.name, record);
  }

  delete(region: string, name: string): void {
    const dir = this.functionsDir(region);
    const path = join(dir, `${name}.json`);
    if (existsSync(path)) {
      unlinkSync(path);
      fsyncDirectory(dir);
    }
    this.byRegion.get(region)?.delete(name);
    this.sortedNames.delete(region);
  }

  private functionsDir(region: string): string {
    return join(this.regionsDir, region, 'functions');
  }

  private load(): void {
    for (const region of readdirSync(this.regionsDir)) {
      const dir = this.functionsDir(region);
      if (!existsSync(dir)) continue;
      removeStaleTempFiles(dir);
      const functions = new Map<string, FunctionRecord>();
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.json')) continue;
        try {
          const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FunctionRecord;
          functions.set(record.name, record);
        } catch (error) {
          // Cannot happen with atomic writes; if a disk fault does it, keep the file for the user.
          this.log(
            `Skipping unreadable function record ${join(dir, file)}: ${(error as Error).message}`,
          );
        }
      }
      this.byRegion.set(region, functions);
    }
  }
}
