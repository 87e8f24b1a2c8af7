import { SANDBOX } from "../fixtures";
import type { CloudTrailRecord } from "./cloudtrail";
import { Directory } from "./directory";
import type { IamState } from "./iam-state";
import type { OrgState } from "./org-state";
import type { SsoState } from "./sso-state";

/** The uploaded external IdP, as read from the metadata file uploaded in the console (Settings → Identity source). */
export interface ExternalIdp {
  entityId: string;
  ssoUrl: string;
  ssoBinding: string;
  certificates: { subject: string; notBefore: string; notAfter: string; sha1Thumbprint: string }[];
  metadataXml: string;
  uploadedAt: number;
}

export interface ScimToken {
  tokenId: string;
  /** sha256 of the secret; the secret itself is shown once and never stored. */
  secretHash: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt?: number;
}

/** Sandbox knobs the portal's tests turn (not part of any AWS API). */
export interface AwsSettings {
  /** How long async sso-admin operations stay IN_PROGRESS, measured on the sandbox clock. */
  asyncDelayMs: number;
  /** The next N async operations end FAILED with `failureReason`. */
  failNextAsync: number;
  failureReason: string;
  /** Requests per second per service group; null = unlimited. */
  rateLimits: Record<RateGroup, number | null>;
  /**
   * At most this many CreateAccountAssignment + DeleteAccountAssignment operations IN_PROGRESS at once per
   * instance; the next one answers ThrottlingException. null = no limit.
   */
  maxOutstandingAssignments: number | null;
  /**
   * An assignment whose (account, permission set) is being provisioned by an earlier, still running assignment
   * or ProvisionPermissionSet answers ConflictException. false: only a ProvisionPermissionSet in flight conflicts.
   */
  conflictWhileProvisioning: boolean;
  /**
   * false: the portal calls from a delegated administrator account, which cannot manage assignments or
   * provisioning in the management account; such calls answer AccessDeniedException.
   */
  managementAccountAssignments: boolean;
}

export type RateGroup = "identitycenter" | "organizations" | "iam" | "sts" | "scim" | "cloudtrail";

export interface AwsState {
  region: string;
  accountId: string;
  identityStoreId: string;
  instanceArn: string;
  instance: { enabled: boolean; createdAt?: number; name: string };
  identitySource: { type: "IDENTITY_CENTER" } | { type: "EXTERNAL_IDP"; idp: ExternalIdp };
  /** The ACS id in the SP metadata (fixed per seed, so the downloaded metadata stays valid across the switch). */
  acsId: string;
  provisioning: { enabled: boolean; tenantId: string; tokens: ScimToken[] };
  directory: Directory;
  sso: SsoState;
  org: OrgState;
  iam: IamState;
  /** CloudTrail event history (management events), oldest first; written by recordCloudTrailEvent. */
  cloudTrail: CloudTrailRecord[];
  /**
   * SAML sign-in bookkeeping: AuthnRequest IDs the access portal sent and not yet answered, and assertion IDs
   * already used, each with the clock time after which it is forgotten.
   */
  samlSignIn: { requests: Map<string, number>; assertions: Map<string, number> };
  settings: AwsSettings;
}

export const defaultSettings = (): AwsSettings => ({
  asyncDelayMs: 2000,
  failNextAsync: 0,
  failureReason: "Sandbox: injected provisioning failure",
  // Identity Center APIs share a documented 20 TPS; the other services' limits are not documented.
  // CloudTrail LookupEvents: 2 requests per second per account per Region, not adjustable
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html).
  rateLimits: { identitycenter: 20, organizations: null, iam: null, sts: null, scim: null, cloudtrail: 2 },
  // Documented: at most 10 outstanding CreateAccountAssignment calls (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html).
  maxOutstandingAssignments: 10,
  conflictWhileProvisioning: true,
  managementAccountAssignments: true,
});

export const newDirectory = () => new Directory(SANDBOX.aws.identityStoreId);
