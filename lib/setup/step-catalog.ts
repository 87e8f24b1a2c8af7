import type { StepId } from "./steps";

// The checklists' order and titles as plain data, for naming a step anywhere ("step 9 (Provisioning: …)") without
// loading the step modules: lib/setup/step-ref.ts reads this, and the step modules, which name each other through
// step-ref, take their own titles from here. No imports but types, so naming a step never forms an import cycle with
// the modules (lib/setup/checklists.ts holds the modules; step-catalog.test.ts checks both agree).

export const STEP_CATALOG = {
  "identity-center": [
    { id: "connect", title: "Connect to Entra ID and AWS" },
    { id: "enable-instance", title: "Enable IAM Identity Center" },
    { id: "gallery-app", title: "Create the AWS IAM Identity Center enterprise app" },
    { id: "saml-mode", title: "Choose SAML single sign-on" },
    { id: "aws-metadata", title: "Switch AWS to an external identity provider and bring its metadata" },
    { id: "basic-saml", title: "Basic SAML configuration, signing certificate, notification email" },
    { id: "federation-metadata", title: "Download Entra's Federation Metadata XML" },
    { id: "idp-metadata-upload", title: "Upload the Entra metadata to AWS and accept" },
    { id: "scim-endpoint", title: "Enable automatic provisioning in AWS" },
    { id: "provisioning-credentials", title: "Provisioning: Automatic, Tenant URL, Secret Token, Test Connection" },
    { id: "mappings", title: "Mappings: userPrincipalName → userName (the euid rule)" },
    { id: "scope-assignments", title: "Scope: only assigned users and groups; assign them" },
    { id: "start-provisioning", title: "Start provisioning" },
    { id: "prove-user", title: "Provision one user on demand and find them in AWS" },
    { id: "permission-sets", title: "Permission sets for the project roles" },
    { id: "account-access", title: "Give the project groups access to accounts" },
    { id: "test-sign-in", title: "Test sign-in: a user opens the AWS access portal and signs in" },
  ],
  "legacy-iam": [
    { id: "connect", title: "Connect to Entra ID and AWS (legacy per-account mode)" },
    { id: "gallery-app", title: "Create the AWS Single-Account Access enterprise app" },
    { id: "legacy-saml", title: "SAML single sign-on: identifier, reply URL and the AWS claims" },
    { id: "legacy-certificate", title: "Signing certificate, notification email and the federation metadata" },
    { id: "iam-saml-provider", title: "IAM SAML identity provider in each AWS account" },
    { id: "iam-roles", title: "IAM roles that trust the provider" },
    { id: "role-import", title: "Role import: the iam:ListRoles user, its access key and Entra's provisioning" },
    { id: "role-assignments", title: "Assign users and groups with a role" },
    { id: "test-sign-in", title: "Test sign-in: a user opens the app from My Apps and signs in to AWS in a role" },
  ],
} as const satisfies Record<string, readonly { id: StepId; title: string }[]>;

export type CatalogMode = keyof typeof STEP_CATALOG;
type StepOf<M extends CatalogMode> = (typeof STEP_CATALOG)[M][number]["id"];

/** A mode's steps in order; an unknown or missing mode is the default one (IAM Identity Center), as in checklistFor. */
export function catalogFor(mode: string | null | undefined): readonly { id: StepId; title: string }[] {
  return mode === "legacy-iam" ? STEP_CATALOG["legacy-iam"] : STEP_CATALOG["identity-center"];
}

/** A step's title in its mode's checklist (what its module shows as its title). */
export function stepTitle<M extends CatalogMode>(mode: M, id: StepOf<M>): string {
  const entry = (STEP_CATALOG[mode] as readonly { id: string; title: string }[]).find((step) => step.id === id);
  if (!entry) throw new Error(`unknown ${mode} setup step ${id}`);
  return entry.title;
}
