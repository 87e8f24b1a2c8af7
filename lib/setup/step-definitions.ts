import { checklistFor } from "./checklists";
import type { StepDefinition, StepId } from "./steps";

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
