// A growable first-in first-out queue with a head index (Array.shift is linear).
export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  at(i: number): T {
    return this.items[this.head + i]!;
  }
  shift(count: number): void {
    this.head += count;
    // Compacted once the dead head is half the array: amortised constant time.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
