import { beforeEach, describe, expect, it } from "vitest";
import { createGraphGateway, resolveEntraTarget } from "../entra/client";
import { listProvisioningLogs } from "../entra/list-provisioning-logs";
import type { ProvisioningJob } from "../entra/provisioning-job";
import { TEST_GATEWAY_OPTIONS } from "../entra/testing";
import { activateRolloverCertificate, certificateRolloverStatus, startCertificateRollover } from "../setup/rollover-certificate";
import { confirmOldTokenRetired, rotateScimToken, rotationStatus } from "../setup/rotate-scim-token";
import { readProvisioningSecrets } from "../entra/provisioning-secrets";
import type { StepProgress } from "../setup/context";
import { runSetupStep, withSetupContext } from "../setup/run-step";
import { loadFacts } from "../setup/store";
import { driveChecklist } from "../setup/testing/drive-checklist";
import { testProvider } from "../testing/database";
import { sandboxTestBed } from "../testing/test-bed";
import { provisioningEvents, type SnapshotStored } from "./events";
import { describeJobHealth, explainQuarantine } from "./job-state";
import { listConfiguredJobs } from "./configured-jobs";
import { createAdvisoryLock } from "./leader-lock";
import { pollProvisioningOnce } from "./poll";
import { latestCycleInterval, listLogEntries, loadProvisioningStatus } from "./status";

// The poller against the sandbox's provisioning engine, on each database provider: snapshots change only
// when the job does, log entries are copied once, a bad SCIM token shows as quarantine, throttling backs off.
// Cycles run only when the test says so.
const bed = sandboxTestBed({ pace: { asyncDelayMs: 50, replicationDelayMs: 300, cycleIntervalMs: 3_600_000 } });
const { database, call: admin } = bed;
const FEDERATION = "prov-it";

const ADMIN = { email: "portal.admin@contoso-sandbox.onmicrosoft.com", name: "Portal Admin" };
const inContext = <T>(work: Parameters<typeof withSetupContext<T>>[3]) => withSetupContext(database, ADMIN, FEDERATION, work);
const newAwsToken = async () => (await admin<{ accessToken: string; tokenId: string }>("POST", "/_sandbox/aws/provisioning/tokens"));
const storedToken = async () => (await database.federation.findUniqueOrThrow({ where: { id: FEDERATION }, select: { scimToken: true, scimTokenPrevious: true } }));

const runCycle = () => admin("POST", "/_sandbox/entra/provisioning/run");
const snapshots = () => database.provisioningSnapshot.findMany({ where: { federationId: FEDERATION }, orderBy: { id: "asc" } });

beforeEach(async () => {
  const results = await driveChecklist(database, { federationId: FEDERATION, sandboxUrl: bed.url });
  expect(Object.entries(results).filter(([, r]) => !r.ok)).toEqual([]);
  await runCycle(); // waits for the start-up cycle, then runs one more
}, 120_000);

describe("provisioning poller", () => {
  it("stores a snapshot only when the job changes, and copies log entries once", async () => {
    expect((await loadProvisioningStatus(database, FEDERATION)).state).toBe("waiting");
    const first = await pollProvisioningOnce(database);
    expect(first.federations).toMatchObject([{ federationId: FEDERATION, changed: true }]);
    expect(first.federations[0]?.logsCopied).toBeGreaterThan(0);
    const quiet = await pollProvisioningOnce(database);
    expect(quiet.federations[0]?.changed).toBe(false);
    expect(await snapshots()).toHaveLength(1);

    await runCycle();
    const after = await pollProvisioningOnce(database);
    expect(after.federations[0]?.changed).toBe(true);
    const stored = await snapshots();
    expect(stored).toHaveLength(2);
    expect(stored[1]?.cycleId).toBeTruthy();
    expect(stored[1]?.cycleId).not.toBe(stored[0]?.cycleId);
    const job = JSON.parse(stored[1]?.status ?? "{}") as ProvisioningJob;
    expect(job.status.lastExecution?.activityIdentifier).toBe(stored[1]?.cycleId);
    expect(["healthy", "warnings"]).toContain(stored[1]?.health);

    // Every entry Graph has for the app is in our table exactly once, although the second read overlapped the first.
    const gateway = createGraphGateway(resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, { IB_MODE: "sandbox", SANDBOX_URL: bed.url }, undefined), TEST_GATEWAY_OPTIONS);
    const [configured] = await listConfiguredJobs(database, FEDERATION);
    const { entries } = await listProvisioningLogs(gateway, { servicePrincipalId: configured?.servicePrincipalId, maxItems: 1000 });
    expect(entries.length).toBeGreaterThan(0);
    const copied = await database.provisioningLogEntry.findMany({ where: { federationId: FEDERATION }, select: { id: true } });
    expect(new Set(copied.map((c) => c.id)).size).toBe(copied.length);
    expect(copied.map((c) => c.id).sort()).toEqual(expect.arrayContaining(entries.map((e) => e.id).sort()));

    const status = await loadProvisioningStatus(database, FEDERATION);
    expect(status.state).toBe("ready");
    if (status.state === "ready") {
      expect(status.cycles.length).toBeGreaterThanOrEqual(2);
      expect(status.snapshot.id).toBe(stored[1]?.id);
    }
    // The sandbox here runs a cycle every hour; the job says so, and that is what the pages promise.
    expect(await latestCycleInterval(database, FEDERATION)).toBe("PT1H");
    expect(await latestCycleInterval(database, "no-such-federation")).toBeNull();
    const failures = await listLogEntries(database, FEDERATION, { result: "failure" });
    expect(failures.total).toBeGreaterThan(0);
    expect(failures.rows.every((r) => r.status === "failure")).toBe(true);
    const jane = await listLogEntries(database, FEDERATION, { user: "JANE" });
    expect(jane.rows.length).toBeGreaterThan(0);
    expect(jane.rows.every((r) => (r.target ?? r.who).toLowerCase().startsWith("jane"))).toBe(true);
    const newest = await listLogEntries(database, FEDERATION, { pageSize: 2 });
    const paged = await listLogEntries(database, FEDERATION, { pageSize: 2, cursor: { after: newest.older! } });
    expect(paged.rows).toHaveLength(2);
    expect(paged.newer).toEqual({ at: paged.rows[0]?.at, id: paged.rows[0]?.id });
  }, 60_000);

  it("stores a federation's first snapshot after its cycle's log entries, so the waiting page's one re-render shows them", async () => {
    // What the log holds the moment the snapshot is announced (a Prisma query runs once it is awaited: .then starts
    // it now); the row is stored just before, and an open page notices either (watch.ts).
    const logAtAnnouncement: Promise<number>[] = [];
    const onSnapshot = (event: SnapshotStored) => {
      if (event.federationId === FEDERATION) logAtAnnouncement.push(database.provisioningLogEntry.count({ where: { federationId: FEDERATION } }).then((n) => n));
    };
    provisioningEvents().on("snapshot", onSnapshot);
    try {
      const first = await pollProvisioningOnce(database);
      expect(first.federations).toMatchObject([{ federationId: FEDERATION, changed: true, logsCopied: expect.any(Number) }]);
      expect(first.federations[0]?.logsCopied).toBeGreaterThan(0);
      expect(await Promise.all(logAtAnnouncement)).toEqual([first.federations[0]?.logsCopied]);
      // A later cycle's snapshot is announced at once; its entries follow in the same poll.
      await runCycle();
      const later = await pollProvisioningOnce(database);
      expect(later.federations[0]?.changed).toBe(true);
      expect(logAtAnnouncement).toHaveLength(2);
    } finally {
      provisioningEvents().off("snapshot", onSnapshot);
    }
  }, 60_000);

  it("copies a log backlog larger than one batch over several polls, oldest first, without a gap or a duplicate", async () => {
    const gateway = createGraphGateway(resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, { IB_MODE: "sandbox", SANDBOX_URL: bed.url }, undefined), TEST_GATEWAY_OPTIONS);
    const [configured] = await listConfiguredJobs(database, FEDERATION);
    const { entries } = await listProvisioningLogs(gateway, { servicePrincipalId: configured?.servicePrincipalId, maxItems: 5000 });
    expect(entries.length).toBeGreaterThan(60);
    const polls: { copied: number; backlog: boolean | undefined }[] = [];
    for (let i = 0; i < 20; i++) {
      const { federations } = await pollProvisioningOnce(database, { logBatch: 25 });
      polls.push({ copied: federations[0]?.logsCopied ?? 0, backlog: federations[0]?.logBacklog });
      if (!federations[0]?.logBacklog) break;
    }
    expect(polls.length).toBeGreaterThan(2);
    expect(polls[0]).toEqual({ copied: 25, backlog: true });
    expect(polls.at(-1)?.backlog).toBe(false);
    const stored = await database.provisioningLogEntry.findMany({ where: { federationId: FEDERATION }, select: { id: true } });
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set(entries.map((e) => e.id)));

    // The next change reads the newest page, then at most walks forward from the newest entry stored: the
    // entries already copied (three batches here) are not walked again.
    await runCycle();
    const next = await pollProvisioningOnce(database, { logBatch: 25 });
    expect(next.federations[0]?.changed).toBe(true);
    if (next.federations[0]?.logBacklog) expect((await pollProvisioningOnce(database, { logBatch: 25 })).federations[0]?.logBacklog).toBe(false);
    const after = await listProvisioningLogs(gateway, { servicePrincipalId: configured?.servicePrincipalId, maxItems: 5000 });
    expect(await database.provisioningLogEntry.count({ where: { federationId: FEDERATION } })).toBe(after.entries.length);
  }, 60_000);

  it("shows quarantine, with the fix, when AWS no longer accepts the SCIM token", async () => {
    await pollProvisioningOnce(database);
    const { tokens } = await admin<{ tokens: { tokenId: string }[] }>("GET", "/_sandbox/aws/provisioning/tokens");
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) await admin("DELETE", `/_sandbox/aws/provisioning/tokens/${token.tokenId}`);
    await runCycle();
    await pollProvisioningOnce(database);
    expect((await snapshots()).at(-1)?.health).toBe("warnings");
    for (let i = 0; i < 3; i++) await runCycle();
    await pollProvisioningOnce(database);
    const latest = (await snapshots()).at(-1);
    expect(latest).toMatchObject({ code: "Quarantine", health: "quarantined" });
    const job = JSON.parse(latest?.status ?? "{}") as ProvisioningJob;
    expect(describeJobHealth(job).label).toBe("Quarantined");
    expect(job.status.quarantine).not.toBeNull();
    if (job.status.quarantine) expect(explainQuarantine(job.status.quarantine, job.status.lastExecution?.error ?? null).title).toMatch(/SCIM access token/);

    // Rotation heals it: a wrong token changes nothing; the new one is checked, saved in Entra and lifts the quarantine.
    const before = await storedToken();
    await expect(inContext((c) => rotateScimToken(c, "not-a-token-aws-ever-issued-0123456789"))).rejects.toThrow(/Nothing was changed\. AWS refused the access token/);
    expect(await storedToken()).toEqual(before);
    const fresh = await newAwsToken();
    const rotated = await inContext((c) => rotateScimToken(c, fresh.accessToken));
    expect(rotated).toMatchObject({ liftedQuarantine: true, message: expect.stringMatching(/delete the old token in the AWS console/) });
    await runCycle();
    await pollProvisioningOnce(database);
    expect(["healthy", "warnings"]).toContain((await snapshots()).at(-1)?.health);
    expect((await snapshots()).at(-1)?.code).toBe("Active");
    // The old token was already deleted in AWS, so the rotation completes at once.
    expect(await inContext((c) => confirmOldTokenRetired(c))).toMatchObject({ retired: true, message: expect.stringMatching(/Rotation complete/) });
    expect((await storedToken()).scimTokenPrevious).toBeNull();
  }, 60_000);

  it("rotates a healthy token: the old one is kept only until AWS refuses it", async () => {
    const { tokens } = await admin<{ tokens: { tokenId: string; createdAt: string }[] }>("GET", "/_sandbox/aws/provisioning/tokens");
    expect(tokens).toHaveLength(1);
    const fresh = await newAwsToken();
    const before = await storedToken();
    // Each stage says what it waits for and how many are left (pushed to the open page by the action).
    const stages: StepProgress[] = [];
    const rotated = await inContext((c) => rotateScimToken({ ...c, onProgress: (p) => stages.push(p) }, fresh.accessToken));
    expect(rotated.liftedQuarantine).toBe(false);
    expect(stages.map((s) => s.left)).toEqual([5, 4, 3, 2, 1].map((n) => `${n} of 5 stages left`));
    expect(stages[0]?.waitingFor).toMatch(/SCIM endpoint to accept the new token/);
    const after = await storedToken();
    expect(after.scimToken).not.toBe(before.scimToken);
    expect(after.scimToken).not.toContain(fresh.accessToken);
    expect(after.scimTokenPrevious).toBeTruthy();
    expect(await inContext((c) => rotationStatus(c))).toMatchObject({ oldTokenPending: true });
    // Pasting the same token again resumes (Entra is written again), it does not lose the old token.
    await inContext((c) => rotateScimToken(c, fresh.accessToken));
    expect((await storedToken()).scimTokenPrevious).toBeTruthy();

    expect(await inContext((c) => confirmOldTokenRetired(c))).toMatchObject({ retired: false, message: expect.stringMatching(/still accepts the old token/) });
    await admin("DELETE", `/_sandbox/aws/provisioning/tokens/${tokens[0]?.tokenId}`);
    expect(await inContext((c) => confirmOldTokenRetired(c))).toMatchObject({ retired: true });
    expect(await inContext((c) => rotationStatus(c))).toMatchObject({ oldTokenPending: false });
    // Provisioning runs on the new token (entry-level warnings come from the seeded problem users).
    await runCycle();
    await pollProvisioningOnce(database);
    const job = JSON.parse((await snapshots()).at(-1)?.status ?? "{}") as ProvisioningJob;
    expect(job.status.code).toBe("Active");
    expect(job.status.lastExecution?.state).not.toBe("Failed");
    expect(job.status.countSuccessiveCompleteFailures).toBe(0);
    await expect(inContext((c) => rotateScimToken(c, fresh.accessToken))).rejects.toThrow(/already uses/);
  }, 60_000);

  it("keeps Entra's accidental-deletion threshold through token rotation, and explains it when a cycle trips it", async () => {
    const secrets = () => inContext(async (c) => (await readProvisioningSecrets(await c.entra(), c.facts.app?.servicePrincipalId ?? "")).saved.deletionThreshold);
    // Step 9 switches Entra's protection on with Entra's own default; the admin then chooses 1.
    expect(await secrets()).toEqual({ enabled: true, value: 500 });
    expect((await loadFacts(database, FEDERATION)).deletionThreshold).toEqual({ enabled: true, value: 500 });
    expect(await runSetupStep(database, "provisioning-credentials", "run", { deleteThresholdEnabled: true, deleteThreshold: 1 }, ADMIN, FEDERATION)).toMatchObject({ ok: true });
    expect(await secrets()).toEqual({ enabled: true, value: 1 });
    expect((await loadFacts(database, FEDERATION)).deletionThreshold).toEqual({ enabled: true, value: 1 });

    // Rotation PUTs the whole secret set again: the threshold stays on, at 1.
    const fresh = await newAwsToken();
    await inContext((c) => rotateScimToken(c, fresh.accessToken));
    expect(await secrets()).toEqual({ enabled: true, value: 1 });
    // A re-run of the step without input keeps it too.
    expect(await runSetupStep(database, "provisioning-credentials", "run", undefined, ADMIN, FEDERATION)).toMatchObject({ ok: true });
    expect(await secrets()).toEqual({ enabled: true, value: 1 });

    // A group leaves the app: its members would be disabled and the group deleted in AWS, more than 1, so the cycle is held.
    await inContext(async (c) => {
      const gateway = await c.entra();
      const spId = c.facts.app?.servicePrincipalId ?? "";
      const assigned = (await gateway.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).get()) as { value: { id: string; principalDisplayName: string }[] };
      const readers = assigned.value.find((a) => a.principalDisplayName === "Project Readers");
      expect(readers).toBeTruthy();
      await gateway.api(`/servicePrincipals/${spId}/appRoleAssignedTo/${readers?.id ?? ""}`).delete();
    });
    await new Promise((resolve) => setTimeout(resolve, 400)); // the sandbox's replication delay
    await runCycle();
    await pollProvisioningOnce(database);
    const status = await loadProvisioningStatus(database, FEDERATION);
    if (status.state !== "ready") throw new Error(`no snapshot: ${status.state}`);
    const job = status.snapshot.status;
    expect(job.status.quarantine).toMatchObject({ reason: "TooManyDeletes" });
    expect(describeJobHealth(job)).toMatchObject({ health: "quarantined", summary: expect.stringMatching(/accidental-deletion threshold/) });
    const facts = await loadFacts(database, FEDERATION);
    const why = explainQuarantine(job.status.quarantine ?? { reason: "", error: null }, job.status.lastExecution?.error ?? null, {
      threshold: facts.deletionThreshold,
      held: job.status.lastExecution?.countEscrowed,
    });
    expect(why.meaning).toMatch(/threshold of 1\b/);
    expect(why.meaning).toMatch(/deleted nothing/);
    expect(why.fix).toMatch(/Force deletes/);
  }, 120_000);
  it("the wrong token deleted in AWS mid-rotation has a way forward: start over with a new token, and the token left to delete is the old one", async () => {
    const { tokens } = await admin<{ tokens: { tokenId: string }[] }>("GET", "/_sandbox/aws/provisioning/tokens");
    const original = tokens[0]?.tokenId;
    const second = await newAwsToken();
    await inContext((c) => rotateScimToken(c, second.accessToken));
    // The admin deletes the NEW token instead of the old one: confirming says so and names the way out.
    await admin("DELETE", `/_sandbox/aws/provisioning/tokens/${second.tokenId}`);
    await expect(inContext((c) => confirmOldTokenRetired(c))).rejects.toThrow(/deleted the wrong token.*Start over with a new token/);
    expect(await inContext((c) => rotationStatus(c))).toMatchObject({ oldTokenPending: true });

    // Starting over with a third token while the old one is pending works…
    const third = await newAwsToken();
    const restarted = await inContext((c) => rotateScimToken(c, third.accessToken));
    expect(restarted.message).toMatch(/delete the old token in the AWS console/);
    // …and the token kept to retire is the original (AWS still accepts it), not the deleted second one:
    // confirming now must not call the rotation complete while the original still works.
    expect(await inContext((c) => confirmOldTokenRetired(c))).toMatchObject({ retired: false, message: expect.stringMatching(/still accepts the old token/) });
    await admin("DELETE", `/_sandbox/aws/provisioning/tokens/${original}`);
    expect(await inContext((c) => confirmOldTokenRetired(c))).toMatchObject({ retired: true, message: expect.stringMatching(/Rotation complete/) });
    expect(await inContext((c) => rotationStatus(c))).toMatchObject({ oldTokenPending: false });
  }, 60_000);

  it("pasting the pending old token back ends the rotation instead of waiting for AWS to refuse the token in use", async () => {
    const stored = await storedToken();
    const second = await newAwsToken();
    await inContext((c) => rotateScimToken(c, second.accessToken));
    await admin("DELETE", `/_sandbox/aws/provisioning/tokens/${second.tokenId}`);
    // The only token AWS still has is the original one; the admin pastes it (read back from the database here).
    const { decryptSecretOrThrow } = await import("../crypto/secrets");
    const { SCIM_TOKEN_PURPOSE } = await import("../setup/steps/identity-center/shared");
    const original = await inContext(async (c) => decryptSecretOrThrow(c.keyring, SCIM_TOKEN_PURPOSE, stored.scimToken as string));
    const back = await inContext((c) => rotateScimToken(c, original));
    expect(back.message).toMatch(/rotation is complete/);
    expect(await inContext((c) => rotationStatus(c))).toMatchObject({ oldTokenPending: false });
  }, 60_000);

  it("rolls the signing certificate over: a new one beside the old, then active with fresh metadata for AWS", async () => {
    const before = await inContext((c) => certificateRolloverStatus(c));
    expect(before).toMatchObject({ waiting: null, awsNeedsNewMetadata: false });
    const oldThumbprint = before.active?.thumbprint;
    const added = await inContext((c) => startCertificateRollover(c));
    expect(added.certificate.active).toBe(false);
    // A retry adopts the certificate already added instead of adding another.
    expect((await inContext((c) => startCertificateRollover(c))).certificate.thumbprint).toBe(added.certificate.thumbprint);
    expect((await inContext((c) => certificateRolloverStatus(c))).waiting?.thumbprint).toBe(added.certificate.thumbprint);

    await expect(inContext((c) => activateRolloverCertificate(c, "0".repeat(40)))).rejects.toThrow(/no signing certificate/);
    await inContext((c) => activateRolloverCertificate(c, added.certificate.thumbprint));
    const after = await inContext((c) => certificateRolloverStatus(c));
    expect(after.active?.thumbprint).toBe(added.certificate.thumbprint);
    expect(after.active?.thumbprint).not.toBe(oldThumbprint);
    expect(after.waiting).toBeNull();
    const row = await database.federation.findUniqueOrThrow({ where: { id: FEDERATION }, select: { facts: true } });
    const facts = JSON.parse(row.facts) as { signing: { thumbprint: string }; idpMetadata: { thumbprint: string; xml: string } };
    expect(facts.signing.thumbprint).toBe(added.certificate.thumbprint);
    expect(facts.idpMetadata.thumbprint).toBe(added.certificate.thumbprint);
    // The fresh metadata is what the admin uploads in the AWS console.
    await admin("POST", "/_sandbox/aws/identity-source", { type: "EXTERNAL_IDP", metadataXml: facts.idpMetadata.xml, confirm: "ACCEPT" });
  }, 60_000);

  it("backs off on Graph throttling without failing or changing what the page shows", async () => {
    await pollProvisioningOnce(database);
    const before = await snapshots();
    await admin("POST", "/_sandbox/faults", { pathPrefix: "/graph", throttleRetryAfterSeconds: 2, times: 20 });
    const gateway = createGraphGateway(resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, { IB_MODE: "sandbox", SANDBOX_URL: bed.url }, undefined), { ...TEST_GATEWAY_OPTIONS, maxRetries: 1 });
    const throttled = await pollProvisioningOnce(database, { gateway });
    await fetch(`${bed.url}/_sandbox/faults`, { method: "DELETE" });
    expect(throttled.retryAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(throttled.federations[0]).toMatchObject({ changed: false, error: expect.stringMatching(/limiting/) });
    expect(await snapshots()).toEqual(before);
    // Every replica's page can say since when Graph has not answered, and that it heals.
    const failing = await loadProvisioningStatus(database, FEDERATION);
    expect(failing.state === "ready" && failing.poll).toMatchObject({ errorKind: "throttled", error: expect.stringMatching(/limiting/), errorSince: expect.any(String) });
    await pollProvisioningOnce(database);
    const healed = await loadProvisioningStatus(database, FEDERATION);
    expect(healed.state === "ready" && healed.poll).toMatchObject({ error: null, errorKind: null, errorSince: null });
  }, 60_000);

  it.skipIf(testProvider() !== "postgres")("lets exactly one replica hold the poller lock, and hands it over when released", async () => {
    const url = process.env.DATABASE_URL ?? "";
    const a = createAdvisoryLock(url, "identity-bridge:test-lock");
    const b = createAdvisoryLock(url, "identity-bridge:test-lock");
    try {
      expect(await a.tryAcquire()).toBe(true);
      expect(await b.tryAcquire()).toBe(false);
      expect(await a.tryAcquire()).toBe(true);
      await a.release();
      expect(await b.tryAcquire()).toBe(true);
      expect(await a.tryAcquire()).toBe(false);
    } finally {
      await a.release();
      await b.release();
    }
  });
});
