/**
 * Fixed-budget sliding-window rate limits, kept in this process's memory (one per named limit, shared by every
 * copy of this module Next.js loads). Each replica counts on its own, so behind N replicas a caller gets at most
 * N times the budget: these limits exist to blunt abuse (floods of sign-in callbacks, directory scraping, event
 * streams), not to meter. A key is whatever identifies the caller for that limit (a user's e-mail, a client address).
 */
export interface RateLimit {
  /** Counts one request for `key`: allowed, or refused with how long until the oldest counted request leaves the window. */
  take(key: string, now?: number): { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };
  /** Forget every key (tests). */
  reset(): void;
}

export interface RateLimitOptions {
  /** Requests allowed per key within the window. */
  limit: number;
  windowMs: number;
  /** Keys tracked at most; the least recently used are dropped beyond this, so a flood of new keys cannot exhaust memory. */
  maxKeys?: number;
}

const globalForLimits = globalThis as unknown as { identityBridgeRateLimits?: Map<string, RateLimit> };

/** The limit called `name`, created on first use with these options. */
export function rateLimit(name: string, options: RateLimitOptions): RateLimit {
  const limits = (globalForLimits.identityBridgeRateLimits ??= new Map());
  let limit = limits.get(name);
  if (!limit) {
    limit = createRateLimit(options);
    limits.set(name, limit);
  }
  return limit;
}

export function createRateLimit({ limit, windowMs, maxKeys = 10_000 }: RateLimitOptions): RateLimit {
  // Map iteration order is insertion order: re-inserting a key on use keeps the least recently used first.
  const hits = new Map<string, number[]>();
  return {
    take(key, now = Date.now()) {
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      hits.delete(key);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return { allowed: false, retryAfterMs: Math.max(1, (recent[0] as number) + windowMs - now) };
      }
      recent.push(now);
      hits.set(key, recent);
      while (hits.size > maxKeys) hits.delete(hits.keys().next().value as string);
      return { allowed: true, remaining: limit - recent.length };
    },
    reset() {
      hits.clear();
    },
  };
}
