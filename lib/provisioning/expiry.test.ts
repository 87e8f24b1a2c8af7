import { describe, expect, it } from "vitest";
import { daysLeft, expiryLevel, expiryWarnings, expiryWatch } from "./expiry";

const NOW = new Date("2026-11-23T12:00:00Z");
const inDays = (d: number) => new Date(NOW.getTime() + d * 86_400_000).toISOString();

describe("expiry watch", () => {
  it("warns from 60 days, escalates at 30 and 7, and says expired after the date", () => {
    expect([90, 60, 59.9, 30, 29, 7, 6, 0.5, -0.1, -3].map((d) => expiryLevel(daysLeft(inDays(d), NOW)))).toEqual([
      "ok",
      "ok",
      "notice",
      "notice",
      "warning",
      "warning",
      "urgent",
      "urgent",
      "expired",
      "expired",
    ]);
  });

  it("reads both credentials from the facts, soonest first, and leaves out what setup has not made yet", () => {
    expect(expiryWatch({}, NOW)).toEqual([]);
    const items = expiryWatch(
      {
        scim: { endpoint: "https://scim.eu-west-1.amazonaws.com/t/scim/v2/", tokenCreatedAt: inDays(-340), tokenExpiresAt: inDays(25) },
        signing: { thumbprint: "AB", notAfter: inDays(1000), notificationEmail: "a@b.c" },
      },
      NOW,
    );
    expect(items.map((i) => [i.kind, i.daysLeft, i.level])).toEqual([
      ["scim-token", 25, "warning"],
      ["signing-certificate", 1000, "ok"],
    ]);
    expect(expiryWarnings(items).map((i) => i.kind)).toEqual(["scim-token"]);
    expect(items[0]?.renewHref).toBe("/provisioning#rotate-token");
  });

  it("falls back to the federation metadata's certificate when the signing step has not recorded one", () => {
    const items = expiryWatch(
      { idpMetadata: { entityId: "e", ssoUrl: "https://x", thumbprint: "AB", notAfter: inDays(3), fileName: "f.xml", xml: "<x/>" } },
      NOW,
    );
    expect(items).toMatchObject([{ kind: "signing-certificate", daysLeft: 3, level: "urgent" }]);
  });

  it("watches the legacy role-manager key as due for rotation a year after it was created", () => {
    const facts = {
      roleImport: { jobId: "aws.x", accountId: "111122223333", accessKeyId: "AKIAEXAMPLE000000000", keyCreatedAt: inDays(-320), imported: [], skipped: [] },
    };
    const [key] = expiryWatch(facts, NOW);
    expect(key).toMatchObject({ kind: "role-manager-key", daysLeft: 45, level: "notice", renewHref: "/setup#rotate-role-manager-key" });
    expect(expiryWatch({ roleImport: { ...facts.roleImport, keyCreatedAt: inDays(-10) } }, NOW)[0]?.level).toBe("ok");
    expect(expiryWatch({ roleImport: { ...facts.roleImport, keyCreatedAt: undefined } }, NOW)).toEqual([]);
  });

  it("names the federation each credential belongs to, and links a legacy app's renewals to its own checklist", () => {
    const facts = {
      signing: { thumbprint: "AB", notAfter: inDays(20), notificationEmail: "a@b.c" },
      roleImport: { jobId: "j", accountId: "222233334444", accessKeyId: "AKIA", keyCreatedAt: inDays(-360), imported: [], skipped: [] },
    };
    const items = expiryWatch(facts, NOW, {
      federationId: "legacy-222233334444",
      mode: "legacy-iam",
      appLabel: "AWS Single-Account Access #2, account 222233334444",
    });
    expect(items.map((i) => [i.kind, i.daysLeft, i.federationId, i.appLabel, i.renewHref])).toEqual([
      [
        "role-manager-key",
        5,
        "legacy-222233334444",
        "AWS Single-Account Access #2, account 222233334444",
        "/setup?federation=legacy-222233334444#rotate-role-manager-key",
      ],
      [
        "signing-certificate",
        20,
        "legacy-222233334444",
        "AWS Single-Account Access #2, account 222233334444",
        "/setup?federation=legacy-222233334444#step-legacy-certificate",
      ],
    ]);
    // The first federation's links stay as they were.
    expect(expiryWatch(facts, NOW).map((i) => [i.federationId, i.renewHref])).toEqual([
      ["default", "/setup#rotate-role-manager-key"],
      ["default", "/provisioning#rollover-certificate"],
    ]);
  });
});
