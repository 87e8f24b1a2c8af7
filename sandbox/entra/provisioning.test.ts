import { GetUserIdCommand, IdentitystoreClient, ListGroupsCommand, ListGroupMembershipsCommand } from "@aws-sdk/client-identitystore";
import type { Client } from "@microsoft/microsoft-graph-client";
import { afterEach, describe, expect, it } from "vitest";
import { createAwsModule } from "../aws";
import type { SandboxServer } from "../core/server";
import { SANDBOX } from "../fixtures";
import { CASES, GROUPS, groupId } from "./seed";
import { AWS_USER_ROLE_ID, USERGROUP_RULE_ID } from "./templates";
import { TENANT, admin, advance, appGraphClient, startEntra } from "./testing";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Ctx {
  s: SandboxServer;
  client: Client;
  spId: string;
  jobId: string;
  scim: { endpoint: string; token: string };
  ids: IdentitystoreClient;
}

/** The whole guided setup over the real wires: AWS console steps, Graph instantiate/SAML/assign/job/secrets. */
async function configured(options: { start?: boolean } = {}): Promise<Ctx> {
  const s = await startEntra({ modules: [createAwsModule()] });
  server = s;
  await admin(s, "POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
  await admin(s, "POST", "/_sandbox/aws/instance/enable");
  await admin(s, "POST", "/_sandbox/aws/settings", { rateLimits: { identitycenter: null } });
  const { client } = await appGraphClient(s);
  const made = (await client.api(`/applicationTemplates/${SANDBOX.entra.templates.identityCenter}/instantiate`).post({ displayName: "AWS IAM Identity Center" })) as { application: { appId: string }; servicePrincipal: { id: string } };
  const spId = made.servicePrincipal.id;
  await client.api(`/servicePrincipals/${spId}`).patch({ preferredSingleSignOnMode: "saml" });
  const cert = (await client.api(`/servicePrincipals/${spId}/addTokenSigningCertificate`).post({ displayName: "CN=AWS IAM Identity Center" })) as { thumbprint: string };
  await client.api(`/servicePrincipals/${spId}`).patch({ preferredTokenSigningKeyThumbprint: cert.thumbprint });
  // The Entra federation metadata goes into the AWS console as the external IdP.
  const metadataXml = await (await fetch(`${s.url}/login/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=${made.application.appId}`)).text();
  const source = await admin(s, "POST", "/_sandbox/aws/identity-source", { type: "EXTERNAL_IDP", metadataXml, confirm: "ACCEPT" });
  expect(source.status, JSON.stringify(source.json)).toBe(200);
  const enabled = await admin(s, "POST", "/_sandbox/aws/provisioning/enable");
  const scim = { endpoint: String(enabled.json.scimEndpoint), token: (enabled.json.token as { accessToken: string }).accessToken };

  for (const g of [GROUPS.projectUsers, GROUPS.projectReaders]) await client.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).post({ principalId: groupId(g), resourceId: spId, appRoleId: AWS_USER_ROLE_ID });
  const john = (await client.api(`/users/${CASES.healthyDirect}`).get()) as { id: string };
  await client.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).post({ principalId: john.id, resourceId: spId, appRoleId: AWS_USER_ROLE_ID });

  const templates = (await client.api(`/servicePrincipals/${spId}/synchronization/templates`).get()) as { value: { id: string; factoryTag: string }[] };
  expect(templates.value.map((t) => t.factoryTag)).toEqual(["aWSSingleSignon"]);
  const job = (await client.api(`/servicePrincipals/${spId}/synchronization/jobs`).post({ templateId: "aWSSingleSignon" })) as { id: string; schedule: { interval: string; state: string }; status: { code: string } };
  // The sandbox's compressed interval (40 s by default), not Entra's PT40M: clients read the schedule from the job.
  expect(job.schedule).toMatchObject({ interval: "PT40S", state: "Disabled" });
  expect(job.status.code).toBe("NotConfigured");
  await client.api(`/servicePrincipals/${spId}/synchronization/jobs/${job.id}/validateCredentials`).post({ useSavedCredentials: false, credentials: [{ key: "BaseAddress", value: scim.endpoint }, { key: "SecretToken", value: scim.token }] });
  await client.api(`/servicePrincipals/${spId}/synchronization/secrets`).put({ value: [{ key: "BaseAddress", value: scim.endpoint }, { key: "SecretToken", value: scim.token }, { key: "SyncAll", value: "false" }] });
  if (options.start !== false) await client.api(`/servicePrincipals/${spId}/synchronization/jobs/${job.id}/start`).post({});
  const ids = new IdentitystoreClient({ region: SANDBOX.aws.region, endpoint: `${s.url}/aws`, credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey }, maxAttempts: 1 });
  return { s, client, spId, jobId: job.id, scim, ids };
}

async function awsUserId(c: Ctx, userName: string): Promise<string | undefined> {
  try {
    const res = await c.ids.send(new GetUserIdCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: userName } } }));
    return res.UserId;
  } catch (error) {
    if ((error as { name: string }).name === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

const runCycle = (c: Ctx) => admin(c.s, "POST", "/_sandbox/entra/provisioning/run", { jobId: c.jobId });
const job = async (c: Ctx) => (await c.client.api(`/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}`).get()) as { status: Record<string, unknown> & { code: string; quarantine: Record<string, unknown> | null; lastExecution: Record<string, unknown> | null; lastSuccessfulExecutionWithExports?: Record<string, unknown> | null }; schedule: { state: string; interval: string } };

describe("provisioning engine → AWS SCIM endpoint", () => {
  it("end to end: a cycle provisions the assigned users and groups into the identity store, on the real rules", async () => {
    const c = await configured();
    await runCycle(c);
    const status = await job(c);
    expect(status.status.code).toBe("Active");
    expect(status.status.lastExecution).toMatchObject({ state: "EntryLevelErrors" });
    expect(status.status.lastSuccessfulExecution).not.toBeNull();

    expect(await awsUserId(c, CASES.healthy), "group member").toBeTruthy();
    expect(await awsUserId(c, CASES.healthyDirect), "direct assignment").toBeTruthy();
    expect(await awsUserId(c, CASES.guest), "guest via Project Readers").toBeTruthy();
    expect(await awsUserId(c, CASES.nonAscii)).toBeTruthy();
    expect(await awsUserId(c, CASES.nestedOnly), "nested-only membership does not count").toBeUndefined();
    expect(await awsUserId(c, CASES.notAssigned)).toBeUndefined();
    expect(await awsUserId(c, CASES.disabled), "disabled accounts are not created").toBeUndefined();
    expect(await awsUserId(c, CASES.missingGivenName), "AWS refuses a user without given name").toBeUndefined();
    expect(await awsUserId(c, CASES.missingSurname)).toBeUndefined();
    // userPrincipalName → userName, even where mail differs.
    expect(await awsUserId(c, CASES.upnNotMail)).toBeTruthy();
    expect(await awsUserId(c, "p.patel@contoso.com")).toBeUndefined();

    const groups = await c.ids.send(new ListGroupsCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId }));
    const projectUsers = groups.Groups?.find((g) => g.DisplayName === GROUPS.projectUsers);
    expect(projectUsers).toBeTruthy();
    expect(groups.Groups?.some((g) => g.DisplayName === GROUPS.contractors)).toBe(false);
    const memberships = await c.ids.send(new ListGroupMembershipsCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, GroupId: projectUsers?.GroupId, MaxResults: 100 }));
    const janeAws = await awsUserId(c, CASES.healthy);
    expect(memberships.GroupMemberships?.some((m) => m.MemberId?.UserId === janeAws)).toBe(true);

    const mia = (await c.client.api(`/users/${CASES.missingGivenName}`).get()) as { id: string };
    const logs = (await c.client.api("/auditLogs/provisioning").filter(`servicePrincipal/id eq '${c.spId}' and sourceIdentity/id eq '${mia.id}'`).get()) as { value: { provisioningStatusInfo: { status: string; errorInformation: { errorCode: string; reason: string } }; provisioningSteps: { provisioningStepType: string }[]; jobId: string }[] };
    expect(logs.value[0]?.provisioningStatusInfo.status).toBe("failure");
    expect(logs.value[0]?.provisioningStatusInfo.errorInformation.errorCode).toBe("SystemForCrossDomainIdentityManagementBadRequest");
    expect(logs.value[0]?.provisioningStatusInfo.errorInformation.reason).toContain("givenName");
    expect(logs.value[0]?.provisioningSteps.map((s) => s.provisioningStepType)).toEqual(["import", "scoping", "matching", "export"]);
    const failures = (await c.client.api("/auditLogs/provisioning").filter(`jobId eq '${c.jobId}' and provisioningStatusInfo/status eq 'failure'`).top(50).get()) as { value: unknown[] };
    expect(failures.value.length).toBeGreaterThanOrEqual(2);
    const caseSensitive = (await c.client.api("/auditLogs/provisioning").filter(`provisioningStatusInfo/status eq 'FAILURE'`).get()) as { value: unknown[] };
    expect(caseSensitive.value).toEqual([]);

    // Incremental: a fixed attribute is exported on the next cycle; unchanged users are left alone.
    await admin(c.s, "PATCH", `/_sandbox/entra/users/${encodeURIComponent(CASES.missingGivenName)}`, { givenName: "Mia" });
    const before = (await job(c)).status.lastExecution;
    await runCycle(c);
    const after = (await job(c)).status;
    expect(await awsUserId(c, CASES.missingGivenName)).toBeTruthy();
    // Mia herself, then Project Users gaining her as a member, plus Leo's escrowed retry; nobody else is touched.
    expect(after.lastExecution).toMatchObject({ countExported: 2, countImported: 3, countEscrowed: 1 });
    expect(before).not.toEqual(after.lastExecution);
    expect(after.synchronizedEntryCountByType).toEqual(expect.arrayContaining([expect.objectContaining({ value: expect.any(Number) })]));

    // Going out of scope disables the AWS user.
    const assignments = (await c.client.api(`/servicePrincipals/${c.spId}/appRoleAssignedTo`).get()) as { value: { id: string; principalId: string }[] };
    const john = (await c.client.api(`/users/${CASES.healthyDirect}`).get()) as { id: string };
    const johnAssignment = assignments.value.find((a) => a.principalId === john.id);
    await c.client.api(`/servicePrincipals/${c.spId}/appRoleAssignedTo/${johnAssignment?.id ?? ""}`).delete();
    await advance(c.s, 10_000);
    await runCycle(c);
    const johnLogs = (await c.client.api("/auditLogs/provisioning").filter(`sourceIdentity/id eq '${john.id}'`).get()) as { value: { provisioningAction: string }[] };
    expect(johnLogs.value[0]?.provisioningAction).toBe("disable");
  });

  it("holds a cycle that would delete more than the accidental-deletion threshold: quarantine TooManyDeletes, nothing exported, until ForceDeletes", async () => {
    const c = await configured();
    await runCycle(c);
    expect(await awsUserId(c, CASES.guest)).toBeTruthy();
    const secrets = (threshold: object) => [
      { key: "BaseAddress", value: c.scim.endpoint },
      { key: "SecretToken", value: c.scim.token },
      { key: "SyncAll", value: "false" },
      { key: "SyncNotificationSettings", value: JSON.stringify({ Enabled: false, ...threshold }) },
    ];
    await c.client.api(`/servicePrincipals/${c.spId}/synchronization/secrets`).put({ value: secrets({ DeleteThresholdEnabled: true, DeleteThresholdValue: 1 }) });
    // Project Readers leaves the app: its members are disabled and the group deleted in AWS (at least two deletions).
    const assignments = (await c.client.api(`/servicePrincipals/${c.spId}/appRoleAssignedTo`).get()) as { value: { id: string; principalId: string }[] };
    const readers = assignments.value.find((a) => a.principalId === groupId(GROUPS.projectReaders));
    await c.client.api(`/servicePrincipals/${c.spId}/appRoleAssignedTo/${readers?.id ?? ""}`).delete();
    await advance(c.s, 10_000);
    await runCycle(c);
    let status = (await job(c)).status;
    expect(status.code).toBe("Quarantine");
    expect(status.quarantine).toMatchObject({ reason: "TooManyDeletes", error: { code: "TooManyDeletes" } });
    expect(status.lastExecution).toMatchObject({ state: "Failed", countEscrowed: expect.any(Number) });
    expect(Number(status.lastExecution?.countEscrowed)).toBeGreaterThan(1);
    const disables = async () =>
      ((await c.client.api("/auditLogs/provisioning").filter(`jobId eq '${c.jobId}'`).top(500).get()) as { value: { provisioningAction: string }[] }).value.filter((l) => ["disable", "delete"].includes(l.provisioningAction));
    expect(await disables()).toEqual([]);
    // start clears the quarantine, but the deletions are still above the threshold: the next cycle trips again.
    await c.client.api(`/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}/start`).post({});
    await runCycle(c);
    expect((await job(c)).status.quarantine).toMatchObject({ reason: "TooManyDeletes" });
    expect(await disables()).toEqual([]);

    // "Allow deletes": restart with ForceDeletes pushes the held deletions once.
    await c.client.api(`/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}/restart`).post({ criteria: { resetScope: "ForceDeletes, QuarantineState" } });
    await runCycle(c);
    status = (await job(c)).status;
    expect(status.code).toBe("Active");
    expect(status.quarantine).toBeNull();
    // The restart may run a cycle of its own before the one asked for (which then has nothing left to export): the
    // held deletions are the exports of the last cycle that exported anything.
    expect((await disables()).length).toBe(Number(status.lastSuccessfulExecutionWithExports?.countExported));
    expect((await disables()).length).toBeGreaterThan(1);
  });

  it("does not hold deletions when the threshold is off, and falls back to the job's own threshold (500) without a value", async () => {
    const c = await configured();
    await runCycle(c);
    await c.client.api(`/servicePrincipals/${c.spId}/synchronization/secrets`).put({
      value: [
        { key: "BaseAddress", value: c.scim.endpoint },
        { key: "SecretToken", value: c.scim.token },
        { key: "SyncAll", value: "false" },
        { key: "SyncNotificationSettings", value: JSON.stringify({ Enabled: false, DeleteThresholdEnabled: true }) },
      ],
    });
    const assignments = (await c.client.api(`/servicePrincipals/${c.spId}/appRoleAssignedTo`).get()) as { value: { id: string; principalId: string }[] };
    const readers = assignments.value.find((a) => a.principalId === groupId(GROUPS.projectReaders));
    await c.client.api(`/servicePrincipals/${c.spId}/appRoleAssignedTo/${readers?.id ?? ""}`).delete();
    await advance(c.s, 10_000);
    await runCycle(c);
    const status = (await job(c)).status;
    expect(status.code).toBe("Active");
    expect(status.quarantine).toBeNull();
  });

  it("runs cycles on the compressed schedule driven by the sandbox clock", async () => {
    const c = await configured();
    await admin(c.s, "POST", "/_sandbox/entra/config", { cycleIntervalMs: 40_000 });
    await runCycle(c);
    const first = (await job(c)).status.lastExecution?.activityIdentifier;
    await advance(c.s, 41_000);
    const deadline = Date.now() + 3000;
    let next = first;
    while (next === first && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      next = (await job(c)).status.lastExecution?.activityIdentifier;
    }
    expect(next).not.toBe(first);
  });

  it("reports the interval it really runs cycles at in the job's schedule", async () => {
    const c = await configured();
    expect((await job(c)).schedule.interval).toBe("PT40S");
    await admin(c.s, "POST", "/_sandbox/entra/config", { cycleIntervalMs: 3_600_000 });
    expect((await job(c)).schedule.interval).toBe("PT1H");
    await admin(c.s, "POST", "/_sandbox/entra/config", { cycleIntervalMs: 90_000 });
    expect((await job(c)).schedule.interval).toBe("PT1M30S");
  });

  it("quarantines the job after repeated failures with a bad token, and start clears it", async () => {
    const c = await configured({ start: false });
    const bad = await c.client
      .api(`/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}/validateCredentials`)
      .post({ credentials: [{ key: "BaseAddress", value: c.scim.endpoint }, { key: "SecretToken", value: "not-the-token" }] })
      .catch((e: { statusCode: number; code: string }) => e);
    expect(bad).toMatchObject({ statusCode: 400, code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable" });
    await c.client.api(`/servicePrincipals/${c.spId}/synchronization/secrets`).put({ value: [{ key: "BaseAddress", value: c.scim.endpoint }, { key: "SecretToken", value: "not-the-token" }, { key: "SyncAll", value: "false" }] });
    const secrets = (await c.client.api(`/servicePrincipals/${c.spId}/synchronization/secrets`).get()) as { value: { key: string; value: string }[] };
    expect(secrets.value.find((s) => s.key === "SecretToken")?.value).toBe("*");
    await c.client.api(`/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}/start`).post({});
    await runCycle(c);
    let status = (await job(c)).status;
    expect(status.lastExecution).toMatchObject({ state: "Failed", error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable" } });
    // start makes a cycle due at once; the engine's own 250 ms tick may run it before runCycle's, so one or two failed.
    expect(status.countSuccessiveCompleteFailures).toBeGreaterThanOrEqual(1);
    expect(status.code).toBe(Number(status.countSuccessiveCompleteFailures) >= 3 ? "Quarantine" : "Active");
    await runCycle(c);
    await runCycle(c);
    status = (await job(c)).status;
    expect(status.code).toBe("Quarantine");
    expect(status.quarantine).toMatchObject({ reason: "EncounteredQuarantineException", error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable" } });
    expect(await awsUserId(c, CASES.healthy)).toBeUndefined();

    await c.client.api(`/servicePrincipals/${c.spId}/synchronization/secrets`).put({ value: [{ key: "BaseAddress", value: c.scim.endpoint }, { key: "SecretToken", value: c.scim.token }, { key: "SyncAll", value: "false" }] });
    await c.client.api(`/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}/start`).post({});
    await runCycle(c);
    status = (await job(c)).status;
    expect(status.code).toBe("Active");
    expect(status.quarantine).toBeNull();
    expect(await awsUserId(c, CASES.healthy)).toBeTruthy();
  });

  it("provisions on demand with Graph's step-by-step result, and throttles at 5 per 10 s", async () => {
    const c = await configured({ start: false });
    const pod = async (objectId: string) => {
      const res = (await c.client.api(`/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}/provisionOnDemand`).post({ parameters: [{ ruleId: USERGROUP_RULE_ID, subjects: [{ objectId, objectTypeName: "User" }] }] })) as { key: string; value: string };
      return { key: JSON.parse(res.key) as { result: string; details: { errorCode: string; errorMessage: string } }, value: JSON.parse(res.value) as { action: string; provisioningSteps: { type: string; status: string }[] } };
    };
    const jane = (await c.client.api(`/users/${CASES.healthy}`).get()) as { id: string };
    const created = await pod(jane.id);
    expect(created.key.result).toBe("Success");
    expect(created.value.action).toBe("Create");
    expect(created.value.provisioningSteps.map((s) => s.type)).toEqual(["import", "scoping", "matching", "export"]);
    expect(await awsUserId(c, CASES.healthy)).toBeTruthy();
    expect((await pod(jane.id)).key.result).toBe("Skipped");

    const nina = (await c.client.api(`/users/${CASES.nestedOnly}`).get()) as { id: string };
    const nested = await pod(nina.id);
    expect(nested.key).toMatchObject({ result: "Skipped", details: { errorCode: "NotEffectivelyEntitled" } });
    expect(nested.key.details.errorMessage).toContain("nested");

    // The AWS squatter: a console-made user already holds the UPN.
    await admin(c.s, "POST", "/_sandbox/aws/users", { userName: CASES.squatted, givenName: "Someone", familyName: "Else" });
    const sarah = (await c.client.api(`/users/${CASES.squatted}`).get()) as { id: string };
    const squatted = await pod(sarah.id);
    expect(["Success", "Failure"]).toContain(squatted.key.result);

    const sixth = await c.client
      .api(`/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}/provisionOnDemand`)
      .post({ parameters: [{ ruleId: USERGROUP_RULE_ID, subjects: [{ objectId: jane.id, objectTypeName: "User" }] }] })
      .then(() => "ok", (e: { statusCode: number }) => e.statusCode);
    // The SDK retried the 429 itself (Retry-After on the sandbox clock is up to 10 s), so advance to let it pass.
    expect(["ok", 429]).toContain(sixth);
    const raw = await fetch(`${c.s.url}/graph/v1.0/servicePrincipals/${c.spId}/synchronization/jobs/${c.jobId}/provisionOnDemand`, {
      method: "POST",
      headers: { authorization: `Bearer ${await token(c)}`, "content-type": "application/json" },
      body: JSON.stringify({ parameters: [{ ruleId: USERGROUP_RULE_ID, subjects: [{ objectId: jane.id, objectTypeName: "User" }] }] }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe("TooManyRequests");
  }, 20_000);
});

async function token(c: Ctx): Promise<string> {
  const res = await fetch(`${c.s.url}/login/${TENANT}/oauth2/v2.0/token`, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: SANDBOX.entra.portalGraph.clientId, client_secret: SANDBOX.entra.portalGraph.clientSecret, scope: "https://graph.microsoft.com/.default" }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
