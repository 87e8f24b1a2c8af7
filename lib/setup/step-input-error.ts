import { StepError } from "./context";

/**
 * The step's input was refused before anything was changed (a file that is not the right metadata, a malformed
 * value). The runner answers the form with it but keeps the step's standing result: a Done step stays Done.
 */
export class StepInputError extends StepError {
  constructor(message: string, fieldErrors?: Record<string, string[]>) {
    super(message, fieldErrors);
    this.name = "StepInputError";
  }
}
