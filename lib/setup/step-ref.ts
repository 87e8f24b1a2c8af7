import { STEPS, type StepId } from "./steps";

/**
 * How messages and links anywhere in the portal name a setup step: its number comes from its position in
 * the checklist, so inserting or moving a step never leaves a message pointing at the wrong one.
 */
export function stepNumber(id: StepId): number {
  const index = STEPS.findIndex((step) => step.id === id);
  if (index < 0) throw new Error(`unknown setup step ${id}`);
  return index;
}

/** "step 9 (Provisioning: Automatic, Tenant URL, …)" for prose. */
export function stepRef(id: StepId): string {
  const step = STEPS[stepNumber(id)];
  return `step ${stepNumber(id)} (${step?.title ?? id})`;
}

/** The step's card on the Setup page. */
export function stepHref(id: StepId): string {
  return `/setup#step-${id}`;
}
