// What the benchmark workers tell of a crawl: nothing but our own bugs, and, if asked, how many retries.
import type { CrawlProgress } from "../../crawler/crawl/crawl.ts";

export function quietProgress(onRetry: () => void = () => {}): CrawlProgress {
  return {
    start() {},
    probed() {},
    retrying: onRetry,
    connectionLost() {},
    failed(domain, error) {
      console.error(domain, error);
    },
    stop() {},
  };
}
