/** How many of something each key has under way; a key leaves the map when its count is back to 0. */
export class KeyCounts {
  private readonly counts = new Map<string, number>();

  add(key: string): void {
    this.counts.set(key, this.get(key) + 1);
  }

  remove(key: string): void {
    const left = this.get(key) - 1;
    if (left > 0) this.counts.set(key, left);
    else this.counts.delete(key);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  keys(): IterableIterator<string> {
    return this.counts.keys();
  }
}
