import type { RateGroup } from "./state";

/**
 * Token buckets per service group on the sandbox clock: `tps` tokens per second, bursting up to one
 * second's worth. Advancing the clock refills them, as real time would.
 */
export class RateLimiter {
  private buckets = new Map<RateGroup, { tokens: number; at: number }>();

  take(group: RateGroup, tps: number | null, now: number): boolean {
    if (tps === null || tps <= 0) return true;
    const bucket = this.buckets.get(group) ?? { tokens: tps, at: now };
    bucket.tokens = Math.min(tps, bucket.tokens + ((now - bucket.at) / 1000) * tps);
    bucket.at = now;
    this.buckets.set(group, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
