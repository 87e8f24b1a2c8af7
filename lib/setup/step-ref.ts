import { checklistFor } from "./checklists";
import type { StepDefinition, StepId } from "./steps";

/**
 * How messages and links anywhere in the portal name a setup step: its number comes from its position in
 * the federation's checklist, so inserting or moving a step never leaves a message pointing at the wrong one.
 */
export function stepNumber(id: StepId, mode?: string | null): number {
  const index = checklistFor(mode).findIndex((step) => step.id === id);
  if (index < 0) throw new Error(`unknown setup step ${id}`);
  return index;
}

/** "step 9 (Provisioning: Automatic, Tenant URL, …)" for prose. */
export function stepRef(id: StepId, mode?: string | null): string {
  const number = stepNumber(id, mode);
  return `step ${number} (${checklistFor(mode)[number]?.title ?? id})`;
}

/** The step's card on the Setup page. */
export function stepHref(id: StepId): string {
  return `/setup#step-${id}`;
}

/** The checklist's steps as plain data, numbered by position: what the store and the page hand around. */
export function stepDefinitions(mode?: string | null): StepDefinition[] {
  return checklistFor(mode).map(({ id, side, title, guide, how, verifiedBy, requires }, number) => ({
    id,
    number,
    side,
    title,
    guide,
    how,
    verifiedBy,
    requires,
  }));
}

/** One step's plain description, numbered by its position. */
export function stepById(id: StepId, mode?: string | null): StepDefinition {
  const step = stepDefinitions(mode).find((s) => s.id === id);
  if (!step) throw new Error(`unknown setup step ${id}`);
  return step;
}
