import { describe, expect, it } from "vitest";
import { MEMBER_LIST_LIMIT, membershipOf } from "./configuration";
import { configurationSections, parseInstant, utcLabel } from "./view";

describe("as-of instants from the URL", () => {
  it("reads a datetime-local value as UTC, exactly (no rounding), and refuses anything else", () => {
    expect(parseInstant("2026-11-30T10:00")?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
    expect(parseInstant("2026-11-30T10:00:05")?.toISOString()).toBe("2026-11-30T10:00:05.000Z");
    expect(parseInstant("2026-11-30T10:00:05.123")?.toISOString()).toBe("2026-11-30T10:00:05.123Z");
    expect(parseInstant("2026-11-30T10:00:05.123Z")?.toISOString()).toBe("2026-11-30T10:00:05.123Z");
    expect(parseInstant("2026-11-30T12:00:00+02:00")?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
    expect(parseInstant(["2026-11-30T10:00"])?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
    for (const bad of [undefined, "", "yesterday", "2026-11-30", "2026-13-45T10:00", "2026-11-30T10:00:00 OR 1=1"]) expect(parseInstant(bad)).toBeUndefined();
  });

  it("labels instants in UTC, with milliseconds only when there are some", () => {
    expect(utcLabel(new Date("2026-11-30T10:00:05.000Z"))).toBe("2026-11-30 10:00:05 UTC");
    expect(utcLabel(new Date("2026-11-30T10:00:05.120Z"))).toBe("2026-11-30 10:00:05.120 UTC");
  });
});

describe("a recorded configuration as sections", () => {
  it("lists every field, says what is missing, and never shows an object as [object Object]", () => {
    const sections = configurationSections({
      entra: {
        app: {
          displayName: "AWS IAM Identity Center",
          appId: "a",
          applicationObjectId: "o",
          servicePrincipalId: "s",
          identifierUris: ["https://eu-west-1.signin.aws.amazon.com/platform/saml/d-1"],
          replyUrls: ["https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/x"],
          signOnUrl: null,
          relayState: null,
          ssoMode: "saml",
          notificationEmails: [],
          signingCertificates: { ABC: { displayName: "CN=x", notBefore: null, notAfter: "2029-01-01T00:00:00Z", active: true } },
        },
        provisioning: null,
      },
      aws: null,
    });
    const app = sections.find((s) => s.id === "entra-app");
    expect(app?.rows).toContainEqual(["replyUrls", "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/x"]);
    expect(app?.rows).toContainEqual(["signingCertificates.ABC.active", "yes"]);
    expect(app?.rows).toContainEqual(["signOnUrl", "—"]);
    expect(sections.find((s) => s.id === "entra-provisioning")?.empty).toBe("No provisioning job yet.");
    expect(sections.find((s) => s.id === "aws-groups")?.empty).toBe("No groups.");
    expect(JSON.stringify(sections)).not.toContain("[object Object]");
  });

  it("shows each group's members by name, or past the list limit its count and members' hash", () => {
    const sections = configurationSections({
      entra: { app: null, provisioning: null, assignedGroups: { "AWS Users": { groupId: "e1", ...membershipOf(["bob@contoso.com", "ann@contoso.com"]) } } },
      aws: {
        instance: { instanceArn: "arn", identityStoreId: "d-1", status: "ACTIVE", name: null },
        identitySource: { kind: "external-idp", signInUrl: null },
        permissionSets: {},
        assignments: {},
        groups: {
          Admins: { groupId: "g1", managedBy: "AWS", ...membershipOf(["ann"]) },
          Everyone: { groupId: "g2", managedBy: "SCIM", ...membershipOf(Array.from({ length: MEMBER_LIST_LIMIT + 1 }, (_, i) => `u${i}`)) },
          Older: { groupId: "g3", managedBy: "AWS", memberCount: 2 },
        },
      },
    });
    expect(sections.find((s) => s.id === "entra-assigned-groups")?.rows).toEqual([["AWS Users", "2 members: ann@contoso.com, bob@contoso.com"]]);
    const aws = new Map(sections.find((s) => s.id === "aws-groups")?.rows);
    expect(aws.get("Admins")).toBe("1 member: ann · made by AWS");
    expect(aws.get("Everyone")).toMatch(/^1001 members \(too many to list; members' SHA-256 [0-9a-f]{12}…\) · made by SCIM$/);
    expect(aws.get("Older")).toBe("2 members · made by AWS");
  });
});

describe("configurationSections, legacy per-account", () => {
  it("shows each account's IAM side and the app's roles instead of the Identity Center sections, with the key's age", () => {
    const sections = configurationSections({
      entra: { app: null, provisioning: null },
      aws: null,
      legacy: {
        accounts: {
          "111122223333": {
            reachedThrough: null,
            samlProvider: { providerArn: "arn:aws:iam::111122223333:saml-provider/EntraID", validUntil: null, certificates: { AA: { notAfter: "2029-01-01T00:00:00.000Z" } } },
            roles: {},
            roleManager: { userName: "EntraRoleManager", keys: { AKIA1: { status: "Active", createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString() } } },
          },
        },
        appRoles: {},
        roleImport: { jobId: "aws.1", templateId: "aws", scheduleState: "Active", interval: "PT40M", accessKeyId: "AKIA1", keySaved: true },
      },
    });
    // The app's role-import job where an Identity Center federation shows its provisioning job.
    expect(sections.map((s) => s.id)).toEqual(["entra-app", "entra-role-import", "legacy-account-111122223333", "legacy-app-roles"]);
    expect(sections.find((s) => s.id === "entra-role-import")?.rows).toEqual(
      expect.arrayContaining([
        ["scheduleState", "Active"],
        ["accessKeyId", "AKIA1"],
        ["keySaved", "yes"],
      ]),
    );
    const account = sections.find((s) => s.id === "legacy-account-111122223333");
    expect(account?.rows).toContainEqual(["SAML provider certificate AA", "expires 2029-01-01T00:00:00.000Z"]);
    expect(account?.rows).toContainEqual(["role manager EntraRoleManager key AKIA1", expect.stringMatching(/^Active, created .* \(3 days old today\)$/)]);
    expect(sections.find((s) => s.id === "legacy-app-roles")?.empty).toBe("No roles imported yet.");
  });

  it("says a version recorded before the role-import job was kept does not hold it", () => {
    const sections = configurationSections({ entra: { app: null, provisioning: null }, aws: null, legacy: { accounts: {}, appRoles: {} } });
    expect(sections.find((s) => s.id === "entra-role-import")?.empty).toBe("Not recorded in this version.");
  });
});
