import { describe, expect, it } from "vitest";
import { mergeMigrationInputs, permissionSetName, proposeMigration, sessionDurationOf, type LegacyMigrationInput, type LegacyRoleState } from "./legacy-to-identity-center";

const A = "111122223333";
const B = "444455556666";
const provider = (account: string) => `arn:aws:iam::${account}:saml-provider/EntraID`;
const arn = (account: string, name: string) => `arn:aws:iam::${account}:role/entra-saml/${name}`;
const role = (account: string, name: string, more: Partial<LegacyRoleState> = {}): LegacyRoleState => ({
  accountId: account,
  roleArn: arn(account, name),
  roleName: name,
  samlProviders: [provider(account)],
  maxSessionDuration: 3600,
  managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  inlinePolicies: [],
  permissionsBoundaryArn: null,
  ...more,
});
const appRole = (id: string, account: string, name: string) => ({ id, value: `${arn(account, name)},${provider(account)}`, displayName: name, isEnabled: true });

describe("proposeMigration", () => {
  it("maps each imported role to a permission set and each role assignment to an account assignment, with a count summary", () => {
    const input: LegacyMigrationInput = {
      appRoles: [appRole("r1", A, "EntraReadOnly"), appRole("r2", A, "EntraAdministrator"), { id: "d", value: "msiam_access", displayName: "msiam_access", isEnabled: true }],
      assignments: [
        { principalId: "u1", principalType: "User", principalDisplayName: "Jane Doe", appRoleId: "r1" },
        { principalId: "g1", principalType: "Group", principalDisplayName: "Project Admins", appRoleId: "r2" },
        { principalId: "u2", principalType: "User", principalDisplayName: "Nick", appRoleId: "d" },
      ],
      roles: [
        role(A, "EntraReadOnly", {
          maxSessionDuration: 7200,
          inlinePolicies: [
            { name: "s3", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }) },
            { name: "logs", document: JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "logs:Get*", Resource: "*" } }) },
          ],
        }),
        role(A, "EntraAdministrator", { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess", `arn:aws:iam::${A}:policy/team/DenyBilling`], permissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess" }),
      ],
      accountsRead: [A],
    };
    const plan = proposeMigration(input);
    expect(plan.summary).toEqual({ importedRoles: 2, permissionSets: 2, roleAssignments: 3, accountAssignments: 2, notMapped: 1 });
    const admin = plan.permissionSets.find((p) => p.name === "EntraAdministrator");
    expect(admin).toMatchObject({
      fromRoles: [arn(A, "EntraAdministrator")],
      accounts: [A],
      managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      customerManagedPolicies: [{ name: "DenyBilling", path: "/team/" }],
      inlinePolicy: null,
      sessionDuration: "PT1H",
      permissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
    expect(admin?.notes.join(" ")).toMatch(/Customer managed \/team\/DenyBilling.*every account.*Permissions boundary/);
    const readOnly = plan.permissionSets.find((p) => p.name === "EntraReadOnly");
    expect(readOnly?.sessionDuration).toBe("PT2H");
    expect(JSON.parse(readOnly?.inlinePolicy ?? "null")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
        { Effect: "Allow", Action: "logs:Get*", Resource: "*" },
      ],
    });
    expect(readOnly?.notes).toContainEqual(expect.stringMatching(/2 inline policies \(s3, logs\) merged/));
    expect(plan.accountAssignments).toEqual([
      { principal: { type: "GROUP", entraId: "g1", displayName: "Project Admins", becomes: expect.stringMatching(/AWS group “Project Admins”/) }, accountId: A, permissionSet: "EntraAdministrator", fromRole: arn(A, "EntraAdministrator") },
      { principal: { type: "USER", entraId: "u1", displayName: "Jane Doe", becomes: expect.stringMatching(/AWS user Jane Doe/) }, accountId: A, permissionSet: "EntraReadOnly", fromRole: arn(A, "EntraReadOnly") },
    ]);
    expect(plan.notMapped).toEqual([{ subject: "User Nick", reason: expect.stringMatching(/msiam_access.*carries no AWS role/) }]);
  });

  it("one permission set for alike roles of one name across accounts, one per account when they differ", () => {
    const alike = proposeMigration({
      appRoles: [appRole("a", A, "Ops"), appRole("b", B, "Ops")],
      assignments: [
        { principalId: "g", principalType: "Group", principalDisplayName: "Ops", appRoleId: "a" },
        { principalId: "g", principalType: "Group", principalDisplayName: "Ops", appRoleId: "b" },
      ],
      roles: [role(A, "Ops"), role(B, "Ops")],
      accountsRead: [A, B],
    });
    expect(alike.permissionSets.map((p) => [p.name, p.accounts])).toEqual([["Ops", [A, B]]]);
    expect(alike.accountAssignments.map((a) => [a.accountId, a.permissionSet])).toEqual([
      [A, "Ops"],
      [B, "Ops"],
    ]);
    const differ = proposeMigration({
      appRoles: [appRole("a", A, "Ops"), appRole("b", B, "Ops")],
      assignments: [],
      roles: [role(A, "Ops"), role(B, "Ops", { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] })],
      accountsRead: [A, B],
    });
    expect(differ.permissionSets.map((p) => p.name)).toEqual([`Ops-${A}`, `Ops-${B}`]);
    expect(differ.permissionSets[0]?.notes).toContainEqual(expect.stringMatching(/differ between accounts/));
  });

  it("lists what does not map: several providers, a malformed value, a role gone or out of reach", () => {
    const plan = proposeMigration({
      appRoles: [
        appRole("shared", A, "Shared"),
        { id: "bad", value: `${arn(A, "X")},${provider(B)}`, displayName: "Cross", isEnabled: true },
        appRole("gone", A, "Gone"),
        appRole("far", B, "Far"),
      ],
      assignments: [{ principalId: "u", principalType: "User", principalDisplayName: "Jane", appRoleId: "shared" }],
      roles: [role(A, "Shared", { samlProviders: [provider(A), `arn:aws:iam::${A}:saml-provider/Okta`] })],
      accountsRead: [A],
    });
    expect(plan.permissionSets).toEqual([]);
    expect(plan.accountAssignments).toEqual([]);
    expect(plan.notMapped.map((n) => `${n.subject}: ${n.reason}`)).toEqual([
      expect.stringMatching(/^Role .*Shared: it trusts 2 SAML providers/),
      expect.stringMatching(/^App role “Cross”: .*same account/),
      expect.stringMatching(/^Role .*Gone: it no longer exists in IAM/),
      expect.stringMatching(new RegExp(`^Role .*Far: account ${B} is not one the portal reaches`)),
    ]);
  });

  it("names and durations within Identity Center's limits", () => {
    expect(permissionSetName("A very long role name that goes past thirty-two")).toHaveLength(32);
    expect(permissionSetName("has spaces/and:colons")).toBe("hasspacesandcolons");
    expect([sessionDurationOf(null), sessionDurationOf(900), sessionDurationOf(5400), sessionDurationOf(43_200), sessionDurationOf(99_999)]).toEqual(["PT1H", "PT1H", "PT1H30M", "PT12H", "PT12H"]);
  });
});

describe("mergeMigrationInputs", () => {
  it("reads several apps (one per account) as one estate, keeping each app's role ids apart when templates reuse them", () => {
    // Both apps come from the same gallery template: the same app role id means a different role in each.
    const inA: LegacyMigrationInput = {
      appRoles: [appRole("same", A, "Ops")],
      assignments: [{ principalId: "g", principalType: "Group", principalDisplayName: "Ops", appRoleId: "same" }],
      roles: [role(A, "Ops")],
      accountsRead: [A],
    };
    const inB: LegacyMigrationInput = {
      appRoles: [appRole("same", B, "Ops")],
      assignments: [{ principalId: "u", principalType: "User", principalDisplayName: "Jane Doe", appRoleId: "same" }],
      roles: [role(B, "Ops")],
      accountsRead: [B, A],
    };
    const merged = mergeMigrationInputs([
      { federationId: "default", input: inA },
      { federationId: "legacy-444455556666", input: inB },
    ]);
    expect(merged.accountsRead).toEqual([A, B]);
    const plan = proposeMigration(merged);
    // Alike roles of one name in two accounts share one permission set, assigned in each account to its own principal.
    expect(plan.permissionSets.map((p) => [p.name, p.accounts])).toEqual([["Ops", [A, B]]]);
    expect(plan.accountAssignments.map((a) => [a.principal.displayName, a.accountId])).toEqual([
      ["Ops", A],
      ["Jane Doe", B],
    ]);
    expect(plan.notMapped).toEqual([]);
  });
});
