/**
 * The vocabulary of checklist step ids (the SetupStep.step column). What each step is, does and shows lives in
 * its own module (lib/setup/steps/<mode>/<id>.ts); the order of a checklist is its list in checklists.ts.
 */
export const STEP_IDS = [
  "connect",
  "enable-instance",
  "gallery-app",
  "saml-mode",
  "aws-metadata",
  "basic-saml",
  "federation-metadata",
  "idp-metadata-upload",
  "scim-endpoint",
  "provisioning-credentials",
  "mappings",
  "scope-assignments",
  "start-provisioning",
  "prove-user",
  "permission-sets",
  "account-access",
  "test-sign-in",
] as const;

export type StepId = (typeof STEP_IDS)[number];

/** The plain description of a step, as the checklist and the page read it (no functions: safe to hand to any component). */
export interface StepDefinition {
  id: StepId;
  /** Its position in the federation's checklist. */
  number: number;
  side: "Entra" | "AWS" | "Both";
  title: string;
  /** What the setup guides tell a person to do, in today's console names. */
  guide: string;
  /** automated: one click in the portal; manual: a console step the portal then verifies; input: the portal needs something from the admin. */
  how: "automated" | "manual" | "input";
  /** How the portal verifies it. */
  verifiedBy: string;
  requires: StepId[];
}

export const isStepId = (value: unknown): value is StepId => typeof value === "string" && (STEP_IDS as readonly string[]).includes(value);

/** The default project roles (editable before creation). */
export const DEFAULT_PERMISSION_SETS = [
  { name: "ProjectAdmin", label: "Project Admin", managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
  { name: "ProjectUser", label: "Project User", managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
  { name: "ProjectReader", label: "Project Reader", managedPolicyArn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" },
] as const;
