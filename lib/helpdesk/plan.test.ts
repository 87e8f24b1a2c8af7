import { describe, expect, expectTypeOf, it } from "vitest";
import { mapLimit } from "../concurrency";
import { Plan, type StepHandle } from "./plan";

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

function diamond(call: <T>(v: T) => Promise<T>) {
  const plan = new Plan();
  const a = plan.step("a", { upstream: true }, () => call(1));
  const b = plan.step("b", { upstream: true }, () => call(2));
  const c = plan.step("c", { after: [a, b], upstream: true }, async (x) => call(x.need(a) + x.need(b)));
  const db = plan.step("db", { after: [a], upstream: false }, async (x) => x.need(a) * 10);
  const fan = plan.step("fan", { after: [c], upstream: true }, async (x) => (await mapLimit([1, 2, 3], x.fanOut, (n) => call(n))).reduce((s, n) => s + n, x.need(c)));
  return { plan, db, fan };
}

describe("Plan", () => {
  it("concurrent: independent steps overlap, and the critical path counts dependent round trips only", async () => {
    const t = tracked();
    const { plan, db, fan } = diamond(t.call);
    const run = await plan.run("concurrent");
    expect(run.outcome(fan)).toEqual({ state: "done", value: 9 });
    expect(run.outcome(db)).toEqual({ state: "done", value: 10 });
    expect(t.max()).toBe(3);
    expect(run.criticalPathRoundTrips).toBe(3);
    expect(run.trace.find((s) => s.id === "db")?.depth).toBe(1);
  });

  it("one at a time: the same answers, never two calls in flight", async () => {
    const t = tracked();
    const { plan, fan } = diamond(t.call);
    const run = await plan.run("one-at-a-time");
    expect(run.outcome(fan)).toEqual({ state: "done", value: 9 });
    expect(t.max()).toBe(1);
  });

  it("a failed step blocks what needs it; steps may read a failed dependency's outcome instead", async () => {
    const boom = new Error("upstream down");
    const plan = new Plan();
    const x = plan.step("x", { upstream: true }, (): Promise<number> => Promise.reject(boom));
    const y = plan.step("y", { after: [x], upstream: true }, async (c) => c.need(x));
    const z = plan.step("z", { after: [x], upstream: false }, async (c) => c.outcome(x).state);
    const run = await plan.run();
    expect(run.outcome(x)).toEqual({ state: "failed", error: boom });
    expect(run.outcome(y)).toEqual({ state: "blocked", by: "x" });
    expect(run.outcome(z)).toEqual({ state: "done", value: "failed" });
    expect(run.trace.find((s) => s.id === "y")?.roundTrips).toBe(0);
  });

  it("refuses a step that needs one not declared before it or reads an undeclared dependency", async () => {
    const elsewhere = new Plan().step("b", { upstream: false }, async () => 2);
    expect(() => new Plan().step("a", { after: [elsewhere], upstream: false }, async () => 1)).toThrow(/not declared before/);
    const twice = new Plan();
    twice.step("a", { upstream: false }, async () => 1);
    expect(() => twice.step("a", { upstream: false }, async () => 1)).toThrow(/declared twice/);
    const plan = new Plan();
    const a = plan.step("a", { upstream: false }, async () => 1);
    const b = plan.step("b", { upstream: false }, async (c) => c.need(a));
    expect((await plan.run()).outcome(b)?.state).toBe("failed");
  });

  it("types a dependant's reads with what the step it needs returns", () => {
    const plan = new Plan();
    const user = plan.step("user", { upstream: true }, async () => ({ id: "u1", groups: ["g"] }));
    expectTypeOf(user).toEqualTypeOf<StepHandle<{ id: string; groups: string[] }>>();
    plan.step("groups", { after: [user], upstream: false }, async (c) => {
      expectTypeOf(c.need(user).groups).toEqualTypeOf<string[]>();
      return c.need(user).groups.length;
    });
  });
});
