import { CreateGroupCommand, GetGroupIdCommand, ListGroupMembershipsCommand } from "@aws-sdk/client-identitystore";
import { ListPermissionSetsCommand, UpdatePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAws, type AwsSandbox } from "../../sandbox/aws/testing";
import { SANDBOX } from "../../sandbox/fixtures";
import type * as Actions from "../../app/access/actions";
import type { Role } from "../auth/permissions";
import { testDatabase } from "../testing/database";
import { withAccessContext } from "./context";
import { filterEffectiveAccess } from "./effective-access";
import { loadAccessOverview } from "./overview";

// Memberships through the real server actions (session mocked), against an AWS sandbox with a SCIM-made group,
// a console-made group, the seeded Control Tower group and break-glass user, and nested OUs.
const session = vi.hoisted(() => ({ role: "admin" as Role }));
vi.mock("@/lib/auth/session", () => ({ getSession: async () => ({ userId: "u", name: "Admin", email: "admin@contoso.example", role: session.role, tenantId: "t" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const database = testDatabase();
const IDS = SANDBOX.aws.identityStoreId;
let aws: AwsSandbox;
let developersId: string;
let scimGroupId: string;
let ctAdminsId: string;
let actions: typeof Actions;

const groupId = async (name: string) =>
  (await aws.ids.send(new GetGroupIdCommand({ IdentityStoreId: IDS, AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: name } } }))).GroupId ?? "";
const members = async (id: string) => (await aws.ids.send(new ListGroupMembershipsCommand({ IdentityStoreId: IDS, GroupId: id }))).GroupMemberships ?? [];
const lastAudit = async (action: string) => database.auditEvent.findFirst({ where: { action }, orderBy: { seq: "desc" } });

beforeAll(async () => {
  aws = await startAws({ seed: { groups: 1, users: 3, accounts: 4, ous: ["Workloads/Prod", "Sandbox/Team A"] } });
  process.env.SANDBOX_URL = aws.server.url;
  process.env.IB_MODE = "sandbox";
  await database.connection.deleteMany({});
  await database.setting.deleteMany({ where: { key: "access.protected-principals" } });
  developersId = (await aws.ids.send(new CreateGroupCommand({ IdentityStoreId: IDS, DisplayName: "Developers", Description: "made in the console" }))).GroupId ?? "";
  scimGroupId = await groupId("generated-group-1");
  ctAdminsId = await groupId("AWSControlTowerAdmins");
  actions = await import("../../app/access/actions");
});

afterAll(async () => {
  await aws?.close();
});

describe("group memberships", () => {
  it("an admin adds a user to a group made in AWS, and the change is audited", async () => {
    const result = await actions.addGroupMemberAction(null, { groupId: developersId, userName: "user1@contoso-sandbox.example" });
    expect(result).toMatchObject({ ok: true, message: "Added user1@contoso-sandbox.example to Developers." });
    expect(await members(developersId)).toHaveLength(1);
    expect(await lastAudit("access.membership.add")).toMatchObject({ result: "success", target: "aws-group:Developers" });
  });

  it("refuses a SCIM-owned group with the reason (fix it in Entra), changes nothing, and audits the refusal", async () => {
    const before = (await members(scimGroupId)).length;
    const result = await actions.addGroupMemberAction(null, { groupId: scimGroupId, userName: "user2@contoso-sandbox.example" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.formError).toMatch(/“generated-group-1” is owned by SCIM\. Entra ID provisions this group .* assign the user to the group there/);
    expect(await members(scimGroupId)).toHaveLength(before);
    const audit = await lastAudit("access.membership.add");
    expect(audit).toMatchObject({ result: "failure", target: `aws-group:${scimGroupId}` });
    expect(audit?.error).toMatch(/owned by SCIM/);

    const membership = (await members(scimGroupId))[0];
    expect(membership?.MembershipId).toBeTruthy();
    const removal = await actions.removeGroupMemberAction(null, { membershipId: membership?.MembershipId ?? "", confirm: "yes" });
    expect(!removal.ok && removal.formError).toMatch(/owned by SCIM/);
    expect(await members(scimGroupId)).toHaveLength(before);
  });

  it("refuses to remove the break-glass user from a Control Tower group (protected), and audits it", async () => {
    const [membership] = await members(ctAdminsId);
    expect(membership?.MembershipId).toBeTruthy();
    const result = await actions.removeGroupMemberAction(null, { membershipId: membership?.MembershipId ?? "", confirm: "yes" });
    expect(!result.ok && result.formError).toMatch(/group “AWSControlTowerAdmins” is a protected principal/);
    expect(await members(ctAdminsId)).toHaveLength(1);
    expect(await lastAudit("access.membership.remove")).toMatchObject({ result: "failure" });
  });

  it("a break-glass user the admin protects cannot be added to or removed from any group; others still can", async () => {
    expect(await actions.addProtectedPrincipalAction(null, { type: "USER", name: "breakglass.admin", note: "break-glass" })).toMatchObject({ ok: true });
    const refused = await actions.addGroupMemberAction(null, { groupId: developersId, userName: "breakglass.admin" });
    expect(!refused.ok && refused.formError).toMatch(/user “breakglass.admin” is a protected principal \(break-glass\)/);
    expect(await members(developersId)).toHaveLength(1);
    // The Control Tower defaults cannot be taken off the list.
    const unprotect = await actions.removeProtectedPrincipalAction(null, { type: "GROUP", name: "AWSControlTowerAdmins" });
    expect(!unprotect.ok && unprotect.formError).toMatch(/stays protected/);

    const [membership] = await members(developersId);
    const removed = await actions.removeGroupMemberAction(null, { membershipId: membership?.MembershipId ?? "", confirm: "yes" });
    expect(removed).toMatchObject({ ok: true, message: "Removed user1@contoso-sandbox.example from Developers." });
    expect(await members(developersId)).toHaveLength(0);
  });

  it("helpdesk is refused before anything runs, and the refusal is audited as denied", async () => {
    session.role = "helpdesk";
    try {
      const result = await actions.addGroupMemberAction(null, { groupId: developersId, userName: "user1@contoso-sandbox.example" });
      expect(!result.ok && result.formError).toMatch(/not allowed/);
      expect(await lastAudit("access.membership.add")).toMatchObject({ result: "denied" });
      expect(await members(developersId)).toHaveLength(0);
    } finally {
      session.role = "admin";
    }
  });
});

describe("overview", () => {
  it("reads nested OUs, flags the management account, and expands the Control Tower assignment to the break-glass user", async () => {
    const overview = await withAccessContext(database, (context) => loadAccessOverview(context));
    expect(overview.tree.ous.map((o) => o.path)).toEqual(expect.arrayContaining(["Workloads/Prod", "Sandbox/Team A", "Sandbox", "Workloads"]));
    expect(overview.tree.accounts.filter((a) => a.ouPath === "Workloads/Prod").length).toBeGreaterThan(0);
    const management = overview.tree.accounts.find((a) => a.isManagement);
    expect(management?.accountId).toBe(SANDBOX.aws.managementAccountId);
    expect(filterEffectiveAccess(overview.effective, { user: "breakglass.admin" })).toEqual([
      expect.objectContaining({ accountId: SANDBOX.aws.managementAccountId, permissionSetName: "AWSAdministratorAccess", via: expect.objectContaining({ kind: "group", groupName: "AWSControlTowerAdmins" }) }),
    ]);
    const managementState = overview.accounts.find((a) => a.accountId === SANDBOX.aws.managementAccountId);
    expect(managementState?.outdated).toEqual([]);
    expect(managementState?.provisioned).toHaveLength(1);
  });

  it("detects a permission set whose latest version is not provisioned (LATEST_PERMISSION_SET_NOT_PROVISIONED)", async () => {
    const [arn] = (await aws.sso.send(new ListPermissionSetsCommand({ InstanceArn: SANDBOX.aws.instanceArn }))).PermissionSets ?? [];
    await aws.sso.send(new UpdatePermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, PermissionSetArn: arn, SessionDuration: "PT2H" }));
    const overview = await withAccessContext(database, (context) => loadAccessOverview(context));
    expect(overview.accounts.find((a) => a.accountId === SANDBOX.aws.managementAccountId)?.outdated).toEqual([arn]);

    session.role = "helpdesk";
    expect(await actions.reprovisionPermissionSetAction(null, { permissionSetArn: arn ?? "" })).toMatchObject({ ok: false, formError: expect.stringMatching(/not allowed/) });
    session.role = "admin";
    const result = await actions.reprovisionPermissionSetAction(null, { permissionSetArn: arn ?? "" });
    expect(result).toMatchObject({ ok: true, message: "Provisioned the latest version of AWSAdministratorAccess to every account it is in." });
    const after = await withAccessContext(database, (context) => loadAccessOverview(context));
    expect(after.accounts.find((a) => a.accountId === SANDBOX.aws.managementAccountId)?.outdated).toEqual([]);
    expect(await lastAudit("access.permission-set.reprovision")).toMatchObject({ result: "success", target: "permission-set:AWSAdministratorAccess" });
  });
});
