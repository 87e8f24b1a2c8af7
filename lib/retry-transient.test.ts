import { describe, expect, it } from "vitest";
import { describeTries, retryAfterMs, retryTransient, type TransientRetryPolicy } from "./retry-transient";

const policy: TransientRetryPolicy = { maxAttempts: 4, initialDelayMs: 1_000, maxDelayMs: 8_000, budgetMs: 30_000 };

/** A fake clock: sleeping moves it, so the elapsed time the retries report is the time they waited. */
function clock() {
  let now = 0;
  const waits: number[] = [];
  return { waits, now: () => now, sleep: async (ms: number) => void (waits.push(ms), (now += ms)) };
}

describe("retryTransient", () => {
  it("waits what Retry-After asks, then succeeds", async () => {
    const c = clock();
    const answers = [429, 429, 200];
    const result = await retryTransient(
      async () => answers.shift() ?? 200,
      (o) => (o.ok && o.value === 429 ? { retryAfterMs: 5_000 } : null),
      { policy, ...c },
    );
    expect(result).toMatchObject({ outcome: { ok: true, value: 200 }, transient: null, attempts: 3, elapsedMs: 10_000 });
    expect(c.waits).toEqual([5_000, 5_000]);
  });

  it("backs off exponentially without Retry-After, and stops at the attempt limit saying it was still transient", async () => {
    const c = clock();
    const result = await retryTransient(async () => 503, () => ({}), { policy, ...c, random: () => 1 });
    expect(c.waits).toEqual([1_000, 2_000, 4_000]);
    expect(result).toMatchObject({ transient: {}, attempts: 4, elapsedMs: 7_000 });
    expect(describeTries(result)).toBe("4 tries over 7 s");
  });

  it("never waits past the budget: a Retry-After beyond it ends the retries at once", async () => {
    const c = clock();
    const result = await retryTransient(async () => 429, () => ({ retryAfterMs: 60_000 }), { policy, ...c });
    expect(c.waits).toEqual([]);
    expect(result).toMatchObject({ attempts: 1, transient: { retryAfterMs: 60_000 } });
  });

  it("does not retry what is not transient (bad input), and passes thrown errors through", async () => {
    const c = clock();
    const refused = await retryTransient(
      async () => {
        throw new Error("401");
      },
      () => null,
      { policy, ...c },
    );
    expect(refused).toMatchObject({ outcome: { ok: false }, transient: null, attempts: 1 });
    expect(c.waits).toEqual([]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("3")).toBe(3_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), () => 4_000)).toBe(6_000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
