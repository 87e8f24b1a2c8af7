import { randomBytes } from "node:crypto";
import type { SeedOptions } from "../core/types";
import { SANDBOX } from "../fixtures";
import type { UserRecord } from "./directory";
import { newIamState } from "./iam-state";
import { generateAccounts } from "./org-admin";
import type { OrgState } from "./org-state";
import { AWS_SEED } from "./seed-data";
import { assignmentKey, newSsoState, provisionKey, type PermissionSet } from "./sso-state";
import { defaultSettings, newDirectory, type AwsState } from "./state";

/** Who "made" the seeded console objects. */
const CONSOLE_ACTOR = `arn:aws:iam::${SANDBOX.aws.managementAccountId}:root`;
/** The Issuer the sandbox SCIM endpoint stores for externalId (the real value is unconfirmed; fixtures use "SCIM"). */
export const SCIM_ISSUER = "SCIM";

function organization(now: number): OrgState {
  return {
    organizationId: SANDBOX.aws.organizationId,
    managementAccountId: SANDBOX.aws.managementAccountId,
    managementEmail: AWS_SEED.managementEmail,
    rootId: AWS_SEED.rootId,
    ous: AWS_SEED.ous.map((ou) => ({ id: ou.id, name: ou.name, parentId: AWS_SEED.rootId })),
    accounts: AWS_SEED.accounts.map((a, i) => ({
      id: a.id,
      name: a.name,
      email: `aws-${a.name.toLowerCase().replace(/\s+/g, "-")}@contoso-sandbox.example`,
      parentId: a.parent === "root" ? AWS_SEED.rootId : a.parent,
      joinedMethod: i === 0 ? "INVITED" : "CREATED",
      joinedAt: now - (400 - i) * 86_400_000,
    })),
    generatedAccounts: 0,
  };
}

/**
 * A fresh AWS side: the organization, the Identity Center instance NOT yet enabled (the checklist's
 * enable-instance step is the console's "Enable"), its directory with console-made users and Control Tower
 * groups, and optionally N generated users/groups for scale tests.
 */
export function seedState(now: number, options: SeedOptions = {}): AwsState {
  const directory = newDirectory();
  const base = { CreatedAt: now, CreatedBy: CONSOLE_ACTOR, UpdatedAt: now, UpdatedBy: CONSOLE_ACTOR };
  for (const u of AWS_SEED.manualUsers) {
    directory.addUser({
      ...base,
      UserId: directory.newId(),
      UserName: u.userName,
      Name: { GivenName: u.givenName, FamilyName: u.familyName },
      DisplayName: `${u.givenName} ${u.familyName}`,
      Emails: [{ Value: u.email, Type: "work", Primary: true }],
      UserStatus: "ENABLED",
    });
  }
  for (const g of AWS_SEED.groups) directory.addGroup({ ...base, GroupId: directory.newId(), DisplayName: g.displayName, Description: g.description });
  generate(directory, now, options);

  const adminsGroup = directory.groupIdByDisplayName("AWSControlTowerAdmins") ?? "";
  const breakGlass = directory.userIdByUserName("breakglass.admin") ?? "";
  directory.addMembership({ MembershipId: directory.newId(), GroupId: adminsGroup, UserId: breakGlass, CreatedAt: now, CreatedBy: CONSOLE_ACTOR });

  const sso = newSsoState();
  const instanceId = SANDBOX.aws.instanceArn.slice(SANDBOX.aws.instanceArn.lastIndexOf("/") + 1);
  const ct = AWS_SEED.controlTowerPermissionSet;
  const ps: PermissionSet = {
    arn: `arn:aws:sso:::permissionSet/${instanceId}/ps-${randomBytes(8).toString("hex")}`,
    name: ct.name,
    description: "Provides full access to AWS services and resources",
    sessionDuration: "PT1H",
    createdAt: now,
    tags: [],
    managedPolicies: [ct.policy],
    version: 1,
  };
  sso.permissionSets.set(ps.arn, ps);
  const assignment = { accountId: SANDBOX.aws.managementAccountId, permissionSetArn: ps.arn, principalType: "GROUP" as const, principalId: adminsGroup };
  sso.assignments.set(assignmentKey(assignment), assignment);
  sso.provisioned.set(provisionKey(ps.arn, assignment.accountId), ps.version);

  const org = organization(now);
  if (options.accounts || options.ous?.length) generateAccounts(org, now, options.accounts ?? 0, options.ous);

  return {
    region: SANDBOX.aws.region,
    accountId: SANDBOX.aws.managementAccountId,
    identityStoreId: SANDBOX.aws.identityStoreId,
    instanceArn: SANDBOX.aws.instanceArn,
    instance: { enabled: false, name: "" },
    identitySource: { type: "IDENTITY_CENTER" },
    acsId: AWS_SEED.acsId,
    provisioning: { enabled: false, tenantId: AWS_SEED.scimTenantId, tokens: [] },
    directory,
    sso,
    org,
    iam: newIamState(),
    cloudTrail: [],
    samlSignIn: { requests: new Map(), assertions: new Map() },
    settings: defaultSettings(),
  };
}

/** Generated users look SCIM-provisioned (externalId) so every index is exercised at scale. */
function generate(directory: ReturnType<typeof newDirectory>, now: number, options: SeedOptions) {
  const groupIds: string[] = [];
  for (let i = 1; i <= (options.groups ?? 0); i++) {
    const g = directory.addGroup({
      GroupId: directory.newId(),
      DisplayName: `generated-group-${i}`,
      ExternalIds: [{ Issuer: SCIM_ISSUER, Id: `gen-group-${i}` }],
      CreatedAt: now,
      CreatedBy: SCIM_ISSUER,
      UpdatedAt: now,
      UpdatedBy: SCIM_ISSUER,
    });
    groupIds.push(g.GroupId);
  }
  for (let i = 1; i <= (options.users ?? 0); i++) {
    const user: UserRecord = {
      UserId: directory.newId(),
      UserName: `user${i}@contoso-sandbox.example`,
      ExternalIds: [{ Issuer: SCIM_ISSUER, Id: `gen-user-${i}` }],
      Name: { GivenName: "User", FamilyName: String(i) },
      DisplayName: `User ${i}`,
      Emails: [{ Value: `user${i}@contoso-sandbox.example`, Type: "work", Primary: true }],
      UserStatus: "ENABLED",
      CreatedAt: now,
      CreatedBy: SCIM_ISSUER,
      UpdatedAt: now,
      UpdatedBy: SCIM_ISSUER,
    };
    directory.addUser(user);
    const groupId = groupIds.length ? groupIds[i % groupIds.length] : undefined;
    if (groupId) directory.addMembership({ MembershipId: directory.newId(), GroupId: groupId, UserId: user.UserId, CreatedAt: now, CreatedBy: SCIM_ISSUER });
  }
}
