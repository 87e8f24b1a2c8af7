import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * The whole federation's configuration across both clouds, as one versioned record (issue 14, "Configuration
 * history"). Collections are keyed by a stable name, not listed, so a field-level diff (lib/audit/diff.ts) reads
 * "aws.permissionSets.ProjectAdmin.sessionDuration" rather than an index that shifts when one is added. Never a
 * secret: the SCIM token appears only as when it was issued and when it expires.
 */

const nullableString = z.string().nullable();

export const entraAppSchema = z.object({
  displayName: z.string(),
  appId: z.string(),
  applicationObjectId: z.string(),
  servicePrincipalId: z.string(),
  /** Identifier (Entity ID). */
  identifierUris: z.array(z.string()),
  /** Reply URLs (Assertion Consumer Service). */
  replyUrls: z.array(z.string()),
  signOnUrl: nullableString,
  relayState: nullableString,
  /** preferredSingleSignOnMode: saml, oidc, password… */
  ssoMode: nullableString,
  notificationEmails: z.array(z.string()),
  /** By thumbprint (SHA-1 of the DER, upper-case hex). */
  signingCertificates: z.record(
    z.string(),
    z.object({ displayName: nullableString, notBefore: nullableString, notAfter: nullableString, active: z.boolean() }),
  ),
});

export const provisioningConfigSchema = z.object({
  jobId: z.string(),
  templateId: z.string(),
  /** The job's schedule: Active, Paused or Disabled. */
  scheduleState: z.string(),
  interval: nullableString,
  /** Who is provisioned: only the users and groups assigned to the app, or everyone. */
  scope: z.enum(["assigned users and groups", "all users and groups"]).nullable(),
  tenantUrl: nullableString,
  groupSync: z.boolean(),
  /** How a user is matched in AWS, lowest priority first: "userPrincipalName → userName". */
  matching: z.array(z.string()),
  /** The user attribute mappings, by AWS attribute: its source. */
  mappings: z.record(z.string(), z.string()),
  /** Accidental-deletion prevention (https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions). */
  deletionThreshold: z.object({ enabled: z.boolean(), value: z.number().nullable() }).nullable(),
  /** The SCIM bearer's dates as the portal saved them (never its value). */
  scimBearer: z.object({ issuedAt: nullableString, expiresAt: nullableString }),
});

/** Groups with more members than this keep their count and the members' content hash, not the list itself. */
export const MEMBER_LIST_LIMIT = 1_000;

/**
 * A group's members: by name (AWS userName, Entra userPrincipalName; a nested Entra group as "group:<name>") so a
 * compare reads "….members.jane@contoso.com added"; null past MEMBER_LIST_LIMIT. The hash (SHA-256 over the sorted
 * names, one a line) is always kept, so a change to a big group still shows. Both are absent in versions recorded
 * before memberships were kept.
 */
const membershipFields = {
  members: z.record(z.string(), z.literal(true)).nullable().optional(),
  membersHash: z.string().optional(),
};

/** The membership fields of a group from its members' names. */
export function membershipOf(names: readonly string[]): { memberCount: number; members: Record<string, true> | null; membersHash: string } {
  const sorted = [...new Set(names)].sort();
  return {
    memberCount: sorted.length,
    members: sorted.length > MEMBER_LIST_LIMIT ? null : Object.fromEntries(sorted.map((name) => [name, true as const])),
    membersHash: createHash("sha256")
      .update(sorted.map((name) => `${name}\n`).join(""))
      .digest("hex"),
  };
}

export const permissionSetConfigSchema = z.object({
  permissionSetArn: z.string(),
  description: nullableString,
  sessionDuration: nullableString,
  relayState: nullableString,
  managedPolicyArns: z.array(z.string()),
  inlinePolicy: nullableString,
});

export const awsConfigSchema = z.object({
  instance: z.object({ instanceArn: z.string(), identityStoreId: z.string(), status: z.string(), name: nullableString }),
  /** Where the access portal sends people to sign in: the external IdP (Entra) or Identity Center's own directory. */
  identitySource: z.object({ kind: z.enum(["external-idp", "identity-center-directory", "unknown"]), signInUrl: nullableString }),
  /** By name. */
  permissionSets: z.record(z.string(), permissionSetConfigSchema),
  /** "account · permission set · GROUP name" → true. */
  assignments: z.record(z.string(), z.literal(true)),
  /** By display name. */
  groups: z.record(z.string(), z.object({ groupId: z.string(), memberCount: z.number(), managedBy: z.enum(["SCIM", "AWS"]), ...membershipFields })),
});

/** An Entra group assigned to the app (in provisioning scope), with its direct members. */
export const assignedGroupSchema = z.object({ groupId: z.string(), memberCount: z.number(), ...membershipFields });

/** An IAM role SAML users of the legacy mode assume (under /entra-saml/), by role name in its account. */
export const legacyRoleSchema = z.object({
  roleArn: z.string(),
  /** Trust policy summary: the SAML providers it lets in with sts:AssumeRoleWithSAML, and the SAML:aud it requires for this account's provider. */
  trust: z.object({ samlProviders: z.array(z.string()), trustsProvider: z.boolean(), audiences: z.array(z.string()) }),
  /** The trust policy itself, as canonical JSON (what Terraform's assume_role_policy gets). */
  trustPolicy: nullableString,
  maxSessionDuration: z.number().nullable(),
  managedPolicyArns: z.array(z.string()),
  permissionsBoundaryArn: nullableString,
});

/** The IAM side of one account in the legacy per-account mode. */
export const legacyAccountSchema = z.object({
  /** null: the portal's own account; otherwise the role it assumes there. */
  reachedThrough: nullableString,
  /** The IAM SAML identity provider made from Entra's federation metadata; its certificates by SHA-1 thumbprint. */
  samlProvider: z
    .object({ providerArn: z.string(), validUntil: nullableString, certificates: z.record(z.string(), z.object({ notAfter: nullableString })) })
    .nullable(),
  roles: z.record(z.string(), legacyRoleSchema),
  /** The role-manager IAM user Entra's role import signs with: its access keys by id (never a secret), with status and creation date (the age). */
  roleManager: z.object({ userName: z.string(), keys: z.record(z.string(), z.object({ status: z.string(), createdAt: nullableString })) }).nullable(),
});

/**
 * A legacy app's role-import job (Entra reads the account's IAM roles with the role-manager key): its template and
 * schedule as Graph reports them, the key id the portal saved for it, and whether Entra holds a saved key at all.
 */
export const roleImportConfigSchema = z.object({
  jobId: z.string(),
  templateId: z.string(),
  /** Active, Paused or Disabled. */
  scheduleState: z.string(),
  interval: nullableString,
  /** The access key id, as the portal saved it in the job's credentials (Graph masks saved credentials' values). */
  accessKeyId: nullableString,
  /** Entra holds both halves of the key (the id and its counterpart; their values are masked by Graph). */
  keySaved: z.boolean(),
});

/** The legacy per-account mode (issue 17): each account's IAM side, and the roles Entra imported into the app. */
export const legacyConfigSchema = z.object({
  /** By account id. */
  accounts: z.record(z.string(), legacyAccountSchema),
  /** The app's roles, by value ("roleArn,providerArn" for imported ones). */
  appRoles: z.record(z.string(), z.object({ displayName: z.string(), enabled: z.boolean() })),
  /** The role-import job; null before the checklist made it; absent in versions recorded before it was kept. */
  roleImport: roleImportConfigSchema.nullable().optional(),
});

export const federationConfigurationSchema = z.object({
  entra: z.object({
    app: entraAppSchema.nullable(),
    provisioning: provisioningConfigSchema.nullable(),
    /** By display name; absent in versions recorded before memberships were kept. */
    assignedGroups: z.record(z.string(), assignedGroupSchema).optional(),
  }),
  aws: awsConfigSchema.nullable(),
  /** Legacy per-account federations only; absent otherwise (and in versions recorded before it was kept). */
  legacy: legacyConfigSchema.optional(),
});

export type FederationConfiguration = z.infer<typeof federationConfigurationSchema>;
export type EntraAppConfig = z.infer<typeof entraAppSchema>;
export type ProvisioningConfig = z.infer<typeof provisioningConfigSchema>;
export type AwsConfig = z.infer<typeof awsConfigSchema>;
export type LegacyConfig = z.infer<typeof legacyConfigSchema>;
export type LegacyAccountConfig = z.infer<typeof legacyAccountSchema>;
export type RoleImportConfig = z.infer<typeof roleImportConfigSchema>;
export type AssignedGroupsConfig = NonNullable<FederationConfiguration["entra"]["assignedGroups"]>;

/** JSON with object keys sorted at every level, so the same configuration always has the same text and hash. */
export function canonicalJson(value: unknown): string {
  const sort = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sort);
    if (node && typeof node === "object")
      return Object.fromEntries(
        Object.keys(node as object)
          .sort()
          .map((k) => [k, sort((node as Record<string, unknown>)[k])]),
      );
    return node;
  };
  return JSON.stringify(sort(value));
}

export const contentHashOf = (configuration: FederationConfiguration) => createHash("sha256").update(canonicalJson(configuration)).digest("hex");

/** The key of one account assignment in `aws.assignments`. */
export const assignmentKey = (accountId: string, permissionSet: string, principalType: string, principal: string) =>
  `${accountId} · ${permissionSet} · ${principalType} ${principal}`;
