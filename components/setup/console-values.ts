import type { ConsoleValues } from "../console/values";
import type { FederationFacts } from "@/lib/setup/facts";

/** The values the checklist has learned, as the console drawings show them (unknown ones stay placeholders). */
export function consoleValuesFrom(facts: FederationFacts, tenant: { tenantId?: string; tenantDomain?: string }): Partial<ConsoleValues> {
  const values: Partial<ConsoleValues> = { syncScope: "assigned", appDisplayName: facts.app?.displayName ?? "AWS IAM Identity Center", ...tenant };
  const set = <K extends keyof ConsoleValues>(key: K, value: ConsoleValues[K] | undefined) => {
    if (value !== undefined && value !== "") values[key] = value;
  };
  set("region", facts.instance?.region ?? facts.spMetadata?.region);
  set("identityStoreId", facts.instance?.identityStoreId);
  set("instanceArn", facts.instance?.instanceArn);
  set("accessPortalUrl", facts.spMetadata?.accessPortalUrl);
  set("signOnUrl", facts.spMetadata?.accessPortalUrl);
  set("spEntityId", facts.spMetadata?.entityId);
  set("issuerUrl", facts.spMetadata?.entityId);
  set("acsUrl", facts.spMetadata?.acsUrls[0]);
  set("appId", facts.app?.appId);
  set("certificateThumbprint", facts.signing?.thumbprint);
  set("certificateExpiry", facts.signing?.notAfter?.slice(0, 10));
  set("notificationEmail", facts.signing?.notificationEmail);
  set("federationMetadataFileName", facts.idpMetadata?.fileName);
  set("scimEndpoint", facts.scim?.endpoint);
  if (facts.scim) values.scimTokenMasked = "••••••••••••••••";
  if (facts.schema) values.groupSyncEnabled = facts.schema.groupSync;
  if (facts.assignments) values.assignedPrincipals = facts.assignments.principals.map((p) => p.displayName);
  if (facts.proof) {
    values.exampleUser = facts.proof.userPrincipalName;
    values.provisionedUsers = [facts.proof.userPrincipalName];
  }
  if (facts.permissionSets) values.permissionSetNames = facts.permissionSets.map((p) => p.name);
  // Legacy per-account mode: what its steps chose and made.
  set("legacyIdentifier", facts.legacySaml?.identifier);
  set("iamProviderName", facts.legacyAccounts?.providerName);
  set("accountId", facts.preflight?.aws?.account);
  if (facts.legacyRoles?.length) values.roleNames = [...new Set(facts.legacyRoles.map((r) => r.roleName))];
  if (facts.roleImport) {
    values.policyName = "EntraRoleImport";
    values.roleManagerUser = "EntraRoleManager";
    values.accessKeyIdMasked = `${facts.roleImport.accessKeyId.slice(0, 4)}••••••••${facts.roleImport.accessKeyId.slice(-4)}`;
  }
  if (facts.legacyAssignments?.length) {
    values.assignedPrincipals = facts.legacyAssignments.map((a) => a.principal);
    values.exampleUser ??= facts.legacyAssignments.find((a) => a.type === "User")?.principal;
  }
  return values;
}
