// The events a FilterLogEvents poll has shown, so that the next poll, which reads again from a
// lag window before the newest event (events arrive late and out of order), shows none twice.
// Only ids whose timestamps a later poll can still return are kept: memory follows the window.
export class SeenEvents {
  private readonly byId = new Map<string, number>();

  /** True the first time `id` is offered (and remembers it). */
  firstTime(id: string, timestamp: number): boolean {
    if (this.byId.has(id)) return false;
    this.byId.set(id, timestamp);
    return true;
  }

  /** Forgets ids older than `from`: polls from now on start at or after it. */
  forgetBefore(from: number): void {
    for (const [id, timestamp] of this.byId) if (timestamp < from) this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }
}

/** A poll's next start: `lagMs` before the newest event seen, never before `floor`. */
export function pollStart(floor: number, newest: number, lagMs: number): number {
  return Math.max(floor, newest - lagMs);
}
