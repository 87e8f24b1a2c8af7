/**
 * The Identity Center checklist (DESIGN.md §3, steps 0–14): what each step is, which side it is on,
 * what the guides say, whether the portal does it or a person does it in a console, and what must be
 * done first. Pure data, shared by the server (runner) and the page.
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
] as const;

export type StepId = (typeof STEP_IDS)[number];

export interface StepDefinition {
  id: StepId;
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

export const STEPS: StepDefinition[] = [
  {
    id: "connect",
    number: 0,
    side: "Both",
    title: "Connect to Entra ID and AWS",
    guide: "Give the portal an Entra app registration with the Microsoft Graph application permissions below, and AWS credentials with the IAM policy below.",
    how: "automated",
    verifiedBy: "Preflight: the Graph token's roles claim, and one AWS call per permission the portal needs.",
    requires: [],
  },
  {
    id: "enable-instance",
    number: 1,
    side: "AWS",
    title: "Enable IAM Identity Center",
    guide: "In the AWS console, search for IAM Identity Center (formerly AWS SSO), check the region in the top-right corner, and choose Enable.",
    how: "manual",
    verifiedBy: "ListInstances returns the instance ARN and identity store id.",
    requires: ["connect"],
  },
  {
    id: "gallery-app",
    number: 2,
    side: "Entra",
    title: "Create the AWS IAM Identity Center enterprise app",
    guide: 'Entra ID → Enterprise applications → New application → search "AWS" → AWS IAM Identity Center (successor to AWS Single Sign-On) → Create.',
    how: "automated",
    verifiedBy: "The application and its service principal are readable (after Entra's replication delay).",
    requires: ["connect"],
  },
  {
    id: "saml-mode",
    number: 3,
    side: "Entra",
    title: "Choose SAML single sign-on",
    guide: "In the enterprise app, open Single sign-on and choose SAML.",
    how: "automated",
    verifiedBy: "The service principal reads back preferredSingleSignOnMode = saml.",
    requires: ["gallery-app"],
  },
  {
    id: "aws-metadata",
    number: 4,
    side: "AWS",
    title: "Switch AWS to an external identity provider and bring its metadata",
    guide:
      "IAM Identity Center → Settings → Identity source → Actions → Change identity source → External identity provider → Next. Download the service provider metadata file and drop it here.",
    how: "input",
    verifiedBy: "The file is parsed and validated in your browser and again on the server; its identity store id must match the instance.",
    requires: ["enable-instance"],
  },
  {
    id: "basic-saml",
    number: 5,
    side: "Entra",
    title: "Basic SAML configuration, signing certificate, notification email",
    guide:
      "Single sign-on → Upload metadata file (the AWS file) → Identifier and Reply URL are filled in; set Sign on URL to the AWS access portal URL; Save. SAML Signing Certificate: add one and set the notification email.",
    how: "automated",
    verifiedBy: "Identifier, reply URLs and sign-on URL read back equal to the AWS metadata; an active signing certificate exists.",
    requires: ["saml-mode", "aws-metadata"],
  },
  {
    id: "federation-metadata",
    number: 6,
    side: "Entra",
    title: "Download Entra's Federation Metadata XML",
    guide: "SAML Signing Certificate → Federation Metadata XML → Download.",
    how: "automated",
    verifiedBy: "The signature, certificate, expiry and entity id of the downloaded XML are checked.",
    requires: ["basic-saml"],
  },
  {
    id: "idp-metadata-upload",
    number: 7,
    side: "AWS",
    title: "Upload the Entra metadata to AWS and accept",
    guide:
      "Back in AWS (Configure external identity provider): IdP SAML metadata → Choose file → the Entra file → Next → review → type ACCEPT → Change identity source.",
    how: "manual",
    verifiedBy: "The AWS access portal start URL now redirects to this tenant's SAML sign-in endpoint.",
    requires: ["federation-metadata"],
  },
  {
    id: "scim-endpoint",
    number: 8,
    side: "AWS",
    title: "Enable automatic provisioning in AWS",
    guide:
      "IAM Identity Center → Settings → Automatic provisioning → Enable. Copy the SCIM endpoint and the access token (shown only once) and paste them here.",
    how: "input",
    verifiedBy: "A SCIM call with the token succeeds; the token is stored encrypted and its one-year expiry is tracked.",
    requires: ["idp-metadata-upload"],
  },
  {
    id: "provisioning-credentials",
    number: 9,
    side: "Entra",
    title: "Provisioning: Automatic, Tenant URL, Secret Token, Test Connection",
    guide: "Enterprise app → Provisioning → Provisioning Mode: Automatic → Tenant URL and Secret Token from AWS → Test Connection → Save.",
    how: "automated",
    verifiedBy: "validateCredentials succeeds against the AWS SCIM endpoint.",
    requires: ["gallery-app", "scim-endpoint"],
  },
  {
    id: "mappings",
    number: 10,
    side: "Entra",
    title: "Mappings: userPrincipalName → userName (the euid rule)",
    guide:
      "Provisioning → Mappings. The userPrincipalName → userName mapping is the matching attribute and cannot be removed, so every user's UPN must be the name AWS knows them by. Optionally turn off group provisioning.",
    how: "automated",
    verifiedBy: "The job's schema shows userPrincipalName as the matching source for userName; in-scope users are linted.",
    requires: ["provisioning-credentials"],
  },
  {
    id: "scope-assignments",
    number: 11,
    side: "Entra",
    title: "Scope: only assigned users and groups; assign them",
    guide: "Provisioning → Settings → Scope: Sync only assigned users and groups. Users and groups → Add user/group → pick them → Assign.",
    how: "input",
    verifiedBy: 'The job\'s scope is "assigned only" and the chosen users and groups are assigned to the app.',
    requires: ["provisioning-credentials"],
  },
  {
    id: "start-provisioning",
    number: 12,
    side: "Entra",
    title: "Start provisioning",
    guide: "Provisioning → Start provisioning. Cycles then run about every 40 minutes.",
    how: "automated",
    verifiedBy: "The synchronization job's status moves from not run to running.",
    requires: ["mappings", "scope-assignments"],
  },
  {
    id: "prove-user",
    number: 13,
    side: "Both",
    title: "Provision one user on demand and find them in AWS",
    guide: "Provisioning → Provision on demand → pick a user. Then IAM Identity Center → Users shows them.",
    how: "input",
    verifiedBy: "provisionOnDemand succeeds and GetUserId finds the user's UPN as userName in the identity store.",
    requires: ["start-provisioning"],
  },
  {
    id: "permission-sets",
    number: 14,
    side: "AWS",
    title: "Permission sets for the project roles",
    guide:
      "IAM Identity Center → Permission sets → Create permission set → Predefined permission set: AdministratorAccess, PowerUserAccess, ViewOnlyAccess, named for the project roles.",
    how: "input",
    verifiedBy: "Each permission set is described with its managed policy, and its provisioning status is SUCCEEDED.",
    requires: ["enable-instance"],
  },
];

export const stepById = (id: StepId): StepDefinition => {
  const step = STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`unknown setup step ${id}`);
  return step;
};

export const isStepId = (value: unknown): value is StepId => typeof value === "string" && (STEP_IDS as readonly string[]).includes(value);

/** The default project roles (editable before creation). */
export const DEFAULT_PERMISSION_SETS = [
  { name: "ProjectAdmin", label: "Project Admin", managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
  { name: "ProjectUser", label: "Project User", managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
  { name: "ProjectReader", label: "Project Reader", managedPolicyArn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" },
] as const;
