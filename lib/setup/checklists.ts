import "server-only";
import { identityCenterSteps } from "./steps/identity-center";
import type { SetupStepModule } from "./steps/types";
import type { StepId } from "./steps";

/**
 * How a federation is set up. identity-center: IAM Identity Center with SCIM provisioning (the checklist today);
 * legacy-iam, Microsoft's per-account tutorial, will be a second list of step modules beside the first.
 */
export const FEDERATION_MODES = ["identity-center"] as const;
export type FederationMode = (typeof FEDERATION_MODES)[number];
export const DEFAULT_MODE: FederationMode = "identity-center";

export const isFederationMode = (value: unknown): value is FederationMode =>
  typeof value === "string" && (FEDERATION_MODES as readonly string[]).includes(value);

const CHECKLISTS: Record<FederationMode, () => readonly SetupStepModule<unknown>[]> = {
  "identity-center": identityCenterSteps,
};

/** The ordered step modules of a federation's checklist; an unknown or missing mode is the default one. */
export function checklistFor(mode: string | null | undefined = DEFAULT_MODE): readonly SetupStepModule<unknown>[] {
  return CHECKLISTS[isFederationMode(mode) ? mode : DEFAULT_MODE]();
}

/** One step's module in a mode's checklist; undefined when that checklist has no such step. */
export function stepModule(id: StepId, mode?: string | null): SetupStepModule<unknown> | undefined {
  return checklistFor(mode).find((step) => step.id === id);
}
