/**
 * A tiny plan runner: steps with explicit dependencies. "concurrent" starts every step as soon as what it needs
 * is done, so independent upstream calls overlap; "one-at-a-time" runs the same steps in declaration order and
 * tells each step to fan out with a limit of one, so no two upstream calls ever overlap (the benchmark's baseline).
 */
export type PlanMode = "concurrent" | "one-at-a-time";

/** Thrown by `need` when a dependency failed or was skipped: the step is then blocked, not failed. */
export class BlockedError extends Error {
  constructor(readonly by: string) {
    super(`blocked by ${by}`);
    this.name = "BlockedError";
  }
}

export type StepOutcome = { state: "done"; value: unknown } | { state: "failed"; error: unknown } | { state: "blocked"; by: string };

export interface StepContext {
  /** The value of a dependency (declared in `after`); throws BlockedError if it did not succeed. */
  need<T>(id: string): T;
  /** The outcome of a dependency, whatever it was (for steps that can work around a failure). */
  outcome(id: string): StepOutcome;
  /** Fan-out limit for this step's own parallel calls: unlimited when concurrent, 1 when one at a time. */
  fanOut: number;
  /** How many sequential upstream round trips this step made (default: 1 if `upstream`, else 0). */
  roundTrips(n: number): void;
}

export interface PlanStep {
  id: string;
  after?: string[];
  /** Calls a cloud (counts toward round trips); false for database reads. */
  upstream: boolean;
  run(context: StepContext): Promise<unknown>;
}

export interface StepTrace {
  id: string;
  state: StepOutcome["state"];
  startedMs: number;
  endedMs: number;
  roundTrips: number;
  /** Upstream round trips on the longest dependency chain ending with this step. */
  depth: number;
}

export interface PlanRun {
  outcomes: Map<string, StepOutcome>;
  trace: StepTrace[];
  wallMs: number;
  /** The longest chain of dependent upstream round trips: the lower bound of the wall time in latencies. */
  criticalPathRoundTrips: number;
}

export async function runPlan(steps: readonly PlanStep[], mode: PlanMode = "concurrent"): Promise<PlanRun> {
  const ids = new Set<string>();
  for (const step of steps) {
    for (const dep of step.after ?? []) if (!ids.has(dep)) throw new Error(`plan step ${step.id} needs ${dep}, which is not declared before it`);
    if (ids.has(step.id)) throw new Error(`plan step ${step.id} declared twice`);
    ids.add(step.id);
  }
  const outcomes = new Map<string, StepOutcome>();
  const traces = new Map<string, StepTrace>();
  const started = performance.now();

  const execute = async (step: PlanStep) => {
    const deps = step.after ?? [];
    let roundTrips: number | undefined;
    const context: StepContext = {
      need<T>(id: string): T {
        if (!deps.includes(id)) throw new Error(`plan step ${step.id} reads ${id} without declaring it`);
        const o = outcomes.get(id);
        if (o?.state !== "done") throw new BlockedError(id);
        return o.value as T;
      },
      outcome(id: string): StepOutcome {
        if (!deps.includes(id)) throw new Error(`plan step ${step.id} reads ${id} without declaring it`);
        return outcomes.get(id) ?? { state: "blocked", by: id };
      },
      fanOut: mode === "concurrent" ? Number.POSITIVE_INFINITY : 1,
      roundTrips(n: number) {
        roundTrips = n;
      },
    };
    const startedMs = performance.now() - started;
    let outcome: StepOutcome;
    try {
      outcome = { state: "done", value: await step.run(context) };
    } catch (error) {
      outcome = error instanceof BlockedError ? { state: "blocked", by: error.by } : { state: "failed", error };
    }
    outcomes.set(step.id, outcome);
    const own = outcome.state === "blocked" ? 0 : (roundTrips ?? (step.upstream ? 1 : 0));
    const depth = Math.max(0, ...deps.map((d) => traces.get(d)?.depth ?? 0)) + own;
    traces.set(step.id, { id: step.id, state: outcome.state, startedMs, endedMs: performance.now() - started, roundTrips: own, depth });
  };

  if (mode === "one-at-a-time") {
    for (const step of steps) await execute(step);
  } else {
    const running = new Map<string, Promise<void>>();
    for (const step of steps) {
      const deps = (step.after ?? []).map((d) => running.get(d) as Promise<void>);
      running.set(
        step.id,
        Promise.all(deps).then(() => execute(step)),
      );
    }
    await Promise.all(running.values());
  }
  const trace = steps.map((s) => traces.get(s.id) as StepTrace);
  return { outcomes, trace, wallMs: performance.now() - started, criticalPathRoundTrips: Math.max(0, ...trace.map((t) => t.depth)) };
}
