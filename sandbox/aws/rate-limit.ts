import type { RateGroup } from "./state";

/**
 * Token buckets per service group on the sandbox clock: `tps` tokens per second, bursting up to one
 * second's worth. Advancing the clock refills them, as real time would.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  /** `scope` splits a group's bucket, e.g. CloudTrail's limit is per Region. */
  take(group: RateGroup, tps: number | null, now: number, scope = ""): boolean {
    if (tps === null || tps <= 0) return true;
    const key = `${group}:${scope}`;
    const bucket = this.buckets.get(key) ?? { tokens: tps, at: now };
    bucket.tokens = Math.min(tps, bucket.tokens + ((now - bucket.at) / 1000) * tps);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
