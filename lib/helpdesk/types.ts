import type { DirectoryUser } from "../entra/types";
import type { ProvisioningJob } from "../entra/provisioning-job";
import type { GroupRef } from "../entra/list-group-members-transitive";
import type { AssignmentPath } from "../entra/user-app-assignment-path";
import type { AwsSignInEvent } from "../aws/lookup-sign-in-events";
import type { SignInEntry } from "../entra/list-sign-ins";
import type { SamlTrust } from "../aws/list-roles-trusting-provider";
import type { MetadataCertificate } from "../crypto/metadata-certificates";

export type CheckStatus = "pass" | "warn" | "fail" | "skip";
export type RemedyBy = "admin" | "helpdesk" | "user";

export const CHECK_IDS = [
  "entra-user",
  "attributes",
  "euid",
  "assignment",
  "scope",
  "last-log",
  "job",
  "aws-user",
  "aws-groups",
  "aws-access",
  "last-sign-in",
  "portal",
  // The legacy per-account chain (a federation in mode legacy-iam).
  "legacy-assignment",
  "role-value",
  "role-trust",
  "provider-certificate",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** One line of the diagnosis: green/amber/red (or not checked), what was seen, and when not green why and who fixes it. */
export interface Check {
  id: CheckId;
  status: CheckStatus;
  title: string;
  evidence: string[];
  cause?: string;
  remedy?: string;
  remedyBy?: RemedyBy;
  /** A page of the portal that shows more (the account line links to the user's effective access). */
  link?: { href: string; label: string };
}

/** Why a part of the chain could not be checked: a cloud said no or could not be reached. Never vendor text. */
export interface Problem {
  source: "entra" | "aws";
  kind: string;
  message: string;
  requestId?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export interface LogView {
  at: string;
  action: string;
  status: string;
  errorCode: string | null;
  errorReason: string | null;
  recommendedAction: string | null;
  /** What provisioning said about scope, when the entry has a scoping step. */
  scoping: string | null;
}

export interface AwsAccess {
  accountId: string;
  permissionSetArn: string;
  /** "user" when assigned to the user, else the AWS group's name (or id). */
  via: string;
}

export interface PermissionSetState {
  name: string;
  provisioned: string[];
  outdated: string[];
}

/** Everything the steps learned, as plain data: the checks are a pure function of it. */
export interface Findings {
  query: string;
  facts: {
    servicePrincipalId: string;
    jobId: string;
    identityStoreId: string;
    accessPortalUrl: string;
  };
  entra: { state: "found"; user: DirectoryUser } | { state: "not-found"; ambiguous: DirectoryUser[]; deleted: { deletedAt: string | null; userPrincipalName: string } | null } | { state: "error"; problem: Problem };
  assignment?: Result<{ path: AssignmentPath; viaGroups: GroupRef[]; nestedVia: GroupRef[] }>;
  lastLog?: Result<{ source: "stored" | "graph"; entry: LogView | null }>;
  job?: Result<{ source: "snapshot" | "graph"; takenAt: string; job: ProvisioningJob }>;
  awsUser?: Result<{ userNameTried: string; user: { userId: string; userName: string; displayName?: string; email?: string; externalIds: { issuer: string; id: string }[]; status?: string } | null }>;
  awsGroups?: Result<{ groupId: string; name: string | null }[]>;
  awsAccess?: Result<AwsAccess[]>;
  permissionSets?: Result<Record<string, PermissionSetState>>;
  /** The user's recent sign-ins to the app (Entra's sign-in log) and Identity Center's sign-in events (CloudTrail), read separately. */
  signIns?: SignInFindings;
}

/** The user's sign-ins: Entra's sign-in log for the app, and the AWS side's events (CloudTrail), read separately. */
export type SignInFindings = { entra?: Result<SignInEntry[]>; aws?: Result<AwsSignInEvent[]>; now: string };

/** An app role the user holds on the legacy app, and how. */
export interface HeldRole {
  appRoleId: string;
  /** The role's value (null: the default access role, or a role that no longer exists on the app). */
  value: string | null;
  displayName: string | null;
  /** null: assigned directly; else the assigned group the user is a direct member of. */
  via: GroupRef | null;
}

/** One role a well-formed role value names, as IAM has it in its account. */
export type IamRoleFinding =
  | { state: "unreachable-account"; accountId: string }
  | { state: "missing"; roleArn: string }
  | { state: "found"; roleArn: string; maxSessionDuration: number | null; trust: SamlTrust };

/** The IAM SAML provider of one account: the certificates its metadata carries. */
export interface ProviderFinding {
  accountId: string;
  providerArn: string;
  /** null: IAM has no provider of that ARN. */
  certificates: MetadataCertificate[] | null;
  validUntil: string | null;
}

/** What the legacy plan learned (a federation in mode legacy-iam): the legacy chain is a pure function of it. */
export interface LegacyFindings {
  query: string;
  facts: {
    servicePrincipalId: string;
    /** The accounts this federation set up, each with the provider the portal made there. */
    accounts: { accountId: string; providerArn: string | null }[];
    /** The SessionDuration claim the app sends (seconds), when recorded. */
    sessionDuration: number | null;
    launchUrl: string;
  };
  user: DirectoryUser;
  assignment?: Result<{ path: AssignmentPath; viaGroups: GroupRef[]; nestedVia: GroupRef[]; roles: HeldRole[] }>;
  /** The app's active signing certificate (Entra). */
  signing?: Result<{ thumbprint: string | null; notAfter: string | null }>;
  /** By role value. */
  roles?: Result<Record<string, IamRoleFinding>>;
  providers?: Result<ProviderFinding[]>;
  signIns?: SignInFindings;
}

export type DiagnosisOutcome = "diagnosed" | "unknown-user" | "deleted-user" | "ambiguous" | "not-configured" | "entra-unavailable";

export interface DiagnosisReport {
  version: 1;
  takenAt: string;
  query: string;
  outcome: DiagnosisOutcome;
  /** Which chain ran: the legacy per-account one (no provisioning, nothing to provision on demand), else Identity Center's. */
  chain?: "legacy-iam";
  subject: { entraId: string | null; userPrincipalName: string | null; displayName: string | null; isGuest: boolean };
  /** One sentence on top of the page, and its colour. */
  headline: { tone: "good" | "warn" | "bad"; text: string };
  checks: Check[];
  /** Upstream trouble that left part of the chain unchecked (e.g. AWS down). */
  problems: Problem[];
  /** For the page when the outcome is not "diagnosed": candidates (ambiguous mail) or the message. */
  message?: string;
  candidates?: { id: string; userPrincipalName: string; displayName: string | null }[];
  timing: { mode: "concurrent" | "one-at-a-time"; wallMs: number; criticalPathRoundTrips: number; upstreamSteps: { id: string; roundTrips: number; depth: number; ms: number }[] };
}
