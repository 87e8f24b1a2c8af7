import { z } from "zod";

/**
 * What the checklist has learned and adopted so far, stored as JSON on the federation (Federation.facts).
 * Later steps read it instead of asking the clouds again ("no step asks for what it already knows"). Never secrets.
 */
export const federationFactsSchema = z.object({
  preflight: z
    .object({
      entra: z.object({ granted: z.array(z.string()), missing: z.array(z.string()) }).optional(),
      aws: z.object({ account: z.string().optional(), missing: z.array(z.string()) }).optional(),
    })
    .optional(),
  instance: z.object({ instanceArn: z.string(), identityStoreId: z.string(), region: z.string() }).optional(),
  app: z.object({ applicationObjectId: z.string(), appId: z.string(), servicePrincipalId: z.string(), displayName: z.string() }).optional(),
  spMetadata: z
    .object({
      entityId: z.string(),
      acsUrls: z.array(z.string()),
      region: z.string(),
      identityStoreId: z.string(),
      accessPortalUrl: z.string(),
      certificateExpiry: z.string().optional(),
    })
    .optional(),
  signing: z.object({ thumbprint: z.string(), notAfter: z.string(), notificationEmail: z.string() }).optional(),
  /** Entra's federation metadata: public and signed, kept so the page can offer it as a download. */
  idpMetadata: z
    .object({ entityId: z.string(), ssoUrl: z.string(), thumbprint: z.string(), notAfter: z.string(), fileName: z.string(), xml: z.string() })
    .optional(),
  scim: z.object({ endpoint: z.string(), tokenCreatedAt: z.string(), tokenExpiresAt: z.string() }).optional(),
  job: z.object({ jobId: z.string() }).optional(),
  /** Entra's accidental-deletion threshold as the admin chose it (step provisioning-credentials); token rotation keeps it. */
  deletionThreshold: z.object({ enabled: z.boolean(), value: z.number().int().positive() }).optional(),
  schema: z.object({ matchingSource: z.string(), matchingTarget: z.string(), groupSync: z.boolean() }).optional(),
  lint: z.object({ checked: z.number(), problems: z.array(z.object({ userPrincipalName: z.string(), issues: z.array(z.string()) })) }).optional(),
  assignments: z.object({ principals: z.array(z.object({ id: z.string(), type: z.enum(["User", "Group"]), displayName: z.string() })) }).optional(),
  proof: z.object({ userPrincipalName: z.string(), awsUserId: z.string() }).optional(),
  permissionSets: z.array(z.object({ name: z.string(), permissionSetArn: z.string(), managedPolicyArn: z.string(), status: z.string() })).optional(),
  /**
   * Legacy mode, a federation added for one more AWS account ("one app per account"): the account its app signs in to
   * and imports the roles of, the role the portal assumes there, and the app's instance number in the tenant (#2, #3 …).
   * Absent on the first federation, which covers the management account (and any member accounts its step 4 names).
   */
  legacyTarget: z.object({ accountId: z.string(), assumeRoleName: z.string(), instance: z.number().int().positive() }).optional(),
  /** Legacy mode, step legacy-saml: the identifier this app instance uses and the claims it sends. */
  legacySaml: z
    .object({
      instance: z.number().int().positive(),
      identifier: z.string(),
      sessionDuration: z.number().int(),
      claimsPolicyId: z.string().optional(),
    })
    .optional(),
  /** Legacy mode, step iam-saml-provider: the IAM SAML provider in each chosen account, and how the portal reaches it. */
  legacyAccounts: z
    .object({
      providerName: z.string(),
      accounts: z.array(z.object({ accountId: z.string(), assumeRoleName: z.string().nullable(), providerArn: z.string().optional() })),
    })
    .optional(),
  /** Legacy mode, step iam-roles: the roles that trust the provider, in each account, with the managed policies chosen for them. */
  legacyRoles: z.array(z.object({ accountId: z.string(), roleName: z.string(), roleArn: z.string(), managedPolicyArns: z.array(z.string()) })).optional(),
  /** Legacy mode, step role-import: the role-import job, the account it reads and the key id it uses (never the secret). */
  roleImport: z
    .object({
      jobId: z.string(),
      accountId: z.string(),
      accessKeyId: z.string(),
      /** When IAM created the key (its age is watched: lib/provisioning/expiry.ts). */
      keyCreatedAt: z.string().optional(),
      imported: z.array(z.object({ id: z.string(), value: z.string(), displayName: z.string() })),
      skipped: z.array(z.object({ roleArn: z.string(), reason: z.string() })),
    })
    .optional(),
  /** Legacy mode, step role-assignments: who is assigned to the app with which imported role. */
  legacyAssignments: z
    .array(z.object({ principalId: z.string(), principal: z.string(), type: z.enum(["User", "Group"]), roleId: z.string(), roleValue: z.string() }))
    .optional(),
  /** Step account-access: which group holds which permission set in which accounts, and the job that made it so. */
  accountAccess: z
    .object({
      jobId: z.string().nullable(),
      grants: z.array(z.object({ group: z.string(), groupId: z.string(), permissionSet: z.string(), permissionSetArn: z.string(), accountIds: z.array(z.string()) })),
    })
    .optional(),
});

export type FederationFacts = z.infer<typeof federationFactsSchema>;
