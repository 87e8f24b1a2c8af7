import { CreateAccountAssignmentCommand } from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAccountAssignment } from "./ensure-account-assignment";
import { ensureGroupMembership } from "./ensure-group-membership";
import { ensurePermissionSet } from "./ensure-permission-set";
import { findGroupByDisplayName } from "./find-group-by-display-name";
import { findUserByUserName } from "./find-user-by-user-name";
import { listAccountAssignmentsForPrincipal } from "./list-account-assignments-for-principal";
import { listAccounts } from "./list-accounts";
import { listGroupMembershipsForMember } from "./list-group-memberships-for-member";
import { provisionPermissionSet } from "./provision-permission-set";
import { FIXTURE, startGatewaySandbox, type GatewaySandbox } from "./testing";
import { collectRequestIds } from "../request-context";

const FAST = { initialMs: 5, maxMs: 20, timeoutMs: 5_000 };

describe("accounts, account assignments and group memberships", () => {
  let s: GatewaySandbox;
  let groupId: string;
  let userId: string;
  let permissionSetArn: string;
  const { instanceArn, identityStoreId } = FIXTURE;

  beforeAll(async () => {
    s = await startGatewaySandbox({ asyncDelayMs: 30 });
    groupId = (await findGroupByDisplayName(s.clients, identityStoreId, "AWSSecurityAuditors")).group?.groupId ?? "";
    userId = (await findUserByUserName(s.clients, identityStoreId, "ct.auditor")).user?.userId ?? "";
    permissionSetArn = (
      await ensurePermissionSet(s.clients, instanceArn, { name: "ProjectReader", managedPolicyArns: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] })
    ).permissionSet.permissionSetArn;
  });
  afterAll(() => s.close());

  it("lists the organization's accounts across pages", async () => {
    const result = await listAccounts(s.clients);
    expect(result.accounts.map((a) => a.accountId)).toEqual(expect.arrayContaining([FIXTURE.managementAccountId, ...FIXTURE.memberAccountIds]));
    expect(result.accounts.find((a) => a.accountId === FIXTURE.memberAccountIds[0])).toMatchObject({ name: "Production", state: "ACTIVE" });
    expect((await findGroupByDisplayName(s.clients, identityStoreId, "NoSuchGroup")).group).toBeNull();
  });

  it("creates a group's account assignment once, waiting out a provisioning in progress", async () => {
    const assignment = { accountId: FIXTURE.memberAccountIds[0], permissionSetArn, principalType: "GROUP" as const, principalId: groupId };
    // A provisioning of the same set in flight makes CreateAccountAssignment answer ConflictException at first.
    await s.sandbox.admin("POST", "/settings", { asyncDelayMs: 150 });
    await provisionPermissionSet(s.clients, instanceArn, permissionSetArn, { accountId: FIXTURE.memberAccountIds[0] });
    await s.sandbox.admin("POST", "/settings", { asyncDelayMs: 30 });
    const raw = {
      InstanceArn: instanceArn,
      TargetId: assignment.accountId,
      TargetType: "AWS_ACCOUNT" as const,
      PermissionSetArn: permissionSetArn,
      PrincipalType: "GROUP" as const,
      PrincipalId: groupId,
    };
    await expect(s.sandbox.sso.send(new CreateAccountAssignmentCommand(raw))).rejects.toMatchObject({ name: "ConflictException" });

    const { result: first, requestIds: firstIds } = await collectRequestIds(() =>
      ensureAccountAssignment(s.clients, instanceArn, assignment, {
        backoff: FAST,
        conflictBackoff: { initialMs: 20, maxMs: 50, timeoutMs: 5_000 },
      }),
    );
    expect(first).toMatchObject({ outcome: "created", creationRequestId: expect.any(String) });
    const conflicts = firstIds.length;
    expect(conflicts).toBeGreaterThan(3);

    const { result: second, requestIds: secondIds } = await collectRequestIds(() =>
      ensureAccountAssignment(s.clients, instanceArn, assignment, { backoff: FAST }),
    );
    expect(second).toEqual({ outcome: "already-assigned" });
    expect(secondIds).toEqual([expect.any(String)]);

    const listed = await listAccountAssignmentsForPrincipal(s.clients, instanceArn, { type: "GROUP", id: groupId });
    expect(listed.assignments.filter((a) => a.permissionSetArn === permissionSetArn)).toEqual([assignment]);
  });

  it("reports a FAILED assignment with its reason instead of throwing", async () => {
    await s.sandbox.admin("POST", "/settings", { failNextAsync: 1, failureReason: "The account is suspended." });
    const result = await ensureAccountAssignment(
      s.clients,
      instanceArn,
      { accountId: FIXTURE.memberAccountIds[1], permissionSetArn, principalType: "USER", principalId: userId },
      { backoff: FAST },
    );
    expect(result).toMatchObject({ outcome: "failed", failureReason: "The account is suspended." });
  });

  it("adds a user to a group once and lists the membership with the group's name", async () => {
    const first = await ensureGroupMembership(s.clients, identityStoreId, { groupId, userId });
    expect(first.outcome).toBe("created");
    const second = await ensureGroupMembership(s.clients, identityStoreId, { groupId, userId });
    expect(second).toMatchObject({ outcome: "already-member", membershipId: first.membershipId });
    const memberships = await listGroupMembershipsForMember(s.clients, identityStoreId, userId);
    expect(memberships.memberships).toContainEqual({ membershipId: first.membershipId, groupId, groupName: "AWSSecurityAuditors" });
  });

  it("maps an unknown group to not-found", async () => {
    await expect(
      ensureGroupMembership(s.clients, identityStoreId, { groupId: "0123456789-01234567-89ab-cdef-0123-456789abcdef", userId }),
    ).rejects.toMatchObject({ kind: "not-found", operation: "CreateGroupMembership", requestId: expect.any(String) });
  });
});
