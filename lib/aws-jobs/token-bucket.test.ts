import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket";

describe("TokenBucket", () => {
  it("lets a burst of its capacity through at once, then paces at its rate", async () => {
    const bucket = new TokenBucket(50, 5);
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 15 }, () => bucket.take().then(() => times.push(performance.now() - started))));
    times.sort((a, b) => a - b);
    expect(times[4]).toBeLessThan(15);
    // 10 more tokens at 50/s take at least 200 ms (a little less for timer rounding).
    expect(times[14]).toBeGreaterThanOrEqual(180);
    expect(times[14]).toBeLessThan(600);
  });

  it("refuses a rate that would never give a token", () => {
    expect(() => new TokenBucket(0)).toThrow();
  });
});
