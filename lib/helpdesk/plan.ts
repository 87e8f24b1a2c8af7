/**
 * A tiny plan runner: steps with explicit dependencies. "concurrent" starts every step as soon as what it needs
 * is done, so independent upstream calls overlap; "one-at-a-time" runs the same steps in declaration order and
 * tells each step to fan out with a limit of one, so no two upstream calls ever overlap (the benchmark's baseline).
 *
 * Declaring a step returns its handle, typed with what the step returns: a dependant names its dependencies by
 * handle and reads their values with that type, and a step can only depend on one declared before it.
 */
export type PlanMode = "concurrent" | "one-at-a-time";

/** Thrown by `need` when a dependency failed or was skipped: the step is then blocked, not failed. */
export class BlockedError extends Error {
  constructor(readonly by: string) {
    super(`blocked by ${by}`);
    this.name = "BlockedError";
  }
}

export type StepOutcome<T = unknown> = { state: "done"; value: T } | { state: "failed"; error: unknown } | { state: "blocked"; by: string };

declare const valueType: unique symbol;

/** A declared step: its id, and (for the type checker only) the type of the value it returns. */
export interface StepHandle<T> {
  readonly id: string;
  readonly [valueType]?: T;
}

export interface StepContext {
  /** The value of a dependency (declared in `after`); throws BlockedError if it did not succeed. */
  need<T>(step: StepHandle<T>): T;
  /** The outcome of a dependency, whatever it was (for steps that can work around a failure). */
  outcome<T>(step: StepHandle<T>): StepOutcome<T>;
  /** Fan-out limit for this step's own parallel calls: unlimited when concurrent, 1 when one at a time. */
  fanOut: number;
  /** How many sequential upstream round trips this step made (default: 1 if `upstream`, else 0). */
  roundTrips(n: number): void;
}

export interface StepOptions {
  /** The steps whose values this one reads. */
  after?: readonly StepHandle<unknown>[];
  /** Calls a cloud (counts toward round trips); false for database reads. */
  upstream: boolean;
}

interface PlanStep {
  id: string;
  after: string[];
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
  /** What a step came to; undefined only for a handle of another plan. */
  outcome<T>(step: StepHandle<T>): StepOutcome<T> | undefined;
  trace: StepTrace[];
  wallMs: number;
  /** The longest chain of dependent upstream round trips: the lower bound of the wall time in latencies. */
  criticalPathRoundTrips: number;
}

export class Plan {
  private readonly steps: PlanStep[] = [];

  /** Declares a step after its dependencies; the handle it returns carries the step's value type. */
  step<T>(id: string, options: StepOptions, run: (context: StepContext) => Promise<T>): StepHandle<T> {
    const declared = new Set(this.steps.map((s) => s.id));
    if (declared.has(id)) throw new Error(`plan step ${id} declared twice`);
    const after = (options.after ?? []).map((dep) => dep.id);
    for (const dep of after) if (!declared.has(dep)) throw new Error(`plan step ${id} needs ${dep}, which is not declared before it`);
    this.steps.push({ id, after, upstream: options.upstream, run });
    return { id };
  }

  run(mode: PlanMode = "concurrent"): Promise<PlanRun> {
    return runSteps(this.steps, mode);
  }
}

async function runSteps(steps: readonly PlanStep[], mode: PlanMode): Promise<PlanRun> {
  const outcomes = new Map<string, StepOutcome>();
  const traces = new Map<string, StepTrace>();
  const started = performance.now();

  const execute = async (step: PlanStep) => {
    const deps = step.after;
    let roundTrips: number | undefined;
    const declaredOrThrow = (id: string) => {
      if (!deps.includes(id)) throw new Error(`plan step ${step.id} reads ${id} without declaring it`);
    };
    const context: StepContext = {
      need<T>(dep: StepHandle<T>): T {
        declaredOrThrow(dep.id);
        const o = outcomes.get(dep.id);
        if (o?.state !== "done") throw new BlockedError(dep.id);
        // The handle was typed by the step that produced this value.
        return o.value as T;
      },
      outcome<T>(dep: StepHandle<T>): StepOutcome<T> {
        declaredOrThrow(dep.id);
        return (outcomes.get(dep.id) as StepOutcome<T> | undefined) ?? { state: "blocked", by: dep.id };
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
      // Every dependency was declared before this step, so its promise is already in the map.
      const deps = step.after.flatMap((d) => running.get(d) ?? []);
      running.set(
        step.id,
        Promise.all(deps).then(() => execute(step)),
      );
    }
    await Promise.all(running.values());
  }
  const trace = steps.flatMap((s) => traces.get(s.id) ?? []);
  return {
    outcome: <T>(step: StepHandle<T>) => outcomes.get(step.id) as StepOutcome<T> | undefined,
    trace,
    wallMs: performance.now() - started,
    criticalPathRoundTrips: Math.max(0, ...trace.map((t) => t.depth)),
  };
}
