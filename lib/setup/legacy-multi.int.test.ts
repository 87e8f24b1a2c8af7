import { describe, expect, it } from "vitest";
import { SANDBOX } from "../../sandbox/fixtures";
import { sandboxTestBed } from "../testing/test-bed";
import { expiryWatchOfAll, addLegacyFederation, federationExists, listFederations } from "./federations";
import { runSetupStep } from "./run-step";
import { chooseFederationMode, loadChecklist } from "./store";
import { driveChecklist } from "./testing/drive-checklist";

// Several legacy apps, one per AWS account (Microsoft's advice), through the real gateways against the sandbox, on each
// database provider: the first federation for the management account, a second one added for a member account with
// its own instance #2, app, provider, roles and role-manager key made in that account; both listed with their expiry.
const bed = sandboxTestBed({ pace: { replicationDelayMs: 300 } });
const { database } = bed;
const MANAGEMENT = SANDBOX.aws.managementAccountId;
const MEMBER = SANDBOX.aws.memberAccountIds[0] ?? "";
const SECOND = `legacy-${MEMBER}`;
const actor = { email: "portal.admin@contoso-sandbox.onmicrosoft.com", name: "Portal Admin" };

describe("several legacy apps, one per account", () => {
  it("adds an app for a member account that imports that account's roles with its own key, and lists both with their expiry", async () => {
    expect(await chooseFederationMode(database, "default", "legacy-iam")).toMatchObject({ outcome: "created" });
    const first = await driveChecklist(database, { federationId: "default", sandboxUrl: bed.url, actor, until: "role-import" });
    expect(Object.entries(first).filter(([, r]) => !r.ok)).toEqual([]);

    // Adding is a database write only; the same account again finds it; the management account is the first app's.
    expect(await federationExists(database, SECOND)).toBe(false);
    expect(await addLegacyFederation(database, { accountId: MEMBER, assumeRoleName: "OrganizationAccountAccessRole" })).toEqual({
      outcome: "created",
      federationId: SECOND,
      instance: 2,
    });
    expect(await federationExists(database, SECOND)).toBe(true);
    expect(await addLegacyFederation(database, { accountId: MEMBER, assumeRoleName: "OrganizationAccountAccessRole" })).toMatchObject({
      outcome: "exists",
      instance: 2,
    });
    expect(await addLegacyFederation(database, { accountId: MANAGEMENT, assumeRoleName: "OrganizationAccountAccessRole" })).toMatchObject({
      outcome: "refused",
      reason: expect.stringContaining(`Account ${MANAGEMENT} is already reached by the app of federation "default"`),
    });

    // Its own instance number: another app's is refused before anything changes.
    const second = await driveChecklist(database, { federationId: SECOND, sandboxUrl: bed.url, actor, until: "gallery-app" });
    expect(Object.entries(second).filter(([, r]) => !r.ok)).toEqual([]);
    const clash = await runSetupStep(database, "legacy-saml", "run", { instance: 1 }, actor, SECOND);
    expect(clash).toMatchObject({ ok: false, fieldErrors: { instance: [expect.stringMatching(/used by federation "default"; 2 is free/)] } });

    const rest = await driveChecklist(database, { federationId: SECOND, sandboxUrl: bed.url, actor, until: "role-import" });
    expect(Object.entries(rest).filter(([, r]) => !r.ok)).toEqual([]);
    const one = (await loadChecklist(database, "default")).facts;
    const two = (await loadChecklist(database, SECOND)).facts;
    // Two apps, each with its identifier, certificate, provider and roles.
    expect(two.app?.displayName).toBe(`AWS Single-Account Access (${MEMBER})`);
    expect(two.app?.appId).not.toBe(one.app?.appId);
    expect(two.legacySaml).toMatchObject({ instance: 2, identifier: "https://signin.aws.amazon.com/saml#2" });
    expect(one.legacySaml).toMatchObject({ instance: 1, identifier: "https://signin.aws.amazon.com/saml" });
    expect(two.signing?.thumbprint).not.toBe(one.signing?.thumbprint);
    const memberProvider = `arn:aws:iam::${MEMBER}:saml-provider/EntraID`;
    expect(two.legacyAccounts?.accounts).toEqual([{ accountId: MEMBER, assumeRoleName: "OrganizationAccountAccessRole", providerArn: memberProvider }]);
    expect(one.legacyAccounts?.accounts.map((a) => a.accountId)).toEqual([MANAGEMENT]);
    // The member app imports the member account's roles, with a role-manager key made in that account.
    expect(two.roleImport?.accountId).toBe(MEMBER);
    expect(two.roleImport?.accessKeyId).not.toBe(one.roleImport?.accessKeyId);
    expect(two.roleImport?.imported.map((r) => r.value).sort()).toEqual(
      ["EntraAdministrator", "EntraReadOnly"].map((name) => `arn:aws:iam::${MEMBER}:role/entra-saml/${name},${memberProvider}`).sort(),
    );
    expect(one.roleImport?.imported.every((r) => r.value.startsWith(`arn:aws:iam::${MANAGEMENT}:`))).toBe(true);
    const keys = await database.federation.findMany({ where: { id: { in: ["default", SECOND] } }, select: { id: true, roleManagerKey: true } });
    expect(keys.every((k) => k.roleManagerKey?.startsWith("ib1."))).toBe(true);

    // The first app's step 4 may not reach the member account now: it is the other app's.
    const taken = await runSetupStep(database, "iam-saml-provider", "run", { memberAccounts: [{ accountId: MEMBER }] }, actor, "default");
    expect(taken).toMatchObject({ ok: false, message: expect.stringContaining(`Account ${MEMBER} is already reached by the app of federation "${SECOND}"`) });
    // Nor the second one another account: it is for its own.
    const other = await runSetupStep(database, "iam-saml-provider", "run", { memberAccounts: [{ accountId: MANAGEMENT }] }, actor, SECOND);
    expect(other).toMatchObject({ ok: false, message: expect.stringContaining(`for account ${MEMBER} only`) });
    // Both steps still stand as done (a refused input changes nothing).
    expect((await loadChecklist(database, "default")).steps.find((s) => s.id === "iam-saml-provider")?.state.status).toBe("done");

    // Listed together: mode, app and instance, accounts, progress, certificate expiry and key rotation per app.
    const list = await listFederations(database);
    expect(list.map((f) => [f.id, f.mode, f.appName, f.instance, f.importAccount, f.accounts, f.done, f.total, f.roleImport])).toEqual([
      ["default", "legacy-iam", "AWS Single-Account Access", 1, MANAGEMENT, [MANAGEMENT], 7, 9, { imported: 2, skipped: 0 }],
      [SECOND, "legacy-iam", `AWS Single-Account Access (${MEMBER})`, 2, MEMBER, [MEMBER], 7, 9, { imported: 2, skipped: 0 }],
    ]);
    for (const f of list) {
      expect(f.expiry.map((i) => i.kind).sort()).toEqual(["role-manager-key", "signing-certificate"]);
      expect(f.expiry.every((i) => i.federationId === f.id && i.level === "ok")).toBe(true);
    }

    // The expiry watch covers both, each naming its app and linking to its own checklist.
    const DAY = 86_400_000;
    const keysDue = await expiryWatchOfAll(database, new Date(Date.parse(two.roleImport?.keyCreatedAt ?? "") + 355 * DAY));
    expect(keysDue.filter((i) => i.level !== "ok").map((i) => [i.federationId, i.kind, i.level, i.appLabel, i.renewHref])).toEqual([
      ["default", "role-manager-key", "warning", `AWS Single-Account Access, account ${MANAGEMENT}`, "/setup#rotate-role-manager-key"],
      [SECOND, "role-manager-key", "warning", `AWS Single-Account Access (${MEMBER}) #2`, `/setup?federation=${SECOND}#rotate-role-manager-key`],
    ]);
    const certificatesDue = await expiryWatchOfAll(database, new Date(Date.parse(two.signing?.notAfter ?? "") - 10 * DAY));
    expect(certificatesDue.find((i) => i.federationId === SECOND && i.kind === "signing-certificate")).toMatchObject({
      level: "warning",
      daysLeft: 10,
      renewHref: `/setup?federation=${SECOND}#step-legacy-certificate`,
    });
    expect(new Set(certificatesDue.map((i) => i.federationId))).toEqual(new Set(["default", SECOND]));
  }, 300_000);

  it("lists the first federation before it has started, and an Identity Center first federation stays single", async () => {
    expect(await listFederations(database)).toMatchObject([{ id: "default", mode: "identity-center", started: false, done: 0, expiry: [] }]);
    expect(await expiryWatchOfAll(database)).toEqual([]);
    expect(await federationExists(database, "default")).toBe(true);
    expect(await federationExists(database, "legacy-000000000000")).toBe(false);
    expect(await federationExists(database, "../default")).toBe(false);
    // The open Setup page checks the preflight by itself within seconds: that check does not take the mode choice away
    // (the other mode's preflight checks again); any other step does.
    await chooseFederationMode(database, "default", "identity-center");
    expect(await runSetupStep(database, "connect", "run", undefined, actor, "default")).toMatchObject({ ok: true });
    expect((await loadChecklist(database, "default")).modeOpen).toBe(true);
    expect(await chooseFederationMode(database, "default", "legacy-iam")).toMatchObject({ outcome: "changed", previous: "identity-center" });
    expect(await database.setupStep.count({ where: { federationId: "default" } })).toBe(0);
    expect(await chooseFederationMode(database, "default", "identity-center")).toMatchObject({ outcome: "changed" });
    await database.setupStep.create({ data: { federationId: "default", step: "gallery-app" } });
    expect((await loadChecklist(database, "default")).modeOpen).toBe(false);
    expect(await chooseFederationMode(database, "default", "legacy-iam")).toMatchObject({ outcome: "refused" });

    // A legacy app added beside Identity Center is the first legacy instance; Identity Center is not listed twice.
    expect(await addLegacyFederation(database, { accountId: MEMBER, assumeRoleName: "OrganizationAccountAccessRole" })).toMatchObject({
      outcome: "created",
      instance: 1,
    });
    const list = await listFederations(database);
    expect(list.map((f) => [f.id, f.mode, f.instance])).toEqual([
      ["default", "identity-center", null],
      [SECOND, "legacy-iam", 1],
    ]);
  });
});
