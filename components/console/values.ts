/**
 * The values the console reproductions fill in. Every screen takes `Partial<ConsoleValues>`: what the portal has
 * produced so far. Anything not known yet is drawn as a placeholder shaped like the real value, so the admin sees
 * where it will appear.
 */

export type SyncScope = "assigned" | "all";

/** The state of the Entra provisioning job, as the Provisioning overview blade reports it. */
export type ProvisioningStatus = "not-run" | "running" | "completed" | "quarantined" | "stopped";

export interface ConsoleValues {
  // AWS IAM Identity Center
  region: string;
  accountId: string;
  identityStoreId: string;
  instanceArn: string;
  accessPortalUrl: string;
  /** Identity Center's SAML entity id, shown to Entra as "Identifier (Entity ID)". */
  spEntityId: string;
  acsUrl: string;
  /** "IAM Identity Center issuer URL" on the AWS page; the same value as the SP entity id. */
  issuerUrl: string;
  scimEndpoint: string;
  scimTokenMasked: string;
  permissionSetNames: readonly string[];
  /** userNames of the users provisioned into the identity store. */
  provisionedUsers: readonly string[];
  exampleGroupName: string;
  exampleGroupId: string;
  exampleUserId: string;
  // Microsoft Entra ID
  tenantId: string;
  tenantDomain: string;
  appDisplayName: string;
  appId: string;
  signOnUrl: string;
  certificateThumbprint: string;
  certificateExpiry: string;
  notificationEmail: string;
  federationMetadataFileName: string;
  syncScope: SyncScope;
  groupSyncEnabled: boolean;
  /** A user principal name; AWS matches on userName, so this is also the user's userName in Identity Center. */
  exampleUser: string;
  /** Display names of the users and groups assigned to the enterprise app. */
  assignedPrincipals: readonly string[];
  provisioningStatus: ProvisioningStatus;
  lastCycle: string;
  // Legacy mode (AWS Single-Account Access + IAM SAML provider)
  legacyIdentifier: string;
  iamProviderName: string;
  roleNames: readonly string[];
  policyName: string;
  roleManagerUser: string;
  accessKeyIdMasked: string;
}

/** A value to draw: the real one, or a placeholder shaped like it. */
export interface Shown {
  text: string;
  known: boolean;
}

type TextKey = {
  [K in keyof ConsoleValues]: ConsoleValues[K] extends string ? (string extends ConsoleValues[K] ? K : never) : never;
}[keyof ConsoleValues];

export type FilledValues = Record<TextKey, Shown> & {
  /** Derived Entra endpoints (they only depend on the tenant and app ids). */
  entraIdentifier: Shown;
  entraLoginUrl: Shown;
  entraLogoutUrl: Shown;
  appFederationMetadataUrl: Shown;
  regionName: Shown;
  syncScope: SyncScope;
  groupSyncEnabled: boolean;
  provisioningStatus: ProvisioningStatus;
  permissionSetNames: readonly string[];
  provisionedUsers: readonly string[];
  assignedPrincipals: readonly string[];
  roleNames: readonly string[];
};

const ELLIPSIS = "…";

const REGION_NAMES: Record<string, string> = {
  "us-east-1": "N. Virginia",
  "us-east-2": "Ohio",
  "us-west-1": "N. California",
  "us-west-2": "Oregon",
  "ca-central-1": "Canada (Central)",
  "eu-west-1": "Ireland",
  "eu-west-2": "London",
  "eu-west-3": "Paris",
  "eu-central-1": "Frankfurt",
  "eu-central-2": "Zurich",
  "eu-north-1": "Stockholm",
  "eu-south-1": "Milan",
  "ap-southeast-1": "Singapore",
  "ap-southeast-2": "Sydney",
  "ap-northeast-1": "Tokyo",
  "ap-south-1": "Mumbai",
  "sa-east-1": "São Paulo",
};

/** The short region name the AWS console shows in its top bar ("Ireland" for eu-west-1). */
export function regionNameOf(region: string): string {
  return REGION_NAMES[region] ?? region;
}

/** Formats a 12-digit account id the way the console's account menu does: 1234-5678-9012. */
export function formatAccountId(accountId: string): string {
  return /^\d{12}$/.test(accountId) ? `${accountId.slice(0, 4)}-${accountId.slice(4, 8)}-${accountId.slice(8)}` : accountId;
}

const known = (text: string): Shown => ({ text, known: true });
const placeholder = (text: string): Shown => ({ text, known: false });
const pick = (value: string | undefined, fallback: string): Shown => (value ? known(value) : placeholder(fallback));

/** Resolves every value to a real value or a placeholder shaped like it. */
export function fillValues(values: Partial<ConsoleValues>): FilledValues {
  const region = pick(values.region, "eu-west-1");
  const storeId = values.identityStoreId ?? `d-${ELLIPSIS}`;
  const tenant = values.tenantId ?? ELLIPSIS;
  const appDisplayName = pick(values.appDisplayName, "AWS IAM Identity Center");
  const spEntityId = values.spEntityId ?? values.issuerUrl;
  const accessPortalUrl = pick(values.accessPortalUrl, `https://${storeId}.awsapps.com/start`);
  const derivedFromTenant = (text: string): Shown => ({ text, known: values.tenantId !== undefined });

  return {
    region,
    regionName: { text: regionNameOf(region.text), known: region.known },
    accountId: pick(values.accountId && formatAccountId(values.accountId), `${ELLIPSIS}-${ELLIPSIS}-${ELLIPSIS}`),
    identityStoreId: pick(values.identityStoreId, `d-${ELLIPSIS}`),
    instanceArn: pick(values.instanceArn, `arn:aws:sso:::instance/ssoins-${ELLIPSIS}`),
    accessPortalUrl,
    spEntityId: pick(spEntityId, `https://${region.text}.signin.aws.amazon.com/platform/saml/${storeId}`),
    issuerUrl: pick(values.issuerUrl ?? values.spEntityId, `https://${region.text}.signin.aws.amazon.com/platform/saml/${storeId}`),
    acsUrl: pick(values.acsUrl, `https://${region.text}.signin.aws.amazon.com/platform/saml/acs/${ELLIPSIS}`),
    scimEndpoint: pick(values.scimEndpoint, `https://scim.${region.text}.amazonaws.com/${ELLIPSIS}/scim/v2`),
    scimTokenMasked: pick(values.scimTokenMasked, "••••••••••••••••"),
    exampleGroupName: pick(values.exampleGroupName, "Project Admins"),
    exampleGroupId: pick(values.exampleGroupId, `${ELLIPSIS}group-id${ELLIPSIS}`),
    exampleUserId: pick(values.exampleUserId, `${ELLIPSIS}user-id${ELLIPSIS}`),
    tenantId: pick(values.tenantId, ELLIPSIS),
    tenantDomain: pick(values.tenantDomain, `${ELLIPSIS}.onmicrosoft.com`),
    appDisplayName,
    appId: pick(values.appId, ELLIPSIS),
    signOnUrl: values.signOnUrl ? known(values.signOnUrl) : accessPortalUrl,
    certificateThumbprint: pick(values.certificateThumbprint, ELLIPSIS),
    certificateExpiry: pick(values.certificateExpiry, ELLIPSIS),
    notificationEmail: pick(values.notificationEmail, `admin@${values.tenantDomain ?? `${ELLIPSIS}.onmicrosoft.com`}`),
    federationMetadataFileName: pick(values.federationMetadataFileName, `${appDisplayName.text}.xml`),
    exampleUser: pick(values.exampleUser, `user@${values.tenantDomain ?? `${ELLIPSIS}.onmicrosoft.com`}`),
    lastCycle: pick(values.lastCycle, ELLIPSIS),
    legacyIdentifier: pick(values.legacyIdentifier, "https://signin.aws.amazon.com/saml"),
    iamProviderName: pick(values.iamProviderName, "WAAD"),
    policyName: pick(values.policyName, "AzureAD_SSOUserRole_Policy"),
    roleManagerUser: pick(values.roleManagerUser, "AzureADRoleManager"),
    accessKeyIdMasked: pick(values.accessKeyIdMasked, `AKIA${ELLIPSIS}`),
    entraIdentifier: derivedFromTenant(`https://sts.windows.net/${tenant}/`),
    entraLoginUrl: derivedFromTenant(`https://login.microsoftonline.com/${tenant}/saml2`),
    entraLogoutUrl: derivedFromTenant(`https://login.microsoftonline.com/${tenant}/saml2`),
    appFederationMetadataUrl: {
      text: `https://login.microsoftonline.com/${tenant}/federationmetadata/2007-06/federationmetadata.xml?appid=${values.appId ?? ELLIPSIS}`,
      known: values.tenantId !== undefined && values.appId !== undefined,
    },
    syncScope: values.syncScope ?? "assigned",
    groupSyncEnabled: values.groupSyncEnabled ?? true,
    provisioningStatus: values.provisioningStatus ?? "not-run",
    permissionSetNames: values.permissionSetNames ?? [],
    provisionedUsers: values.provisionedUsers ?? [],
    assignedPrincipals: values.assignedPrincipals ?? [],
    roleNames: values.roleNames ?? [],
  };
}

/** A complete set of sample values: used by the tests and handy for previews. */
export const SAMPLE_CONSOLE_VALUES: ConsoleValues = {
  region: "eu-central-1",
  accountId: "210987654321",
  identityStoreId: "d-9967a1b2c3",
  instanceArn: "arn:aws:sso:::instance/ssoins-6987f1e2d3c4b5a6",
  accessPortalUrl: "https://d-9967a1b2c3.awsapps.com/start",
  spEntityId: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-9967a1b2c3",
  acsUrl: "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/5a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b",
  issuerUrl: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-9967a1b2c3",
  scimEndpoint: "https://scim.eu-central-1.amazonaws.com/Xy7abcDEF12-3456-7890/scim/v2",
  scimTokenMasked: "••••••••••••••••Qk9z",
  permissionSetNames: ["ProjectAdmin", "ProjectUser", "ProjectReader"],
  provisionedUsers: ["ada.lovelace@fabrikam.example", "alan.turing@fabrikam.example"],
  exampleGroupName: "Project-Alpha-Admins",
  exampleGroupId: "86458d45-5051-70c7-4eaa-2ab95afba652",
  exampleUserId: "a458c468-c011-7032-5da6-9d5bad9a50a7",
  tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  tenantDomain: "fabrikam.example",
  appDisplayName: "Fabrikam AWS",
  appId: "0d3b6c57-9a8e-4f21-b7c4-1e2f3a4b5c6d",
  signOnUrl: "https://d-9967a1b2c3.awsapps.com/start",
  certificateThumbprint: "3A1F0C9B7E6D5C4B3A29180F7E6D5C4B3A291807",
  certificateExpiry: "14/05/2029, 10:12:03",
  notificationEmail: "cloud-team@fabrikam.example",
  federationMetadataFileName: "Fabrikam AWS.xml",
  syncScope: "assigned",
  groupSyncEnabled: false,
  exampleUser: "ada.lovelace@fabrikam.example",
  assignedPrincipals: ["Ada Lovelace", "Alan Turing", "AWS-Project-Alpha"],
  provisioningStatus: "completed",
  lastCycle: "Incremental cycle completed 12 minutes ago",
  legacyIdentifier: "https://signin.aws.amazon.com/saml#2",
  iamProviderName: "FabrikamEntra",
  roleNames: ["FabrikamAdmin", "FabrikamReadOnly"],
  policyName: "FabrikamListRoles",
  roleManagerUser: "FabrikamRoleManager",
  accessKeyIdMasked: "AKIA••••••••••••7QXN",
};
