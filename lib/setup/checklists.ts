import "server-only";
import { identityCenterSteps } from "./steps/identity-center";
import { legacyIamSteps } from "./steps/legacy-iam";
import type { SetupStepModule } from "./steps/types";
import type { StepId } from "./steps";

/**
 * How a federation is set up. identity-center: IAM Identity Center with SCIM provisioning; legacy-iam: Microsoft's
 * per-account tutorial (the "AWS Single-Account Access" app, an IAM SAML provider and roles in each account).
 */
export const FEDERATION_MODES = ["identity-center", "legacy-iam"] as const;
export type FederationMode = (typeof FEDERATION_MODES)[number];
export const DEFAULT_MODE: FederationMode = "identity-center";

export const isFederationMode = (value: unknown): value is FederationMode =>
  typeof value === "string" && (FEDERATION_MODES as readonly string[]).includes(value);

const CHECKLISTS: Record<FederationMode, () => readonly SetupStepModule<unknown>[]> = {
  "identity-center": identityCenterSteps,
  "legacy-iam": legacyIamSteps,
};

/** What the mode choice says about each mode: what it is for and what it costs. */
export const FEDERATION_MODE_INFO: Record<FederationMode, { title: string; recommended: boolean; summary: string; costs: string[] }> = {
  "identity-center": {
    title: "IAM Identity Center",
    recommended: true,
    summary:
      "One enterprise app for the whole AWS organization: Entra provisions users and groups to IAM Identity Center (SCIM), and permission sets give them access to any account. " +
      "AWS and Microsoft recommend it (https://learn.microsoft.com/entra/identity/saas-apps/aws-single-sign-on-tutorial).",
    costs: ["Needs IAM Identity Center enabled in the organization's management account (or a delegated administrator)."],
  },
  "legacy-iam": {
    title: "Legacy per-account (AWS Single-Account Access)",
    recommended: false,
    summary:
      "Entra federates directly with IAM in each AWS account: an IAM SAML identity provider and roles that trust it, the roles imported into Entra and assigned to users " +
      "(https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial). For organizations that already run it, or cannot use IAM Identity Center.",
    costs: [
      "Long-lived IAM access keys: Entra imports the roles with an IAM user's access key, which must be stored and rotated.",
      "One enterprise app per AWS account, each with its own identifier, certificate and role assignments.",
      "No user provisioning: users sign in to roles, AWS keeps no record of who they are beyond the session name.",
    ],
  },
};

/** The ordered step modules of a federation's checklist; an unknown or missing mode is the default one. */
export function checklistFor(mode: string | null | undefined = DEFAULT_MODE): readonly SetupStepModule<unknown>[] {
  return CHECKLISTS[isFederationMode(mode) ? mode : DEFAULT_MODE]();
}

/** One step's module in a mode's checklist; undefined when that checklist has no such step. */
export function stepModule(id: StepId, mode?: string | null): SetupStepModule<unknown> | undefined {
  return checklistFor(mode).find((step) => step.id === id);
}
