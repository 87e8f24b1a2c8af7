import { describe, expect, it } from "vitest";
import { createPacer } from "./pace";

describe("createPacer", () => {
  it("spaces starts to the rate, shared by concurrent callers", async () => {
    const pace = createPacer(50); // one start every 20 ms
    const started: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        await pace();
        started.push(Date.now() - t0);
      }),
    );
    started.sort((a, b) => a - b);
    // six starts need at least five gaps of 20 ms (timers may fire a millisecond early)
    expect(started[5]).toBeGreaterThanOrEqual(90);
    // the first starts at once
    expect(started[0]).toBeLessThan(15);
  });
});
