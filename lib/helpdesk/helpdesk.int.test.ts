import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "../../sandbox/core/server";
import { startPortalSandbox } from "../testing/sandbox";
import { CASES } from "../../sandbox/entra/seed";
import { createAwsClients, resolveAwsTarget } from "../aws/clients";
import { ensurePermissionSet } from "../aws/ensure-permission-set";
import { createGraphGateway, resolveEntraTarget, type GraphGateway } from "../entra/client";
import { TEST_GATEWAY_OPTIONS } from "../entra/testing";
import { pollProvisioningOnce } from "../provisioning/poll";
import { signInReads } from "../sign-in/shared-read";
import { driveChecklist, signInThroughSandbox } from "../setup/testing/drive-checklist";
import { loadChecklist } from "../setup/store";
import { DEFAULT_PERMISSION_SETS } from "../setup/steps";
import { testDatabase } from "../testing/database";
import { rerunDiagnosis, shownDiagnosis } from "./open";
import { provisionUserWithGroups } from "./provision-user";
import { runDiagnosis } from "./run";
import { loadDiagnosis, recentDiagnoses, saveDiagnosis } from "./store";
import { assignProjectAccess } from "./testing/assign-project-access";
import { line, statuses } from "./testing/report-lines";
import type { DiagnosisReport } from "./types";

// One test per cause in the chain, each driven by the seeded sandbox user built for it, asserting the red (or
// amber) line and its remedy. Setup runs once against one sandbox; the tests that break something shared
// (AWS down, Graph throttled, a stale permission set, the SCIM token) come last.
const database = testDatabase();
const FEDERATION = "default";
let server: SandboxServer;
let graph: GraphGateway;
let beforeFirstCycle: { sarah: DiagnosisReport };
let beforeAccess: { jane: DiagnosisReport };

async function admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

const diagnose = (upn: string) => runDiagnosis(database, { key: upn, userPrincipalName: upn }, { federationId: FEDERATION, graph: () => Promise.resolve(graph) });

beforeAll(async () => {
  server = await startPortalSandbox();
  graph = createGraphGateway(resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, { IB_MODE: "sandbox", SANDBOX_URL: server.url }, undefined), TEST_GATEWAY_OPTIONS);
  await database.federation.deleteMany({});
  await database.provisioningSnapshot.deleteMany({});
  await admin("POST", "/_sandbox/aws/settings", { asyncDelayMs: 20, rateLimits: { identitycenter: null } });
  await admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 100, cycleIntervalMs: 3_600_000 });
  const memory = {};
  // Before provisioning starts, the console-made AWS user squatting on Sarah's UPN is still nobody's.
  const partial = await driveChecklist(database, { federationId: FEDERATION, sandboxUrl: server.url, memory, until: "scope-assignments" });
  expect(Object.entries(partial).filter(([, r]) => !r.ok)).toEqual([]);
  beforeFirstCycle = { sarah: await diagnose(CASES.squatted) };
  // Up to the permission sets: step 15 (account-access) would give jane's group its accounts, and "before access" is before it.
  const results = await driveChecklist(database, { federationId: FEDERATION, sandboxUrl: server.url, memory, until: "permission-sets" });
  expect(Object.entries(results).filter(([, r]) => !r.ok)).toEqual([]);
  await admin("POST", "/_sandbox/entra/provisioning/run");
  await pollProvisioningOnce(database, { federationId: FEDERATION });
  beforeAccess = { jane: await diagnose(CASES.healthy) };
  await assignProjectAccess(database, FEDERATION, server.url);
}, 180_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

describe("helpdesk check, one seeded user per cause", () => {
  it("healthy (jane.doe): every line green, the access portal to try, within three upstream round trips", async () => {
    signInReads.clear();
    const report = await diagnose(CASES.healthy);
    expect(report.outcome).toBe("diagnosed");
    // She has not signed in yet: the sign-in line says so and is not counted against her.
    expect(line(report, "last-sign-in")).toMatchObject({ status: "skip", evidence: [expect.stringMatching(/^No sign-in to the AWS app/)] });
    const notGreen = report.checks.filter((c) => c.status !== "pass" && c.id !== "last-sign-in");
    expect(notGreen).toEqual([]);
    expect(report.headline).toEqual({ tone: "good", text: "Provisioned to AWS and ready: the user can sign in at the access portal." });
    expect(line(report, "aws-access").evidence.join(" ")).toMatch(/ProjectUser.*provisioned/);
    expect(line(report, "portal").evidence.join(" ")).toContain(`${server.url}/awsapps/`);
    expect(report.timing.criticalPathRoundTrips).toBeLessThanOrEqual(3);
    // The poller's copies were reused: no live read of the job or the logs.
    expect(line(report, "job").evidence.join(" ")).toMatch(/snapshot/);
    expect(line(report, "last-log").evidence.join(" ")).toMatch(/copied from Entra by the status poller/);

    // She signs in through the sandbox's access portal: the evidence, not inference, makes both lines green.
    const { facts } = await loadChecklist(database, FEDERATION);
    await signInThroughSandbox(server.url, `${server.url}/awsapps/${facts.instance?.identityStoreId}/start`, CASES.healthy);
    signInReads.clear();
    const after = await diagnose(CASES.healthy);
    expect(line(after, "last-sign-in").status).toBe("pass");
    expect(line(after, "last-sign-in").evidence[0]).toMatch(/Entra: signed in; AWS: UserAuthentication success as jane\.doe@/);
    expect(line(after, "portal")).toMatchObject({ status: "pass", evidence: expect.arrayContaining([expect.stringMatching(/^Signed in to AWS at .*Entra's sign-in log and AWS CloudTrail/)]) });
    expect(after.timing.criticalPathRoundTrips).toBeLessThanOrEqual(3);
  });

  it("disabled (ben.disabled): exists but disabled, enable the account", async () => {
    const report = await diagnose(CASES.disabled);
    const red = line(report, "entra-user");
    expect(red.status).toBe("fail");
    expect(red.cause).toMatch(/disabled in Entra/);
    expect(red.remedy).toMatch(/enables the account/);
    expect(red.remedyBy).toBe("admin");
    expect(line(report, "aws-user").status).toBe("fail");
    expect(report.headline.tone).toBe("bad");
  });

  it("missing given name (mia.nogiven): required attribute, and the failed log entry translated", async () => {
    const report = await diagnose(CASES.missingGivenName);
    const red = line(report, "attributes");
    expect(red.status).toBe("fail");
    expect(red.cause).toMatch(/no first name/);
    expect(red.remedy).toMatch(/fills in the first name/);
    const log = line(report, "last-log");
    expect(log.status).toBe("fail");
    expect(log.evidence.join(" ")).toContain("SystemForCrossDomainIdentityManagementBadRequest");
    expect(log.cause).toMatch(/rejected the user as invalid/);
    expect(line(report, "aws-user").cause).toMatch(/Required attributes present/);
  });

  it("missing surname (leo.nosurname): required attribute", async () => {
    const red = line(await diagnose(CASES.missingSurname), "attributes");
    expect(red.status).toBe("fail");
    expect(red.cause).toMatch(/no last name/);
    expect(red.remedy).toMatch(/last name \(family name\)/);
  });

  it("UPN differs from mail (priya.patel): provisioned, but must sign in with the UPN", async () => {
    const report = await diagnose(CASES.upnNotMail);
    const amber = line(report, "euid");
    expect(amber.status).toBe("warn");
    expect(amber.remedy).toContain(`sign in to AWS with ${CASES.upnNotMail}`);
    expect(amber.remedyBy).toBe("user");
    expect(line(report, "aws-user").status).toBe("pass");
  });

  it("not assigned (nick.unassigned): not assigned, so out of scope and never provisioned", async () => {
    const report = await diagnose(CASES.notAssigned);
    const red = line(report, "assignment");
    expect(red.status).toBe("fail");
    expect(red.cause).toMatch(/not assigned to the AWS IAM Identity Center app/);
    expect(red.remedy).toMatch(/adds the user to one of the groups assigned/);
    expect(line(report, "scope").status).toBe("fail");
    expect(line(report, "aws-user").status).toBe("fail");
  });

  it("nested group only (nina.nested): the nested membership does not count", async () => {
    const report = await diagnose(CASES.nestedOnly);
    const red = line(report, "assignment");
    expect(red.status).toBe("fail");
    expect(red.cause).toMatch(/only through a group nested inside it/);
    expect(red.remedy).toContain("adds the user directly to “Project Users”");
    expect(line(report, "scope").status).toBe("fail");
    expect(line(report, "aws-user").status).toBe("fail");
  });

  it("guest (gary.guest): the #EXT# UPN becomes the AWS user name", async () => {
    const report = await diagnose(CASES.guest);
    expect(report.subject.isGuest).toBe(true);
    expect(line(report, "entra-user").status).toBe("warn");
    const red = line(report, "euid");
    expect(red.status).toBe("fail");
    expect(red.cause).toContain("#EXT#");
    expect(red.remedy).toMatch(/member account/);
  });

  it("squatted (sarah.squatted): a console-made AWS user holds the UPN (seen before the first cycle adopts it)", () => {
    const red = line(beforeFirstCycle.sarah, "aws-user");
    expect(red.status).toBe("fail");
    expect(red.evidence.join(" ")).toMatch(/created by hand/);
    expect(red.cause).toMatch(/manually created AWS user already holds the user name/);
    expect(red.remedy).toMatch(/deletes it in IAM Identity Center/);
  });

  it("several e-mail addresses (maria.proxies): amber, one address only", async () => {
    const amber = line(await diagnose(CASES.proxyAddresses), "attributes");
    expect(amber.status).toBe("warn");
    expect(amber.cause).toMatch(/several e-mail addresses/);
  });

  it("non-ASCII names (jose.garcia): green", async () => {
    const report = await diagnose(CASES.nonAscii);
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
  });

  it("no account assignment (jane.doe before any permission set was assigned to her group)", () => {
    const red = line(beforeAccess.jane, "aws-access");
    expect(red.status).toBe("fail");
    expect(red.cause).toMatch(/will see no accounts/);
    expect(red.remedy).toMatch(/assigns a permission set/);
    expect(line(beforeAccess.jane, "portal").status).toBe("warn");
  });

  it("deleted (dan.deleted): a clear page naming the recycle bin and the restore", async () => {
    const report = await diagnose(CASES.deleted);
    expect(report.outcome).toBe("deleted-user");
    expect(report.headline.text).toMatch(/was deleted from Entra on \d{4}-\d{2}-\d{2}/);
    expect(report.message).toMatch(/restore the user from Deleted users within 30 days/);
    expect(report.checks).toEqual([]);
  });

  it("unknown user: a clear page, no chain", async () => {
    const report = await diagnose("nobody.here@contoso-sandbox.onmicrosoft.com");
    expect(report.outcome).toBe("unknown-user");
    expect(report.headline.text).toContain("No Entra user matches");
  });

  it("stores a diagnosis under a short id; showing it is the stored copy, a re-run is kept as the latest beside it", async () => {
    const report = await diagnose(CASES.healthy);
    const stored = await saveDiagnosis(database, { federationId: FEDERATION, query: CASES.healthy, createdBy: "helpdesk@contoso-sandbox.onmicrosoft.com", report });
    expect(stored.shortId).toMatch(/^[2-9a-z]{8}$/);
    const loaded = await loadDiagnosis(database, stored.shortId);
    expect(loaded?.report.takenAt).toBe(report.takenAt);
    expect(shownDiagnosis(stored)).toMatchObject({ rerun: false, by: stored.createdBy, report: { takenAt: report.takenAt } });
    const by = "helpdesk@contoso-sandbox.onmicrosoft.com";
    const rerun = await rerunDiagnosis(database, stored, by, { graph: () => Promise.resolve(graph) });
    expect(rerun.report.takenAt).toBe(report.takenAt);
    expect(rerun.latest?.by).toBe(by);
    expect(rerun.latest?.report.takenAt).not.toBe(report.takenAt);
    const reloaded = await loadDiagnosis(database, stored.shortId);
    expect(reloaded && shownDiagnosis(reloaded)).toMatchObject({ rerun: true, by, report: { takenAt: rerun.latest?.report.takenAt } });
    expect(await loadDiagnosis(database, "not-an-id")).toBeNull();
    // The helpdesk page lists the recent checks of the app it shows, not another app's.
    expect((await recentDiagnoses(database, FEDERATION)).map((d) => d.shortId)).toContain(stored.shortId);
    expect((await recentDiagnoses(database, "legacy-444455556666")).map((d) => d.shortId)).not.toContain(stored.shortId);
  });

  it("provision on demand before the fix is a failure (AWS refuses a user without a given name), and no group is pushed", async () => {
    const { facts } = await loadChecklist(database, FEDERATION);
    const report = await diagnose(CASES.missingGivenName);
    const pushed = await provisionUserWithGroups(graph, { servicePrincipalId: facts.app?.servicePrincipalId ?? "", jobId: facts.job?.jobId ?? "" }, report.subject.entraId ?? "");
    expect(pushed.user).toMatchObject({ result: "Failure", outcome: "failed" });
    expect(pushed.user.errorMessage).toContain("givenName");
    expect(pushed.groups).toEqual([]);
  });

  it("provision on demand after the fix: the chain re-run turns green (mia.nogiven gets a first name)", async () => {
    await admin("PATCH", `/_sandbox/entra/users/${CASES.missingGivenName}`, { givenName: "Mia" });
    const { facts } = await loadChecklist(database, FEDERATION);
    const before = await diagnose(CASES.missingGivenName);
    expect(line(before, "attributes").status).toBe("pass");
    expect(line(before, "aws-user").status).toBe("fail");
    const pushed = await provisionUserWithGroups(graph, { servicePrincipalId: facts.app?.servicePrincipalId ?? "", jobId: facts.job?.jobId ?? "" }, before.subject.entraId ?? "");
    expect(pushed.user).toMatchObject({ result: "Success", outcome: "succeeded" });
    expect(pushed.groups.map((g) => [g.displayName, g.result, g.outcome])).toEqual([["Project Users", "Success", "succeeded"]]);
    await pollProvisioningOnce(database, { federationId: FEDERATION });
    const after = await diagnose(CASES.missingGivenName);
    expect(statuses(after)).toMatchObject({ attributes: "pass", "last-log": "pass", "aws-user": "pass", "aws-access": "pass" });
  });
});

describe("helpdesk check when something shared breaks", () => {
  it("a permission set changed since it was provisioned: amber, re-provision it", async () => {
    const { facts } = await loadChecklist(database, FEDERATION);
    const reader = DEFAULT_PERMISSION_SETS.find((p) => p.name === "ProjectReader");
    const clients = createAwsClients(resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, { IB_MODE: "sandbox", SANDBOX_URL: server.url }));
    try {
      await ensurePermissionSet(clients, facts.instance?.instanceArn ?? "", { name: "ProjectReader", sessionDuration: "PT2H", managedPolicyArns: [reader?.managedPolicyArn ?? ""] });
    } finally {
      clients.destroy();
    }
    const amber = line(await diagnose("zoe.muller@contoso-sandbox.onmicrosoft.com"), "aws-access");
    expect(amber.status).toBe("warn");
    expect(amber.evidence.join(" ")).toMatch(/ProjectReader.*latest version NOT provisioned/);
    expect(amber.remedy).toMatch(/re-provisions the permission set/);
  });

  it("AWS down: the Entra lines are answered, the AWS lines say they could not be checked", async () => {
    await admin("POST", "/_sandbox/faults", { pathPrefix: "/aws", status: 503 });
    try {
      const report = await diagnose(CASES.healthy);
      expect(report.outcome).toBe("diagnosed");
      expect(line(report, "assignment").status).toBe("pass");
      for (const id of ["aws-user", "aws-groups", "aws-access"] as const) {
        expect(line(report, id).status).toBe("skip");
        expect(line(report, id).evidence.join(" ")).toMatch(/Could not check/);
      }
      expect(report.problems.map((p) => p.source)).toContain("aws");
      expect(report.headline.tone).toBe("warn");
    } finally {
      await admin("DELETE", "/_sandbox/faults");
    }
  });

  it("Graph throttled: a clear answer that the check could not run, not an error", async () => {
    await admin("POST", "/_sandbox/faults", { pathPrefix: "/graph", throttleRetryAfterSeconds: 1 });
    try {
      const report = await diagnose(CASES.healthy);
      expect(report.outcome).toBe("entra-unavailable");
      expect(report.headline.text).toMatch(/throttling/);
      expect(report.problems[0]?.kind).toBe("throttled");
    } finally {
      await admin("DELETE", "/_sandbox/faults");
    }
  }, 30_000);

  it("job quarantined (the SCIM token was deleted): red, with the quarantine's fix", async () => {
    const { tokens } = await admin<{ tokens: { tokenId: string }[] }>("GET", "/_sandbox/aws/provisioning/tokens");
    for (const token of tokens) await admin("DELETE", `/_sandbox/aws/provisioning/tokens/${token.tokenId}`);
    for (let i = 0; i < 4; i++) await admin("POST", "/_sandbox/entra/provisioning/run");
    await pollProvisioningOnce(database, { federationId: FEDERATION });
    const red = line(await diagnose(CASES.healthy), "job");
    expect(red.status).toBe("fail");
    expect(red.cause).toMatch(/SCIM access token/);
    expect(red.remedy).toMatch(/new access token/);
  }, 60_000);
});
