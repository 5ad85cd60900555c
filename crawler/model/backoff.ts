// How long to wait before the next try of something that failed: the one formula for logging in,
// reconnecting and a domain's retries. Pure.

/**
 * The pause before retry number `retry` (1 before the first retry): `firstMs`, doubled before each
 * later one, and never more than `maxMs`.
 */
export function backoffDelay(retry: number, firstMs: number, maxMs = Number.POSITIVE_INFINITY): number {
  return Math.min(firstMs * 2 ** Math.max(retry - 1, 0), maxMs);
}
