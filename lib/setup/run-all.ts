import "server-only";
import { isSandboxMode } from "../config/env";
import type { Database } from "../db";
import { checklistFor } from "./checklists";
import type { FederationFacts } from "./facts";
import { publishSetupEvent } from "./progress";
import { previewStep, runSetupStep, type RunOptions } from "./run-step";
import { DEFAULT_FEDERATION, loadChecklist, type Checklist } from "./store";
import type { SetupStepModule } from "./steps/types";
import type { StepId } from "./steps";

/**
 * "Run automated steps": every step the portal can do by itself, in checklist order, up to the next one that needs a
 * person. Works for any checklist: what a step needs is read from its module (`run`, `how`, `input`, `defaultInput`).
 */

/** What a step needs to go on: the portal runs it with this input, or a person does something first. */
export type StepNeed =
  | { kind: "portal"; input: unknown }
  /** console: a person does it in a console (the page watches for its evidence); input: a person gives the step something. */
  | { kind: "person"; why: "console" | "input" };

export function needOf(step: SetupStepModule<unknown>, known: { facts: FederationFacts; sandbox: boolean }): StepNeed {
  // A step with nothing to run is done by checking it: a preflight the portal checks, or a console step a person does.
  if (!step.run) return step.how === "manual" ? { kind: "person", why: "console" } : { kind: "portal", input: undefined };
  if (!step.input) return { kind: "portal", input: undefined };
  if (step.defaultInput) {
    const input = step.defaultInput(known);
    return input === null ? { kind: "person", why: "input" } : { kind: "portal", input };
  }
  return step.input.safeParse(undefined).success ? { kind: "portal", input: undefined } : { kind: "person", why: "input" };
}

export interface PlannedStep {
  id: StepId;
  number: number;
  title: string;
}

export interface AutomatedPlan {
  /** The steps one "Run automated steps" would run, in order. */
  steps: PlannedStep[];
  /** The step after them that needs a person; null when the run would reach the end of the checklist. */
  stopsAt: (PlannedStep & { why: "console" | "input" }) | null;
}

const planned = (step: { id: StepId; number: number; title: string }): PlannedStep => ({ id: step.id, number: step.number, title: step.title });

/** The batch from where the checklist stands: its steps not done, in order, until one needs a person. Reads only the database. */
export function planFrom(checklist: Checklist, sandbox = isSandboxMode()): AutomatedPlan {
  const modules = new Map(checklistFor(checklist.mode).map((step) => [step.id, step]));
  const steps: PlannedStep[] = [];
  for (const step of checklist.steps) {
    if (step.state.status === "done") continue;
    const stepModule = modules.get(step.id);
    const need = stepModule ? needOf(stepModule, { facts: checklist.facts, sandbox }) : ({ kind: "person", why: "input" } as const);
    if (need.kind === "person") return { steps, stopsAt: { ...planned(step), why: need.why } };
    steps.push(planned(step));
  }
  return { steps, stopsAt: null };
}

export async function planAutomatedSteps(database: Database, federationId = DEFAULT_FEDERATION): Promise<AutomatedPlan> {
  return planFrom(await loadChecklist(database, federationId));
}

/**
 * The plan with each step's preview, read from live state; changes nothing. A step whose preview needs what an
 * earlier step of the same batch creates says so instead (its own card previews it once that step has run).
 */
export async function previewAutomatedSteps(database: Database, actor: { email: string; name: string }, federationId = DEFAULT_FEDERATION) {
  const checklist = await loadChecklist(database, federationId);
  const plan = planFrom(checklist);
  const modules = new Map(checklistFor(checklist.mode).map((step) => [step.id, step]));
  const steps = await Promise.all(
    plan.steps.map(async (step) => {
      const stepModule = modules.get(step.id);
      const need = stepModule ? needOf(stepModule, { facts: checklist.facts, sandbox: isSandboxMode() }) : null;
      const preview = await previewStep(database, step.id, need?.kind === "portal" ? need.input : undefined, actor, federationId);
      const earlier = plan.steps.filter((s) => s.number < step.number).map((s) => `${s.number}. ${s.title}`);
      const changes = preview.ok
        ? preview.changes
        : [earlier.length ? `Shown once ${earlier[earlier.length - 1]} has run: ${preview.message}` : `Cannot preview yet: ${preview.message}`];
      return { ...step, changes };
    }),
  );
  return { steps, stopsAt: plan.stopsAt };
}

export type AutomatedRunResult = {
  /** finished: the checklist is done; stopped: the next step needs a person (or was not in what was confirmed); failed: a step failed. */
  status: "finished" | "stopped" | "failed";
  ran: StepId[];
  /** The step it stopped or failed at. */
  at?: PlannedStep;
  message: string;
};

/**
 * Runs the confirmed steps in order, each as its own attempt (`runSetupStep`: its lease, heartbeat and recorded
 * outcome), until the next step needs a person, is not among `confirmed` (the preview the admin saw), or fails.
 * The sequence keeps no state of its own: where it stands is the steps' records, so after a crash the next run
 * starts at the first step not done — an interrupted one re-runs and adopts what its attempt had created — and a
 * second run beside it is refused step by step by the lease.
 */
export async function runAutomatedSteps(
  database: Database,
  actor: { email: string; name: string },
  confirmed: readonly StepId[],
  federationId = DEFAULT_FEDERATION,
  options: RunOptions = {},
): Promise<AutomatedRunResult> {
  const ran: StepId[] = [];
  const finish = (result: AutomatedRunResult) => {
    publishSetupEvent({
      type: "run",
      federationId,
      status: result.status === "failed" ? "failed" : result.status,
      step: result.at?.id,
      message: result.message,
    });
    return result;
  };
  publishSetupEvent({ type: "run", federationId, status: "running" });
  // Bounded by the checklist: each turn either finishes a step or stops.
  for (let turn = 0; turn <= checklistFor().length + 1; turn++) {
    const checklist = await loadChecklist(database, federationId);
    const plan = planFrom(checklist);
    const next = plan.steps[0];
    if (!next) {
      if (!plan.stopsAt) return finish({ status: "finished", ran, message: `All ${checklist.total} steps are done.` });
      const why = plan.stopsAt.why === "console" ? "you do it in the AWS console; the portal watches for it" : "it needs your input on its card";
      return finish({ status: "stopped", ran, at: plan.stopsAt, message: `Stopped at ${plan.stopsAt.number}. ${plan.stopsAt.title}: ${why}.` });
    }
    if (!confirmed.includes(next.id))
      return finish({
        status: "stopped",
        ran,
        at: next,
        message: `Stopped before ${next.number}. ${next.title}: it was not in the preview you confirmed. Preview again.`,
      });
    const stepModule = checklistFor(checklist.mode).find((step) => step.id === next.id);
    const need = stepModule ? needOf(stepModule, { facts: checklist.facts, sandbox: isSandboxMode() }) : null;
    const result = await runSetupStep(database, next.id, "run", need?.kind === "portal" ? need.input : undefined, actor, federationId, options);
    if (!result.ok) return finish({ status: "failed", ran, at: next, message: `${next.number}. ${next.title} failed: ${result.message}` });
    ran.push(next.id);
  }
  return finish({ status: "stopped", ran, message: "Stopped: the checklist did not settle." });
}
