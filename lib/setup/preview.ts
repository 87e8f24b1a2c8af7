import "server-only";
import type { SetupContext, StepOutcome } from "./context";
import { registeredSteps } from "./registry";
import type { StepId } from "./steps";

/** What running a step would change, read from live state by the step's own module; nothing is changed. */
export async function previewSetupStep(
  context: SetupContext,
  step: StepId,
  input: unknown,
  mode?: string | null,
): Promise<StepOutcome & { changes: string[] }> {
  const registered = registeredSteps(mode)[step];
  if (!registered) return { changes: ["This step changes nothing in either cloud: it only checks."], evidence: {} };
  const { changes } = await registered.preview(context, input);
  return { changes, evidence: {} };
}
