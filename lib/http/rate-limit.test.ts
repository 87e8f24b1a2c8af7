import { describe, expect, it } from "vitest";
import { createRateLimit, rateLimit } from "./rate-limit";

describe("rate limits", () => {
  it("allows the budget within the window, refuses the next with the wait, and allows again once the oldest leaves", () => {
    const limit = createRateLimit({ limit: 3, windowMs: 1_000 });
    expect(limit.take("a", 0)).toEqual({ allowed: true, remaining: 2 });
    expect(limit.take("a", 100)).toEqual({ allowed: true, remaining: 1 });
    expect(limit.take("a", 200)).toEqual({ allowed: true, remaining: 0 });
    expect(limit.take("a", 300)).toEqual({ allowed: false, retryAfterMs: 700 });
    // Another caller has its own budget.
    expect(limit.take("b", 300).allowed).toBe(true);
    expect(limit.take("a", 1_000)).toEqual({ allowed: true, remaining: 0 });
  });

  it("refused requests do not count, so a caller who waits gets through", () => {
    const limit = createRateLimit({ limit: 1, windowMs: 1_000 });
    limit.take("a", 0);
    for (let t = 1; t < 1_000; t += 100) expect(limit.take("a", t).allowed).toBe(false);
    expect(limit.take("a", 1_000).allowed).toBe(true);
  });

  it("keeps at most maxKeys callers, dropping the least recently seen", () => {
    const limit = createRateLimit({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    limit.take("a", 0);
    limit.take("b", 1);
    limit.take("c", 2);
    // "a" was dropped, so it starts afresh; "c" is still counted.
    expect(limit.take("a", 3).allowed).toBe(true);
    expect(limit.take("c", 4).allowed).toBe(false);
  });

  it("one named limit per process: the second call gets the first's counts", () => {
    const first = rateLimit("test:shared", { limit: 1, windowMs: 60_000 });
    first.reset();
    first.take("x");
    expect(rateLimit("test:shared", { limit: 99, windowMs: 1 }).take("x").allowed).toBe(false);
  });
});
