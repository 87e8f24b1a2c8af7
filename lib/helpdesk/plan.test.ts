import { describe, expect, it } from "vitest";
import { mapLimit } from "../concurrency";
import { runPlan, type PlanStep } from "./plan";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Steps that each "call upstream" for `ms`, recording how many calls were in flight at once. */
function tracked(ms = 20) {
  let inFlight = 0;
  let maxInFlight = 0;
  const call = async <T>(value: T): Promise<T> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await sleep(ms);
    inFlight--;
    return value;
  };
  return { call, max: () => maxInFlight };
}

function diamond(call: <T>(v: T) => Promise<T>): PlanStep[] {
  return [
    { id: "a", upstream: true, run: () => call(1) },
    { id: "b", upstream: true, run: () => call(2) },
    { id: "c", after: ["a", "b"], upstream: true, run: async (c) => call(c.need<number>("a") + c.need<number>("b")) },
    { id: "db", after: ["a"], upstream: false, run: async (c) => c.need<number>("a") * 10 },
    {
      id: "fan",
      after: ["c"],
      upstream: true,
      run: async (c) => (await mapLimit([1, 2, 3], c.fanOut, (x) => call(x))).reduce((s, x) => s + x, c.need<number>("c")),
    },
  ];
}

describe("runPlan", () => {
  it("concurrent: independent steps overlap, and the critical path counts dependent round trips only", async () => {
    const t = tracked();
    const run = await runPlan(diamond(t.call), "concurrent");
    expect(run.outcomes.get("fan")).toEqual({ state: "done", value: 9 });
    expect(run.outcomes.get("db")).toEqual({ state: "done", value: 10 });
    expect(t.max()).toBe(3);
    expect(run.criticalPathRoundTrips).toBe(3);
    expect(run.trace.find((s) => s.id === "db")?.depth).toBe(1);
  });

  it("one at a time: the same answers, never two calls in flight", async () => {
    const t = tracked();
    const run = await runPlan(diamond(t.call), "one-at-a-time");
    expect(run.outcomes.get("fan")).toEqual({ state: "done", value: 9 });
    expect(t.max()).toBe(1);
  });

  it("a failed step blocks what needs it; steps may read a failed dependency's outcome instead", async () => {
    const boom = new Error("upstream down");
    const run = await runPlan([
      { id: "x", upstream: true, run: () => Promise.reject(boom) },
      { id: "y", after: ["x"], upstream: true, run: async (c) => c.need("x") },
      { id: "z", after: ["x"], upstream: false, run: async (c) => c.outcome("x").state },
    ]);
    expect(run.outcomes.get("x")).toEqual({ state: "failed", error: boom });
    expect(run.outcomes.get("y")).toEqual({ state: "blocked", by: "x" });
    expect(run.outcomes.get("z")).toEqual({ state: "done", value: "failed" });
    expect(run.trace.find((s) => s.id === "y")?.roundTrips).toBe(0);
  });

  it("refuses a step that needs one declared after it or reads an undeclared dependency", async () => {
    await expect(runPlan([{ id: "a", after: ["b"], upstream: false, run: async () => 1 }, { id: "b", upstream: false, run: async () => 2 }])).rejects.toThrow(/not declared before/);
    const run = await runPlan([
      { id: "a", upstream: false, run: async () => 1 },
      { id: "b", upstream: false, run: async (c) => c.need("a") },
    ]);
    expect(run.outcomes.get("b")?.state).toBe("failed");
  });
});
