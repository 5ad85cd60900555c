// A fixed number of slots handed out first come, first served: the session's cap on IQs in flight
// (politeness.ts MAX_IQS_IN_FLIGHT). A freed slot goes straight to the next in line, so a late
// comer never overtakes one that waits.
export class Slots {
  private readonly waiting: Array<() => void> = [];
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
    const next = this.waiting.shift();
    if (next) next();
    else this.taken--;
  }

  /** Slots taken now, and the most ever taken at once. */
  get inUse(): number {
    return this.taken;
  }
  get peakInUse(): number {
    return this.peak;
  }
  get queued(): number {
    return this.waiting.length;
  }
}
