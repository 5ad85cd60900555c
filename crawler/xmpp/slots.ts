// A fixed number of slots handed out first come, first served: the session's cap on IQs in flight
// (politeness.ts MAX_IQS_IN_FLIGHT). A freed slot goes straight to the next in line, so a late
// comer never overtakes one that waits.
export class Slots {
  /**
   * Those waiting, in order, from `head` on: taken from the front by moving `head`, not by
   * Array.shift, which V8 may do by copying the rest (a crawl's start queues hundreds of IQs).
   */
  private waiting: Array<(() => void) | undefined> = [];
  private head = 0;
  private taken = 0;
  private peak = 0;

  constructor(private readonly size: number) {}

  /** Resolves once a slot is ours; give it back with release(). */
  async acquire(): Promise<void> {
    if (this.taken >= this.size) await new Promise<void>((resume) => this.waiting.push(resume));
    else this.taken++;
    this.peak = Math.max(this.peak, this.taken);
  }

  release(): void {
    if (this.head === this.waiting.length) {
      this.taken--;
      return;
    }
    const next = this.waiting[this.head]!;
    this.waiting[this.head++] = undefined;
    // The line is empty: start it again. Else compact once the served half outgrows the rest.
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    next();
  }

  /** Slots taken now, and the most ever taken at once. */
  get inUse(): number {
    return this.taken;
  }
  get peakInUse(): number {
    return this.peak;
  }
  get queued(): number {
    return this.waiting.length - this.head;
  }
}
