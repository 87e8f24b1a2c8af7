import { SANDBOX } from "../fixtures";

/**
 * Fixed AWS-side sandbox values beyond sandbox/fixtures.ts (kept here so the shared fixtures file only
 * changes when another module needs a value). The README lists them.
 */
export const AWS_SEED = {
  rootId: "r-sb01",
  managementEmail: "aws-management@contoso-sandbox.example",
  ous: [
    { id: "ou-sb01-security", name: "Security" },
    { id: "ou-sb01-workload", name: "Workloads" },
  ],
  /** Management account in the root; the six members spread over the two OUs (the first two from fixtures). */
  accounts: [
    { id: SANDBOX.aws.managementAccountId, name: "Management", parent: "root" },
    { id: SANDBOX.aws.memberAccountIds[0], name: "Production", parent: "ou-sb01-workload" },
    { id: SANDBOX.aws.memberAccountIds[1], name: "Staging", parent: "ou-sb01-workload" },
    { id: "222233334444", name: "Development", parent: "ou-sb01-workload" },
    { id: "333344445555", name: "Sandbox", parent: "ou-sb01-workload" },
    { id: "555566667777", name: "Log Archive", parent: "ou-sb01-security" },
    { id: "666677778888", name: "Audit", parent: "ou-sb01-security" },
  ],
  /** SCIM tenant id in the endpoint path /scim/{tenantId}/scim/v2/. */
  scimTenantId: "3a5f1e7c-9b2d-4c68-a0e4-7d1f6b8c2e95",
  /** The id at the end of the SP metadata's ACS URL. */
  acsId: "9c4e2a7b1d3f5a60-8b2c-4d1e-9f3a-6e5d4c3b2a10",
  /** Console-made users (no SCIM externalId), and the Control Tower groups. */
  manualUsers: [
    { userName: "breakglass.admin", givenName: "Break", familyName: "Glass", email: "breakglass@contoso-sandbox.example" },
    { userName: "ct.auditor", givenName: "Control", familyName: "Auditor", email: "ct.auditor@contoso-sandbox.example" },
    // Made by hand in the console with the UPN of the Entra helpdesk case `sarah.squatted`: SCIM cannot
    // create her, because AWS matches users only by userName and this one is not Entra's.
    { userName: "sarah.squatted@contoso-sandbox.onmicrosoft.com", givenName: "Sarah", familyName: "Squatted", email: "sarah.s@contoso-sandbox.example" },
  ],
  groups: [
    { displayName: "AWSControlTowerAdmins", description: "Admin rights to AWS Control Tower core and provisioned accounts" },
    { displayName: "AWSSecurityAuditors", description: "Read-only access to all accounts for security audits" },
    { displayName: "AWSLogArchiveViewers", description: "Read-only access to log archive account" },
  ],
  /** The Control Tower permission set, assigned to AWSControlTowerAdmins on the management account. */
  controlTowerPermissionSet: { name: "AWSAdministratorAccess", policy: "arn:aws:iam::aws:policy/AdministratorAccess" },
} as const;
