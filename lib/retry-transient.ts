/**
 * Retrying what failed for a passing reason (throttling, an outage, a timeout), not for bad input. Waits what the
 * service asked for (Retry-After) or an exponential backoff with jitter, and never past a total budget, so "still
 * failing" is said only after real retries: Microsoft Graph throttling guidance
 * (https://learn.microsoft.com/graph/throttling) and AWS's retry guidance
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
export interface TransientRetryPolicy {
  /** Tries in all, the first one included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** No wait may end later than this long after the first try: a Retry-After beyond it ends the retries. */
  budgetMs: number;
}

export const TRANSIENT_RETRY: TransientRetryPolicy = { maxAttempts: 5, initialDelayMs: 1_000, maxDelayMs: 10_000, budgetMs: 45_000 };

/** What makes an outcome worth another try; retryAfterMs is the service's own Retry-After when it sent one. */
export interface Transient {
  retryAfterMs?: number;
}

export type Attempted<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface RetryResult<T> {
  outcome: Attempted<T>;
  /** Set when the last outcome was still transient: the retries ran out, not the patience of the caller. */
  transient: Transient | null;
  attempts: number;
  elapsedMs: number;
}

export interface RetryOptions {
  policy?: TransientRetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  onRetry?: (retry: { attempt: number; waitMs: number }) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function backoffMs(policy: TransientRetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
  return Math.max(policy.initialDelayMs / 2, Math.round(ceiling * random()));
}

/** Runs `attempt` until its outcome is not transient, the tries run out, or the next wait would pass the budget. */
export async function retryTransient<T>(
  attempt: () => Promise<T>,
  transientOf: (outcome: Attempted<T>) => Transient | null,
  options: RetryOptions = {},
): Promise<RetryResult<T>> {
  const policy = options.policy ?? TRANSIENT_RETRY;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const started = now();
  for (let tries = 1; ; tries++) {
    let outcome: Attempted<T>;
    try {
      outcome = { ok: true, value: await attempt() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const transient = transientOf(outcome);
    const elapsedMs = now() - started;
    if (!transient) return { outcome, transient: null, attempts: tries, elapsedMs };
    const waitMs = transient.retryAfterMs ?? backoffMs(policy, tries - 1, options.random);
    if (tries >= policy.maxAttempts || elapsedMs + waitMs > policy.budgetMs) return { outcome, transient, attempts: tries, elapsedMs };
    options.onRetry?.({ attempt: tries, waitMs });
    await sleep(waitMs);
  }
}

/** "3 tries over 14 s", for messages that say how hard the portal tried. */
export function describeTries(result: { attempts: number; elapsedMs: number }): string {
  const seconds = Math.max(1, Math.round(result.elapsedMs / 1000));
  return `${result.attempts} ${result.attempts === 1 ? "try" : "tries"} over ${seconds} s`;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3), in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: () => number = Date.now): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}
