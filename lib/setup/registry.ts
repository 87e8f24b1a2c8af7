import "server-only";
import type { z } from "zod";
import { type SetupContext, type StepImplementation, type StepOutcome } from "./context";
import { StepInputError } from "./step-input-error";
import type { StepId } from "./steps";

/** A step implementation with its input parsed at the boundary, so the runner handles every step alike. */
export interface RegisteredStep {
  acceptsInput: boolean;
  run?(context: SetupContext, rawInput: unknown): Promise<StepOutcome>;
  verify(context: SetupContext): Promise<StepOutcome>;
}

export function registerStep<I>(impl: StepImplementation<I>, input?: z.ZodType<I>): RegisteredStep {
  const run = impl.run;
  return {
    acceptsInput: Boolean(input),
    verify: (context) => impl.verify(context),
    run: run
      ? async (context, rawInput) => {
          if (!input) return run(context, undefined as I);
          const parsed = input.safeParse(rawInput);
          if (!parsed.success) throw new StepInputError(parsed.error.issues.map((i) => i.message).join("; "));
          return run(context, parsed.data);
        }
      : undefined,
  };
}

export type StepRegistry = Partial<Record<StepId, RegisteredStep>>;
