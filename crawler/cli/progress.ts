// Showing a crawl's progress: a bar on a terminal, plain log lines otherwise.
import { SingleBar } from "cli-progress";
import type { DomainReport } from "../contract.ts";
import type { CrawlProgress } from "../crawl/crawl.ts";
import { terminalSafe } from "../model/invisible.ts";

const LOG_EVERY_MS = 10_000;

export function createProgress(stream: NodeJS.WriteStream = process.stderr): CrawlProgress {
  return stream.isTTY ? new BarProgress(stream) : new LogProgress(stream);
}

abstract class Tally implements CrawlProgress {
  protected total = 0;
  protected done = 0;
  protected failures = 0;
  protected startedAt = Date.now();
  protected doneAtStart = 0;
  constructor(protected readonly stream: NodeJS.WriteStream) {}

  protected rate(): number {
    const seconds = (Date.now() - this.startedAt) / 1000;
    return seconds > 0 ? (this.done - this.doneAtStart) / seconds : 0;
  }

  start(total: number, alreadyDone: number, crawlId: number, resumed: boolean): void {
    this.total = total;
    this.done = alreadyDone;
    this.doneAtStart = alreadyDone;
    this.startedAt = Date.now();
    this.line(`${resumed ? "Resuming" : "Starting"} crawl #${crawlId}: ${total - alreadyDone} of ${total} domains to probe.`);
  }

  probed(report: DomainReport, _attempts: number): void {
    this.done++;
    if (report.outcome !== "ok") this.failures++;
  }

  retrying(domain: string, reason: string): void {
    this.line(`${terminalSafe(domain)}: ${terminalSafe(reason)}, will retry later in this crawl.`);
  }

  connectionLost(domain: string): void {
    this.line(`Our own connection dropped while probing ${terminalSafe(domain)}; it will be probed again.`);
  }

  failed(domain: string, error: Error): void {
    this.line(`Internal error while probing ${terminalSafe(domain)} (recorded as internal-error, not judged): ${error.stack ?? error.message}`);
  }

  abstract line(text: string): void;
  abstract stop(): void;
}

class BarProgress extends Tally {
  private readonly bar = new SingleBar({
    format: "{bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | unreachable {failures}",
    hideCursor: true,
    etaBuffer: 50,
    stream: this.stream,
  });

  override start(total: number, alreadyDone: number, crawlId: number, resumed: boolean): void {
    super.start(total, alreadyDone, crawlId, resumed);
    this.bar.start(total, alreadyDone, { rate: "0.0", failures: 0 });
  }

  override probed(report: DomainReport, attempts: number): void {
    super.probed(report, attempts);
    this.bar.update(this.done, { rate: this.rate().toFixed(1), failures: this.failures });
  }

  line(text: string): void {
    if (this.bar.isActive) this.bar.stop();
    this.stream.write(`${text}\n`);
    if (this.total > 0 && this.done < this.total) this.bar.start(this.total, this.done, { rate: this.rate().toFixed(1), failures: this.failures });
  }

  stop(): void {
    this.bar.stop();
  }
}

class LogProgress extends Tally {
  private lastLog = 0;

  override probed(report: DomainReport, attempts: number): void {
    super.probed(report, attempts);
    const now = Date.now();
    if (now - this.lastLog >= LOG_EVERY_MS || this.done === this.total) {
      this.lastLog = now;
      this.line(`progress: ${this.done}/${this.total} probed, ${this.rate().toFixed(1)}/s, ${this.failures} unreachable`);
    }
  }

  line(text: string): void {
    this.stream.write(`${text}\n`);
  }

  stop(): void {}
}
