// A crawl's finished probes on their way to the store, in batches (politeness.ts STORE_BATCH): a
// batch is written when it is full, or when its first item has waited long enough, or when the
// crawl asks (at its end). One owner writes: the crawl gives each batch to one function.
export class WriteBatch<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (items: T[]) => void,
    private readonly limits: { maxProbes: number; maxDelayMs: number },
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.limits.maxProbes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.maxDelayMs);
  }

  /** Writes what waits now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.write(items);
  }

  /** Forgets what waits, unwritten (after the store failed: the next run probes those domains again). */
  drop(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    const dropped = this.items.length;
    this.items = [];
    return dropped;
  }
}
