import { describe, expect, it } from "vitest";
import {
  addLegacyFederationInput,
  DEFAULT_FEDERATION,
  federationFromSearchParam,
  federationIdField,
  federationQuery,
  legacyFederationId,
  nextLegacyInstance,
} from "./federation-id";

describe("choosing a federation", () => {
  it("reads ?federation=: absent or empty is the first one, an id is kept, anything else is unknown (not a crash)", () => {
    expect(federationFromSearchParam(undefined)).toEqual({ ok: true, id: DEFAULT_FEDERATION });
    expect(federationFromSearchParam("")).toEqual({ ok: true, id: DEFAULT_FEDERATION });
    expect(federationFromSearchParam("  ")).toEqual({ ok: true, id: DEFAULT_FEDERATION });
    expect(federationFromSearchParam("legacy-111122223333")).toEqual({ ok: true, id: "legacy-111122223333" });
    expect(federationFromSearchParam(["legacy-111122223333", "default"])).toEqual({ ok: true, id: "legacy-111122223333" });
    for (const bad of ["../etc", "Legacy-1", "a b", "x".repeat(65), "-lead", "legacy_1", "<script>"])
      expect(federationFromSearchParam(bad)).toEqual({ ok: false });
  });

  it("validates the federation of an action: absent is the first one, a malformed id is refused with a message", () => {
    expect(federationIdField.parse(undefined)).toBe(DEFAULT_FEDERATION);
    expect(federationIdField.parse("")).toBe(DEFAULT_FEDERATION);
    expect(federationIdField.parse("legacy-111122223333")).toBe("legacy-111122223333");
    const refused = federationIdField.safeParse("'; drop table");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("unknown federation");
    expect(federationIdField.safeParse("x".repeat(101)).success).toBe(false);
  });

  it("names an added federation after its account, and keeps the first one's links as they were", () => {
    expect(legacyFederationId("111122223333")).toBe("legacy-111122223333");
    expect(() => legacyFederationId("1111")).toThrow(/not an AWS account id/);
    expect(federationQuery(DEFAULT_FEDERATION)).toBe("");
    expect(federationQuery("legacy-111122223333")).toBe("?federation=legacy-111122223333");
    expect(federationQuery("legacy-111122223333", "&")).toBe("&federation=legacy-111122223333");
  });

  it("gives a new app the smallest instance number no other legacy app uses", () => {
    expect(nextLegacyInstance([])).toBe(1);
    expect(nextLegacyInstance([1])).toBe(2);
    expect(nextLegacyInstance([1, 2, 4])).toBe(3);
    expect(nextLegacyInstance([2, 3])).toBe(1);
  });

  it("asks for a 12-digit account and a role name, OrganizationAccountAccessRole by default", () => {
    expect(addLegacyFederationInput.parse({ accountId: " 111122223333 " })).toEqual({
      accountId: "111122223333",
      assumeRoleName: "OrganizationAccountAccessRole",
    });
    expect(addLegacyFederationInput.parse({ accountId: "111122223333", assumeRoleName: "" })).toEqual({
      accountId: "111122223333",
      assumeRoleName: "OrganizationAccountAccessRole",
    });
    expect(addLegacyFederationInput.parse({ accountId: "111122223333", assumeRoleName: "AuditRole" }).assumeRoleName).toBe("AuditRole");
    const bad = addLegacyFederationInput.safeParse({ accountId: "1234", assumeRoleName: "no spaces" });
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["accountId", "an AWS account ID (12 digits)"],
      ["assumeRoleName", "a role name (letters, digits and + = , . @ _ -)"],
    ]);
  });
});
