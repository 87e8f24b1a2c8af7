import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUser } from "./find-user";
import { lintInScopeUsers } from "./lint-in-scope-users";
import { listGroupMembersTransitive } from "./list-group-members-transitive";
import { searchUsers } from "./search-users";
import { startEntraGatewaySandbox, type EntraGatewaySandbox } from "./testing";
import { userAppAssignmentPath } from "./user-app-assignment-path";
import { collectRequestIds } from "../request-context";

interface Cases {
  cases: Record<string, string>;
  groups: Record<string, string>;
}

describe("directory reads, assignment paths and the in-scope lint", () => {
  let s: EntraGatewaySandbox;
  let cases: Record<string, string>;
  let groups: Record<string, string>;
  let spId: string;
  const idOf = async (upn: string) => (await findUser(s.gateway, upn)).user?.id ?? "missing";

  beforeAll(async () => {
    s = await startEntraGatewaySandbox();
    const listed = (await s.admin("GET", "/_sandbox/entra/cases")).json as unknown as Cases;
    cases = listed.cases;
    groups = listed.groups;
    // The sandbox shortcut: the AWS app with the demo plan (Project Admins/Users/Readers + John directly).
    const setup = await s.admin("POST", "/_sandbox/entra/setup-aws-app", {});
    spId = String(setup.json.servicePrincipalId);
  });
  afterAll(() => s.close());

  it("findUser by UPN, object id, mail (when it differs) and guest UPN; unknown is null", async () => {
    const jane = await findUser(s.gateway, cases.healthy ?? "");
    expect(jane).toMatchObject({ matchedBy: "userPrincipalName", user: { givenName: "Jane", surname: "Doe", accountEnabled: true, userType: "Member" } });
    expect((await findUser(s.gateway, jane.user?.id ?? "")).matchedBy).toBe("id");
    expect(await findUser(s.gateway, "p.patel@contoso.com")).toMatchObject({ matchedBy: "mail", user: { userPrincipalName: cases.upnNotMail } });
    expect((await findUser(s.gateway, cases.guest ?? "")).user).toMatchObject({ userType: "Guest" });
    expect(await findUser(s.gateway, "nobody@contoso-sandbox.onmicrosoft.com")).toMatchObject({ user: null, matchedBy: null });
  });

  it("searchUsers by name start, UPN and mail, tolerant of case and spaces", async () => {
    expect((await searchUsers(s.gateway, "  JANE   doe ")).users.map((u) => u.userPrincipalName)).toEqual([cases.healthy]);
    expect((await searchUsers(s.gateway, "priya")).users.map((u) => u.userPrincipalName)).toEqual([cases.upnNotMail]);
    expect((await searchUsers(s.gateway, "p.patel@")).users.map((u) => u.userPrincipalName)).toEqual([cases.upnNotMail]);
    expect((await searchUsers(s.gateway, "a", { top: 3 })).users).toHaveLength(3);
    expect((await searchUsers(s.gateway, "   ")).users).toEqual([]);
  });

  it("transitive members include the nested group's users", async () => {
    const members = await listGroupMembersTransitive(s.gateway, groups["Project Users"] ?? "");
    const upns = members.users.map((u) => u.userPrincipalName);
    expect(upns).toEqual(expect.arrayContaining([cases.healthy, cases.nestedOnly]));
    expect(members.groups.map((g) => g.displayName)).toEqual(["Project Users - Contractors"]);
  });

  it("userAppAssignmentPath: direct, group, nested-only (not in scope) and none", async () => {
    expect(await userAppAssignmentPath(s.gateway, await idOf(cases.healthyDirect ?? ""), spId)).toMatchObject({ path: "direct", inScope: true });
    const jane = await userAppAssignmentPath(s.gateway, await idOf(cases.healthy ?? ""), spId);
    expect(jane).toMatchObject({ path: "group", inScope: true, viaGroups: [{ displayName: "Project Users" }] });
    const ninaId = await idOf(cases.nestedOnly ?? "");
    const { result: nina, requestIds: ninaIds } = await collectRequestIds(() => userAppAssignmentPath(s.gateway, ninaId, spId));
    expect(nina).toMatchObject({ path: "nested-only", inScope: false, viaGroups: [], nestedVia: [{ id: groups["Project Users"] }] });
    expect(await userAppAssignmentPath(s.gateway, await idOf(cases.notAssigned ?? ""), spId)).toMatchObject({ path: "none", inScope: false, nestedVia: [] });
    expect(ninaIds).toHaveLength(3);
  });

  it("lint flags each seeded failure case and leaves the healthy users clean", async () => {
    const lint = await lintInScopeUsers(s.gateway, spId);
    const codes = (upn: string | undefined) => lint.users.find((u) => u.user.userPrincipalName === upn)?.issues.map((i) => i.code);
    expect(codes(cases.healthy)).toEqual([]);
    expect(codes(cases.healthyDirect)).toEqual([]);
    expect(codes(cases.missingGivenName)).toEqual(["missing-given-name"]);
    expect(codes(cases.missingSurname)).toEqual(["missing-surname"]);
    expect(codes(cases.upnNotMail)).toEqual(["upn-differs-from-mail"]);
    expect(codes(cases.nestedOnly)).toEqual(["nested-group-only"]);
    expect(codes(cases.disabled)).toEqual(["disabled"]);
    expect(codes(cases.proxyAddresses)).toEqual(["several-emails"]);
    expect(codes(cases.guest)).toEqual(expect.arrayContaining(["guest", "upn-differs-from-mail"]));
    expect(codes(cases.notAssigned)).toBeUndefined();
    expect(lint.users.find((u) => u.user.userPrincipalName === cases.nestedOnly)).toMatchObject({
      path: "nested-only",
      viaGroups: [{ displayName: "Project Users" }],
    });
    expect(lint.users.find((u) => u.user.userPrincipalName === cases.healthyDirect)?.path).toBe("direct");
    expect(lint.counts.nestedOnly).toBe(1);
    expect(lint.counts.inScope).toBe(lint.users.length - 1);
    expect(lint.truncated).toBe(false);
  });
});
