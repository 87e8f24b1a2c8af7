import { describe, expect, it } from "vitest";
import { MEMBER_LIST_LIMIT, membershipOf, type AwsConfig, type FederationConfiguration } from "./configuration";
import { driftBetween } from "./drift";

const aws = (groups: AwsConfig["groups"], sessionDuration = "PT8H"): FederationConfiguration => ({
  entra: { app: null, provisioning: null },
  aws: {
    instance: { instanceArn: "arn:aws:sso:::instance/ssoins-1", identityStoreId: "d-1", status: "ACTIVE", name: null },
    identitySource: { kind: "external-idp", signInUrl: null },
    permissionSets: { ProjectAdmin: { sessionDuration } as unknown as AwsConfig["permissionSets"][string] },
    assignments: {},
    groups,
  },
});

describe("driftBetween", () => {
  it("leaves out what Entra's provisioning does to the groups it owns, and keeps groups made in AWS", () => {
    const recorded = aws({
      "Project Users": { groupId: "g1", memberCount: 3, managedBy: "SCIM" },
      "Break glass": { groupId: "g2", memberCount: 1, managedBy: "AWS" },
    });
    const live = aws({
      "Project Users": { groupId: "g1", memberCount: 5, managedBy: "SCIM" },
      "Project Readers": { groupId: "g3", memberCount: 2, managedBy: "SCIM" },
      "Break glass": { groupId: "g2", memberCount: 4, managedBy: "AWS" },
    });
    expect(driftBetween(recorded, live).map((d) => d.change.path)).toEqual(["aws.groups.Break glass.memberCount"]);
  });

  it("reports a changed permission set as AWS drift, unattributed", () => {
    const drift = driftBetween(aws({}), aws({}, "PT1H"));
    expect(drift).toEqual([{ change: expect.objectContaining({ path: "aws.permissionSets.ProjectAdmin.sessionDuration" }), side: "aws", by: null }]);
  });

  it("finds nothing when nothing changed", () => {
    expect(
      driftBetween(aws({ A: { groupId: "g", memberCount: 1, managedBy: "AWS" } }), aws({ A: { groupId: "g", memberCount: 1, managedBy: "AWS" } })),
    ).toEqual([]);
  });

  it("names the members added to or removed from a group made in AWS; a version recorded before members were kept is no baseline for them", () => {
    const recorded = aws({ "Break glass": { groupId: "g2", managedBy: "AWS", ...membershipOf(["ann"]) } });
    const live = aws({ "Break glass": { groupId: "g2", managedBy: "AWS", ...membershipOf(["bob"]) } });
    expect(driftBetween(recorded, live).map((d) => `${d.change.path} ${d.change.kind}`)).toEqual([
      "aws.groups.Break glass.members.ann removed",
      "aws.groups.Break glass.members.bob added",
      "aws.groups.Break glass.membersHash changed",
    ]);
    const older = aws({ "Break glass": { groupId: "g2", managedBy: "AWS", memberCount: 1 } });
    expect(driftBetween(older, live)).toEqual([]);
  });

  it("keeps an Entra group's assignment to the app in drift, not its members' comings and goings", () => {
    const withGroups = (groups: NonNullable<FederationConfiguration["entra"]["assignedGroups"]>): FederationConfiguration => ({
      ...aws({}),
      entra: { app: null, provisioning: null, assignedGroups: groups },
    });
    const recorded = withGroups({ "AWS Users": { groupId: "e1", ...membershipOf(["ann@contoso.com"]) } });
    expect(driftBetween(recorded, withGroups({ "AWS Users": { groupId: "e1", ...membershipOf(["ann@contoso.com", "bob@contoso.com"]) } }))).toEqual([]);
    expect(driftBetween(recorded, withGroups({})).map((d) => d.change.path)).toContain("entra.assignedGroups.AWS Users.groupId");
    // A version recorded before assigned groups were kept: nothing to compare with.
    expect(driftBetween(aws({}), withGroups({ "AWS Users": { groupId: "e1", ...membershipOf([]) } }))).toEqual([]);
  });
});

describe("membershipOf", () => {
  it("lists the members by name up to the limit, past it only the count and a hash that still tells two lists apart", () => {
    expect(membershipOf(["b", "a", "a"])).toMatchObject({ memberCount: 2, members: { a: true, b: true } });
    const many = Array.from({ length: MEMBER_LIST_LIMIT + 1 }, (_, i) => `user${i}`);
    const big = membershipOf(many);
    expect(big).toMatchObject({ memberCount: MEMBER_LIST_LIMIT + 1, members: null });
    expect(big.membersHash).toMatch(/^[0-9a-f]{64}$/);
    expect(membershipOf([...many.slice(1), "other"]).membersHash).not.toBe(big.membersHash);
    expect(membershipOf([...many].reverse()).membersHash).toBe(big.membersHash);
  });
});

describe("driftBetween, legacy per-account federations", () => {
  const account = (trusts: boolean, keys: Record<string, { status: string; createdAt: string | null }>) => ({
    reachedThrough: null,
    samlProvider: { providerArn: "arn:aws:iam::111122223333:saml-provider/EntraID", validUntil: null, certificates: { AA: { notAfter: null } } },
    roles: {
      EntraReadOnly: {
        roleArn: "arn:aws:iam::111122223333:role/entra-saml/EntraReadOnly",
        trust: { samlProviders: trusts ? ["arn:aws:iam::111122223333:saml-provider/EntraID"] : [], trustsProvider: trusts, audiences: [] },
        trustPolicy: null,
        maxSessionDuration: 3600,
        managedPolicyArns: [],
        permissionsBoundaryArn: null,
      },
    },
    roleManager: { userName: "EntraRoleManager", keys },
  });
  const legacy = (trusts: boolean, keys: Record<string, { status: string; createdAt: string | null }>, roles: Record<string, { displayName: string; enabled: boolean }> = {}): FederationConfiguration => ({
    entra: { app: null, provisioning: null },
    aws: null,
    legacy: { accounts: { "111122223333": account(trusts, keys) }, appRoles: roles },
  });
  const key = { AKIA1: { status: "Active", createdAt: "2026-01-01T00:00:00.000Z" } };

  it("reports the IAM side as AWS drift and the app's roles as Entra drift", () => {
    const drift = driftBetween(legacy(true, key), legacy(false, { AKIA2: { status: "Active", createdAt: "2026-11-30T00:00:00.000Z" } }, { "r,p": { displayName: "R", enabled: true } }));
    expect(drift.map((d) => [d.change.path, d.side])).toEqual(
      expect.arrayContaining([
        ["legacy.accounts.111122223333.roles.EntraReadOnly.trust.trustsProvider", "aws"],
        ["legacy.accounts.111122223333.roleManager.keys.AKIA1.status", "aws"],
        ["legacy.accounts.111122223333.roleManager.keys.AKIA2.createdAt", "aws"],
        ["legacy.appRoles.r,p.displayName", "entra"],
      ]),
    );
  });

  it("a version recorded before the IAM side was kept is not drift, and an unchanged one has none", () => {
    const before = legacy(true, key);
    delete before.legacy;
    expect(driftBetween(before, legacy(true, key))).toEqual([]);
    expect(driftBetween(legacy(true, key), legacy(true, key))).toEqual([]);
  });
});
