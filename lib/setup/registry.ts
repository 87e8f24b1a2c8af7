import "server-only";
import type { z } from "zod";
import { checklistFor } from "./checklists";
import type { SetupContext, StepOutcome } from "./context";
import { StepInputError } from "./step-input-error";
import type { SetupStepModule, StepPreview } from "./steps/types";
import type { StepId } from "./steps";

/** A step module with its input parsed at the boundary, so the runner handles every step alike. */
export interface RegisteredStep {
  run?(context: SetupContext, rawInput: unknown): Promise<StepOutcome>;
  verify(context: SetupContext): Promise<StepOutcome>;
  preview(context: SetupContext, rawInput: unknown): Promise<StepPreview>;
}

/** Every field's messages by its path; issues about the whole input go under "". */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.map(String).join(".")] ??= []).push(issue.message);
  return fields;
}

/** The step's input, parsed with its schema; bad input is a StepError carrying each field's messages. */
export function parseStepInput<I>(step: SetupStepModule<I>, rawInput: unknown): I {
  if (!step.input) return undefined as I;
  const parsed = step.input.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    // The message stands alone where no form shows the fields (the card's "last attempt", logs); forms show each beside its field.
    const summary = Object.entries(fieldErrors).map(([path, messages]) => (path ? `${path}: ${messages.join("; ")}` : messages.join("; ")));
    throw new StepInputError(`Check the step's input: ${summary.join("; ")}.`, fieldErrors);
  }
  return parsed.data;
}

export function registerStep<I>(step: SetupStepModule<I>): RegisteredStep {
  const run = step.run;
  return {
    verify: (context) => step.verify(context),
    run: run ? (context, rawInput) => run(context, parseStepInput(step, rawInput)) : undefined,
    preview: (context, rawInput) => step.preview(context, parseStepInput(step, rawInput)),
  };
}

export type StepRegistry = Partial<Record<StepId, RegisteredStep>>;

/** The registered steps of a mode's checklist, by id. */
export function registeredSteps(mode?: string | null): StepRegistry {
  return Object.fromEntries(checklistFor(mode).map((step) => [step.id, registerStep(step)]));
}
