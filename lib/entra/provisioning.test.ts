import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAppAssignment, listAppAssignments, removeAppAssignment } from "./app-assignments";
import { ensureProvisioningJob } from "./ensure-provisioning-job";
import { ensureGalleryApp, type EnsureGalleryAppResult } from "./gallery-app";
import { ensureSigningCertificate } from "./ensure-signing-certificate";
import { findUser } from "./find-user";
import { listProvisioningLogs } from "./list-provisioning-logs";
import { provisionOnDemand } from "./provision-on-demand";
import { getProvisioningJob, type JobRef } from "./provisioning-job";
import { pauseProvisioningJob, restartProvisioningJob, startProvisioningJob } from "./provisioning-job-control";
import { readProvisioningSchema, setGroupSync } from "./provisioning-schema";
import { readProvisioningSecrets, saveProvisioningSecrets } from "./provisioning-secrets";
import { setSamlSingleSignOn } from "./set-saml-single-sign-on";
import { FIXTURE, startEntraGatewaySandbox, type EntraGatewaySandbox } from "./testing";
import { validateCredentials } from "./validate-credentials";

const FAST = { initialMs: 20, maxMs: 50, timeoutMs: 5_000 };
const DOMAIN = FIXTURE.tenantDomain;
const groupIdOf = async (s: EntraGatewaySandbox, name: string) =>
  ((await s.admin("GET", "/_sandbox/entra/cases")).json.groups as Record<string, string>)[name] ?? "";
const userIdOf = async (s: EntraGatewaySandbox, upn: string) => (await findUser(s.gateway, upn)).user?.id ?? "";

describe("provisioning through the gateway (Entra engine → AWS SCIM)", () => {
  let s: EntraGatewaySandbox;
  let app: EnsureGalleryAppResult;
  let ref: JobRef;
  let scim: { endpoint: string; token: string };

  beforeAll(async () => {
    s = await startEntraGatewaySandbox();
    await s.admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    app = await ensureGalleryApp(s.gateway, { templateId: FIXTURE.templates.identityCenter, displayName: "AWS IAM Identity Center" }, { backoff: FAST });
    await setSamlSingleSignOn(s.gateway, app.servicePrincipalId);
    await ensureSigningCertificate(s.gateway, { servicePrincipalId: app.servicePrincipalId, displayName: "CN=AWS IAM Identity Center" });
    scim = await s.enableAwsScim(app.appId);
  });
  afterAll(() => s.close());

  it("creates the job from the app's template once, then adopts it", async () => {
    const created = await ensureProvisioningJob(s.gateway, { servicePrincipalId: app.servicePrincipalId }, { backoff: FAST });
    expect(created).toMatchObject({ outcome: "created", templateId: "aWSSingleSignon" });
    // The sandbox reports the interval it really runs at (compressed to 40 s), as Entra reports its PT40M.
    expect(created.job.schedule).toMatchObject({ interval: "PT40S", state: "Disabled" });
    expect(created.job.status.code).toBe("NotConfigured");
    expect(created.job.status.steadyStateFirstAchievedTime).toBeNull();
    const adopted = await ensureProvisioningJob(s.gateway, { servicePrincipalId: app.servicePrincipalId }, { backoff: FAST });
    expect(adopted).toMatchObject({ outcome: "adopted", jobId: created.jobId });
    ref = { servicePrincipalId: app.servicePrincipalId, jobId: created.jobId };
  });

  it("validateCredentials: the real token passes, a wrong one is a plain-language 'no'", async () => {
    expect(await validateCredentials(s.gateway, { ...ref, baseAddress: scim.endpoint, secretToken: scim.token })).toMatchObject({ ok: true });
    const bad = await validateCredentials(s.gateway, { ...ref, baseAddress: scim.endpoint, secretToken: "not-the-token" });
    expect(bad).toMatchObject({ ok: false, code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable" });
    expect(bad.ok === false && bad.message).toMatch(/AWS console/);
    expect(JSON.stringify(bad)).not.toContain("not-the-token");
  });

  it("saves the secrets with scope 'assigned only' and reads them back masked", async () => {
    const saved = await saveProvisioningSecrets(s.gateway, {
      servicePrincipalId: app.servicePrincipalId,
      baseAddress: scim.endpoint,
      secretToken: scim.token,
      syncAll: false,
      notificationEmail: "cloud@contoso.com",
      deletionThreshold: { enabled: true, value: 25 },
    });
    // Accidental-deletion prevention stays on, with the admin's threshold (it was written switched off before issue 13).
    expect(saved.saved).toMatchObject({ baseAddress: scim.endpoint, secretTokenSet: true, syncAll: false, deletionThreshold: { enabled: true, value: 25 } });
    expect(JSON.stringify(saved)).not.toContain(scim.token);
    const read = await readProvisioningSecrets(s.gateway, app.servicePrincipalId);
    expect(read.saved.keys).toEqual(expect.arrayContaining(["BaseAddress", "SecretToken", "SyncAll", "SyncNotificationSettings"]));
    expect(JSON.stringify(read)).not.toContain(scim.token);
    expect((await validateCredentials(s.gateway, { ...ref, useSavedCredentials: true })).ok).toBe(true);
    await expect(
      saveProvisioningSecrets(s.gateway, {
        servicePrincipalId: app.servicePrincipalId,
        baseAddress: "ftp://x",
        secretToken: "t",
        syncAll: false,
        deletionThreshold: { enabled: true, value: 500 },
      }),
    ).rejects.toMatchObject({ kind: "validation" });
  });

  it("reads the schema (UPN → userName is the matching attribute) and toggles group sync", async () => {
    const { schema } = await readProvisioningSchema(s.gateway, ref);
    expect(schema.ruleId).toMatch(/^[0-9a-f-]{36}$/);
    expect(schema.userMapping).toMatchObject({ enabled: true, userNameSource: "userPrincipalName" });
    expect(schema.userMapping?.matchingAttributes[0]).toMatchObject({ target: "userName", source: "userPrincipalName", matchingPriority: 1 });
    expect(schema.groupSyncEnabled).toBe(true);
    const off = await setGroupSync(s.gateway, ref, false);
    expect(off).toMatchObject({ changed: true, schema: { groupSyncEnabled: false } });
    expect((await readProvisioningSchema(s.gateway, ref)).schema.groupSyncEnabled).toBe(false);
    expect((await setGroupSync(s.gateway, ref, false)).changed).toBe(false);
    expect((await setGroupSync(s.gateway, ref, true)).schema.groupSyncEnabled).toBe(true);
  });

  it("assignments are idempotent, default to the User role, and can be removed", async () => {
    const projectUsers = await groupIdOf(s, "Project Users");
    const first = await ensureAppAssignment(s.gateway, { servicePrincipalId: app.servicePrincipalId, principalId: projectUsers });
    expect(first).toMatchObject({ outcome: "created", assignment: { principalType: "Group", appRoleId: "8774f594-1d59-4279-b9d9-59ef09a23530" } });
    expect(await ensureAppAssignment(s.gateway, { servicePrincipalId: app.servicePrincipalId, principalId: projectUsers })).toMatchObject({
      outcome: "adopted",
      assignment: { id: first.assignment.id },
    });
    const john = await userIdOf(s, `john.smith@${DOMAIN}`);
    expect((await ensureAppAssignment(s.gateway, { servicePrincipalId: app.servicePrincipalId, principalId: john })).outcome).toBe("created");
    const nick = await userIdOf(s, `nick.unassigned@${DOMAIN}`);
    await ensureAppAssignment(s.gateway, { servicePrincipalId: app.servicePrincipalId, principalId: nick });
    expect((await removeAppAssignment(s.gateway, { servicePrincipalId: app.servicePrincipalId, principalId: nick })).removed).toHaveLength(1);
    expect((await removeAppAssignment(s.gateway, { servicePrincipalId: app.servicePrincipalId, principalId: nick })).removed).toEqual([]);
    const { assignments } = await listAppAssignments(s.gateway, app.servicePrincipalId);
    expect(assignments.map((a) => a.principalId).sort()).toEqual([projectUsers, john].sort());
  });

  it("provisions on demand with the step-by-step result; nested-only is skipped", async () => {
    const jane = await userIdOf(s, `jane.doe@${DOMAIN}`);
    const result = await provisionOnDemand(s.gateway, { ...ref, userId: jane });
    expect(result).toMatchObject({ result: "Success", action: "Create" });
    expect(result.steps.map((step) => step.type)).toEqual(["import", "scoping", "matching", "export"]);
    const nina = await userIdOf(s, `nina.nested@${DOMAIN}`);
    const nested = await provisionOnDemand(s.gateway, { ...ref, userId: nina });
    expect(nested).toMatchObject({ result: "Skipped", errorCode: "NotEffectivelyEntitled" });
    expect(nested.errorMessage).toMatch(/nested/);
  });

  it("starts the job (once), runs a cycle, reports status, pauses and restarts", async () => {
    const started = await startProvisioningJob(s.gateway, ref);
    // The job as read before the call is kept too (the audit row's before).
    expect(started.before.status.code).not.toBe("Active");
    expect(started).toMatchObject({ changed: true, job: { status: { code: "Active" }, schedule: { state: "Active" } } });
    expect((await startProvisioningJob(s.gateway, ref)).changed).toBe(false);
    await s.admin("POST", "/_sandbox/entra/provisioning/run", { jobId: ref.jobId });
    const { job } = await getProvisioningJob(s.gateway, ref);
    expect(job.status.lastExecution).toMatchObject({ state: "EntryLevelErrors" });
    // Starting the job kicks the sandbox's scheduler, so the cycle asked for here may be the second one (nothing left
    // to export): the exports are read from the last successful cycle that had any, as Graph reports them.
    expect(job.status.lastSuccessfulExecutionWithExports?.countExported).toBeGreaterThan(0);
    expect(job.status.lastSuccessfulExecution).not.toBeNull();
    expect(job.status.synchronizedEntryCountByType.find((c) => c.key.startsWith("User"))?.value).toBeGreaterThan(0);

    const logs = await listProvisioningLogs(s.gateway, { servicePrincipalId: app.servicePrincipalId, sourceId: await userIdOf(s, `mia.nogiven@${DOMAIN}`) });
    expect(logs.entries[0]).toMatchObject({ status: "failure", errorCode: "SystemForCrossDomainIdentityManagementBadRequest" });
    expect(logs.entries[0]?.errorReason).toContain("givenName");
    const failures = await listProvisioningLogs(s.gateway, { jobId: ref.jobId, status: "failure" });
    // One failing user, once per cycle that ran (one or two, see above).
    expect([...new Set(failures.entries.map((e) => e.source.displayName))]).toEqual(["Mia Nogiven"]);
    const firstTwo = await listProvisioningLogs(s.gateway, { jobId: ref.jobId, maxItems: 2 });
    expect(firstTwo).toMatchObject({ truncated: true, entries: [expect.anything(), expect.anything()] });

    expect(await pauseProvisioningJob(s.gateway, ref)).toMatchObject({
      changed: true,
      before: { status: { code: "Active" } },
      job: { status: { code: "Paused" } },
    });
    expect(await pauseProvisioningJob(s.gateway, ref)).toMatchObject({ changed: false, before: { status: { code: "Paused" } } });
    expect(await restartProvisioningJob(s.gateway, ref, ["Watermark", "Escrows"])).toMatchObject({
      before: { status: { code: "Paused" } },
      job: { status: { code: "Active" } },
    });
  });
});
