import { describe, expect, it } from "vitest";
import { computeEffectiveAccess, effectiveAccessCsv, filterEffectiveAccess } from "./effective-access";
import { AccessRefusedError, assertNotProtected, DEFAULT_PROTECTED_PRINCIPALS, findProtected } from "./protected-principals";
import { isScimOwned } from "./scim-owned";

const PS_ADMIN = "arn:aws:sso:::permissionSet/ssoins-1/ps-admin";
const PS_READ = "arn:aws:sso:::permissionSet/ssoins-1/ps-read";

const input = {
  assignments: [
    { accountId: "111", permissionSetArn: PS_ADMIN, principalType: "GROUP" as const, principalId: "g-admins" },
    { accountId: "222", permissionSetArn: PS_READ, principalType: "GROUP" as const, principalId: "g-readers" },
    { accountId: "222", permissionSetArn: PS_READ, principalType: "USER" as const, principalId: "u-jane" },
    { accountId: "333", permissionSetArn: PS_READ, principalType: "GROUP" as const, principalId: "g-empty" },
  ],
  members: new Map([
    ["g-admins", ["u-jane", "u-bob"]],
    ["g-readers", ["u-jane"]],
  ]),
  users: new Map([
    ["u-jane", { userName: "jane.doe@contoso.example" }],
    ["u-bob", { userName: "bob@contoso.example" }],
  ]),
  groups: new Map([
    ["g-admins", { displayName: "Project Admins" }],
    ["g-readers", { displayName: "Project Readers" }],
  ]),
  accounts: new Map([
    ["111", { name: "Production" }],
    ["222", { name: "Staging" }],
  ]),
  permissionSets: new Map([[PS_ADMIN, { name: "ProjectAdmin" }]]),
};

describe("effective access", () => {
  it("expands group assignments to members, keeps direct ones, names everything it can, and sorts by user", () => {
    const rows = computeEffectiveAccess(input);
    expect(rows.map((r) => [r.userName, r.accountName, r.permissionSetName, r.via.kind === "group" ? r.via.groupName : "direct"])).toEqual([
      ["bob@contoso.example", "Production", "ProjectAdmin", "Project Admins"],
      ["jane.doe@contoso.example", "Production", "ProjectAdmin", "Project Admins"],
      ["jane.doe@contoso.example", "Staging", "ps-read", "direct"],
      ["jane.doe@contoso.example", "Staging", "ps-read", "Project Readers"],
    ]);
  });

  it("filters per user, per account and per permission set, without case", () => {
    const rows = computeEffectiveAccess(input);
    expect(filterEffectiveAccess(rows, { user: "JANE.DOE@contoso.example" })).toHaveLength(3);
    expect(filterEffectiveAccess(rows, { account: "production" }).map((r) => r.userName)).toEqual(["bob@contoso.example", "jane.doe@contoso.example"]);
    expect(filterEffectiveAccess(rows, { permissionSet: PS_READ })).toHaveLength(2);
    expect(filterEffectiveAccess(rows, { user: "nobody" })).toEqual([]);
  });

  it("writes CSV that quotes commas and quotes and defuses spreadsheet formulas", () => {
    const csv = effectiveAccessCsv([
      { userId: "u", userName: "=cmd|' /C calc'!A0", accountId: "1", accountName: 'Prod, "eu"', permissionSetArn: "a", permissionSetName: "P", via: { kind: "direct" } },
    ]);
    expect(csv).toBe(`user,account_id,account_name,permission_set,permission_set_arn,via\r\n'=cmd|' /C calc'!A0,1,"Prod, ""eu""",P,a,direct assignment\r\n`);
  });
});

describe("SCIM-owned groups", () => {
  it("are the ones with an ExternalId issued by SCIM; console-made groups have none", () => {
    expect(isScimOwned({ externalIds: [{ issuer: "SCIM" }] })).toBe(true);
    expect(isScimOwned({ externalIds: [] })).toBe(false);
    expect(isScimOwned({ externalIds: [{ issuer: "https://other-idp.example" }] })).toBe(false);
  });
});

describe("protected principals", () => {
  const list = [...DEFAULT_PROTECTED_PRINCIPALS, { type: "USER" as const, name: "breakglass.admin", note: "break-glass" }];

  it("refuses a change touching a protected group or user, naming it and why", () => {
    expect(() => assertNotProtected(list, [{ type: "GROUP", name: "awscontroltoweradmins" }], "change the memberships of")).toThrow(AccessRefusedError);
    expect(() => assertNotProtected(list, [{ type: "GROUP", name: "Developers" }, { type: "USER", name: "breakglass.admin" }], "remove")).toThrow(
      /user “breakglass.admin” is a protected principal \(break-glass\), and no portal action may remove it/,
    );
  });

  it("lets everything else through, and does not confuse a user with a group of the same name", () => {
    expect(() => assertNotProtected(list, [{ type: "GROUP", name: "Developers" }, { type: "USER", name: "jane.doe@contoso.example" }], "change")).not.toThrow();
    expect(findProtected(list, { type: "USER", name: "AWSSecurityAuditors" })).toBeUndefined();
    expect(findProtected(list, { type: "GROUP", name: "AWSSecurityAuditors" })?.name).toBe("AWSSecurityAuditors");
  });
});
