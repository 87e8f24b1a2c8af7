import { catalogFor } from "./step-catalog";
import type { StepId } from "./steps";

/**
 * How messages and links anywhere in the portal name a setup step: its number comes from its position in
 * the federation's checklist, so inserting or moving a step never leaves a message pointing at the wrong one.
 * Read from the step catalog (plain data), never from the step modules, which name each other through here.
 */
export function stepNumber(id: StepId, mode?: string | null): number {
  const index = catalogFor(mode).findIndex((step) => step.id === id);
  if (index < 0) throw new Error(`unknown setup step ${id}`);
  return index;
}

/** "step 9 (Provisioning: Automatic, Tenant URL, …)" for prose. */
export function stepRef(id: StepId, mode?: string | null): string {
  const number = stepNumber(id, mode);
  return `step ${number} (${catalogFor(mode)[number]?.title ?? id})`;
}

/** The step's card on the Setup page. */
export function stepHref(id: StepId): string {
  return `/setup#step-${id}`;
}
