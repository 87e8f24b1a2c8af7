import { describe, expect, it } from "vitest";
import { MEMBER_LIST_LIMIT, membershipOf, type AwsConfig, type FederationConfiguration } from "./configuration";
import type { ManagementEvent } from "../aws/lookup-management-events";
import { CLOUDTRAIL_UNREADABLE_NOTE, attributeAws, awsDriftTarget, driftBetween } from "./drift";

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

describe("attributeAws (CloudTrail)", () => {
  const PS = "arn:aws:sso:::permissionSet/ssoins-1/ps-1";
  const withSet = (set: Partial<AwsConfig["permissionSets"][string]>, assignments: Record<string, true> = {}): FederationConfiguration => {
    const base = aws({ "Made here": { groupId: "g-9", memberCount: 1, managedBy: "AWS" } });
    return {
      ...base,
      aws: {
        ...base.aws!,
        assignments,
        permissionSets: {
          "Ops.Admin": {
            permissionSetArn: PS,
            description: null,
            sessionDuration: "PT8H",
            relayState: null,
            managedPolicyArns: [],
            inlinePolicy: null,
            ...set,
          },
        },
      },
    };
  };
  const event = (over: Partial<ManagementEvent>): ManagementEvent => ({
    eventId: "e",
    eventName: "PutInlinePolicyToPermissionSet",
    eventSource: "sso.amazonaws.com",
    eventTime: "2026-11-30T10:00:00.000Z",
    arn: "arn:aws:iam::111122223333:user/mallory",
    issuerArn: null,
    accessKeyId: "AKIAMALLORY",
    errorCode: null,
    requestParameters: {},
    responseElements: {},
    ...over,
  });
  const portal = { arn: "arn:aws:iam::111122223333:user/identity-bridge", accessKeyId: "AKIAPORTAL" };

  it("maps each drifted field to its resource and the calls that change it (names with dots included)", () => {
    const recorded = withSet({});
    const live = withSet(
      { inlinePolicy: "{}", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      { "222233334444 · Ops.Admin · GROUP Made here": true },
    );
    const targets = Object.fromEntries(driftBetween(recorded, live).map((d) => [d.change.path, awsDriftTarget(d, recorded, live)]));
    expect(targets["aws.permissionSets.Ops.Admin.inlinePolicy"]).toMatchObject({
      resource: PS,
      eventNames: ["PutInlinePolicyToPermissionSet", "DeleteInlinePolicyFromPermissionSet"],
    });
    expect(targets["aws.permissionSets.Ops.Admin.managedPolicyArns[0]"]).toMatchObject({
      resource: PS,
      eventNames: expect.arrayContaining(["AttachManagedPolicyToPermissionSet"]),
    });
    const assignment = targets["aws.assignments.222233334444 · Ops.Admin · GROUP Made here"];
    expect(assignment).toMatchObject({ resource: PS, eventNames: ["CreateAccountAssignment"] });
    expect(assignment?.matches?.(event({ requestParameters: { targetId: "222233334444" } }))).toBe(true);
    expect(assignment?.matches?.(event({ requestParameters: { targetId: "999999999999" } }))).toBe(false);
    const group = awsDriftTarget(
      { change: { path: "aws.groups.Made here.memberCount", kind: "changed", secret: false }, side: "aws", by: null },
      recorded,
      live,
    );
    expect(group).toMatchObject({ resource: "g-9", eventNames: ["CreateGroupMembership", "DeleteGroupMembership"] });
    expect(
      awsDriftTarget({ change: { path: "aws.identitySource.kind", kind: "changed", secret: false }, side: "aws", by: null }, recorded, live),
    ).toBeUndefined();
  });

  it("names the newest caller who is not the portal, with the event's time; the portal's own calls never count", () => {
    const recorded = withSet({});
    const live = withSet({ inlinePolicy: "{}", sessionDuration: "PT1H" });
    const entries = driftBetween(recorded, live);
    const events = new Map([
      [
        PS,
        [
          event({ eventTime: "2026-11-30T11:00:00.000Z", arn: portal.arn, accessKeyId: portal.accessKeyId }),
          event({ eventTime: "2026-11-30T10:30:00.000Z" }),
          event({ eventTime: "2026-11-30T10:00:00.000Z", arn: "arn:aws:iam::111122223333:user/earlier" }),
          event({
            eventName: "UpdatePermissionSet",
            eventTime: "2026-11-30T09:00:00.000Z",
            arn: "arn:aws:sts::111122223333:assumed-role/Other/x",
            accessKeyId: portal.accessKeyId,
          }),
        ],
      ],
    ]);
    const byPath = Object.fromEntries(attributeAws(entries, recorded, live, { events }, portal).map((e) => [e.change.path, e]));
    expect(byPath["aws.permissionSets.Ops.Admin.inlinePolicy"]).toMatchObject({
      by: { who: "arn:aws:iam::111122223333:user/mallory", at: "2026-11-30T10:30:00.000Z", source: "CloudTrail: PutInlinePolicyToPermissionSet" },
    });
    // Only the portal's access key made the session duration change: not "who", but said.
    expect(byPath["aws.permissionSets.Ops.Admin.sessionDuration"]).toMatchObject({ by: null, note: expect.stringContaining("portal's own AWS credentials") });
  });

  it("matches a member added or removed to the calls about that user: a removal through the membership id its creation was answered with", () => {
    const group = (names: string[]): FederationConfiguration => aws({ "Made here": { groupId: "g-9", managedBy: "AWS", ...membershipOf(names) } });
    const recorded = group(["ann@contoso.test", "bob@contoso.test"]);
    const live = group(["ann@contoso.test", "cy@contoso.test"]);
    const entries = driftBetween(recorded, live).filter((e) => /\.members\./.test(e.change.path));
    expect(entries.map((e) => [e.change.path, e.change.kind])).toEqual([
      ["aws.groups.Made here.members.bob@contoso.test", "removed"],
      ["aws.groups.Made here.members.cy@contoso.test", "added"],
    ]);
    const create = (userId: string, membershipId: string, over: Partial<ManagementEvent> = {}) =>
      event({
        eventName: "CreateGroupMembership",
        eventSource: "identitystore.amazonaws.com",
        requestParameters: { identityStoreId: "d-1", groupId: "g-9", memberId: { userId } },
        responseElements: { membershipId, identityStoreId: "d-1" },
        ...over,
      });
    const remove = (membershipId: string, over: Partial<ManagementEvent> = {}) =>
      event({
        eventName: "DeleteGroupMembership",
        eventSource: "identitystore.amazonaws.com",
        requestParameters: { identityStoreId: "d-1", membershipId },
        ...over,
      });
    const trail = {
      // In the window: cy joined (by someone), and another user joined the same group (by the portal): only cy's counts.
      events: new Map([
        ["g-9", [create("u-cy", "m-cy", { eventTime: "2026-11-30T10:40:00.000Z", arn: "arn:aws:iam::111122223333:user/carol" }), create("u-ann", "m-ann2")]],
      ]),
      userIds: new Map([
        ["bob@contoso.test", { id: "u-bob" }],
        ["cy@contoso.test", { id: "u-cy" }],
      ]),
      // Months ago bob joined with membership m-bob; the window's deletes name membership ids only.
      history: new Map([["g-9", [create("u-bob", "m-bob", { eventTime: "2026-09-01T08:00:00.000Z", arn: portal.arn, accessKeyId: portal.accessKeyId })]]]),
      membershipDeletes: [
        remove("m-other", { arn: "arn:aws:iam::111122223333:user/someone-else" }),
        remove("m-bob", { eventTime: "2026-11-30T10:20:00.000Z" }),
      ],
    };
    const byPath = Object.fromEntries(attributeAws(entries, recorded, live, trail, portal).map((e) => [e.change.path, e]));
    expect(byPath["aws.groups.Made here.members.bob@contoso.test"]).toMatchObject({
      by: { who: "arn:aws:iam::111122223333:user/mallory", at: "2026-11-30T10:20:00.000Z", source: "CloudTrail: DeleteGroupMembership" },
    });
    expect(byPath["aws.groups.Made here.members.cy@contoso.test"]).toMatchObject({
      by: { who: "arn:aws:iam::111122223333:user/carol", source: "CloudTrail: CreateGroupMembership" },
    });

    // Without the membership's creation in CloudTrail's history, or with the user gone, the removal says why it is unattributed.
    const blind = attributeAws(entries, recorded, live, { ...trail, history: new Map() }, portal);
    expect(blind[0]).toMatchObject({ by: null, note: expect.stringContaining("holds no record of bob@contoso.test joining the group") });
    const gone = attributeAws(entries, recorded, live, { ...trail, userIds: new Map([["bob@contoso.test", { id: null }]]) }, portal);
    expect(gone[0]).toMatchObject({ by: null, note: expect.stringContaining("bob@contoso.test is no longer in the Identity Store") });
    const unasked = attributeAws(
      entries,
      recorded,
      live,
      { ...trail, userIds: new Map([["bob@contoso.test", { problem: "AWS throttled the request" }]]) },
      portal,
    );
    expect(unasked[0]).toMatchObject({ by: null, note: expect.stringContaining("the next check will try again") });
  });

  it("keeps every AWS change, unattributed with the reason, when CloudTrail cannot be read; Entra changes are left alone", () => {
    const recorded = withSet({});
    const live = withSet({ inlinePolicy: "{}" });
    const entra = { change: { path: "entra.app.replyUrls[0]", kind: "changed" as const, secret: false as const }, side: "entra" as const, by: null };
    const out = attributeAws([...driftBetween(recorded, live), entra], recorded, live, { unreadable: CLOUDTRAIL_UNREADABLE_NOTE }, portal);
    expect(out).toEqual([expect.objectContaining({ by: null, note: CLOUDTRAIL_UNREADABLE_NOTE }), entra]);
    expect(CLOUDTRAIL_UNREADABLE_NOTE).toContain("cloudtrail:LookupEvents");
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
  const legacy = (
    trusts: boolean,
    keys: Record<string, { status: string; createdAt: string | null }>,
    roles: Record<string, { displayName: string; enabled: boolean }> = {},
  ): FederationConfiguration => ({
    entra: { app: null, provisioning: null },
    aws: null,
    legacy: { accounts: { "111122223333": account(trusts, keys) }, appRoles: roles },
  });
  const key = { AKIA1: { status: "Active", createdAt: "2026-01-01T00:00:00.000Z" } };

  it("reports the IAM side as AWS drift and the app's roles as Entra drift", () => {
    const drift = driftBetween(
      legacy(true, key),
      legacy(false, { AKIA2: { status: "Active", createdAt: "2026-11-30T00:00:00.000Z" } }, { "r,p": { displayName: "R", enabled: true } }),
    );
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

  it("the role-import job paused outside the portal is Entra drift; a version recorded before the job was kept is no baseline for it", () => {
    const job = { jobId: "aws.1", templateId: "aws", scheduleState: "Active", interval: "PT40M", accessKeyId: "AKIA1", keySaved: true };
    const withJob = (scheduleState: string): FederationConfiguration => {
      const c = legacy(true, key);
      return { ...c, legacy: { ...c.legacy!, roleImport: { ...job, scheduleState } } };
    };
    expect(driftBetween(withJob("Active"), withJob("Paused")).map((d) => [d.change.path, d.side, d.change.kind])).toEqual([
      ["legacy.roleImport.scheduleState", "entra", "changed"],
    ]);
    expect(driftBetween(legacy(true, key), withJob("Paused"))).toEqual([]);
  });
});
