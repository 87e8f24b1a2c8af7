import { isAwsGatewayError } from "../aws/errors";
import { isEntraGatewayError } from "../entra/errors";

/**
 * Shares reads of the sign-in evidence between callers of this process. Entra's sign-in log allows 5 requests per
 * 10 s per app (https://learn.microsoft.com/graph/throttling-limits) and CloudTrail LookupEvents 2 per second per
 * account and Region (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html): a helpdesk
 * agent re-opening a diagnosis, two tabs watching the same test, or a page polling all read the same answer for a few
 * seconds, concurrent callers wait on one request, and after a 429 nobody asks again before Retry-After has passed.
 */
export interface SharedReads {
  read<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
  /** Forget everything (tests). */
  clear(): void;
}

interface Entry {
  /** A settled value or the in-flight request. */
  value: Promise<unknown>;
  expiresAt: number;
}

const MAX_ENTRIES = 500;

/** How long a throttled read stays refused: the Retry-After Entra sent, or a second for CloudTrail's per-second limit. */
export function holdOffMs(error: unknown): number | null {
  if (isEntraGatewayError(error, "throttled")) return (error.retryAfterSeconds ?? 10) * 1000;
  if (isAwsGatewayError(error, "throttled")) return 1_000;
  return null;
}

export function createSharedReads(now: () => number = Date.now): SharedReads {
  const entries = new Map<string, Entry>();
  return {
    read<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return hit.value as Promise<T>;
      if (entries.size >= MAX_ENTRIES) for (const [k, e] of entries) if (e.expiresAt <= now() || entries.size >= MAX_ENTRIES) entries.delete(k);
      const value = load();
      // In flight: everyone asking now shares this request.
      const entry: Entry = { value, expiresAt: Number.POSITIVE_INFINITY };
      entries.set(key, entry);
      value.then(
        () => {
          entry.expiresAt = now() + ttlMs;
        },
        (error: unknown) => {
          // A throttled answer is kept (and re-thrown) until the service said to come back; other failures are not kept.
          const hold = holdOffMs(error);
          if (hold !== null) entry.expiresAt = now() + hold;
          else if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return value;
    },
    clear: () => entries.clear(),
  };
}

/** The process's shared reads of sign-in evidence (the helpdesk and the Test sign-in step). */
export const signInReads: SharedReads = createSharedReads();

/** The helpdesk reads per user for this long; a watched test for a shorter time so it sees the attempt soon. */
export const HELPDESK_TTL_MS = 30_000;
export const WATCH_TTL_MS = 8_000;
