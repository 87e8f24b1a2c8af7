import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "../../sandbox/core/server";
import { CASES } from "../../sandbox/entra/seed";
import { latestSignInTest, recordSignInTestAttempt, startSignInTest } from "../sign-in/test-store";
import type { SignInAttempt } from "../sign-in/outcome";
import { signInReads } from "../sign-in/shared-read";
import { testDatabase } from "../testing/database";
import { startPortalSandbox } from "../testing/sandbox";
import { runSetupStep } from "./run-step";
import { loadChecklist, mergeFacts } from "./store";
import { driveChecklist, signInThroughSandbox } from "./testing/drive-checklist";
import { watchSignInTest } from "./watch-sign-in-test";

// The Test sign-in step on each database provider: its store, and the step end to end against the sandbox's real
// SAML flow — a user who signs in turns it green from the evidence; a user not assigned and a NameID that is not
// the AWS user name turn it red with the cause named.
const database = testDatabase();
const actor = { email: "portal.admin@contoso-sandbox.onmicrosoft.com", name: "Portal Admin" };
let server: SandboxServer;

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path}`).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  server = await startPortalSandbox();
}, 60_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

const attempt = (outcome: SignInAttempt["outcome"], status: SignInAttempt["status"]): SignInAttempt => ({
  at: "2026-03-02T10:00:00.000Z",
  status,
  outcome,
  cause: `cause of ${outcome}`,
  remedy: "remedy",
  remedyBy: "admin",
  entra: { at: "2026-03-02T10:00:00.000Z", errorCode: 0, userPrincipalName: "a@b.example", conditionalAccessStatus: null, correlationId: null },
  aws: null,
});

describe("sign-in test store", () => {
  it("the latest test is the one watched, and the first attempt seen stays its outcome", async () => {
    await database.signInTest.deleteMany({ where: { federationId: "store" } });
    expect(await latestSignInTest(database, "store")).toBeNull();
    await startSignInTest(database, {
      federationId: "store",
      userPrincipalName: "old@b.example",
      entraUserId: "u0",
      startedBy: "a",
      now: new Date("2026-03-02T09:00:00Z"),
    });
    const test = await startSignInTest(database, {
      federationId: "store",
      userPrincipalName: "a@b.example",
      entraUserId: "u1",
      startedBy: "a",
      now: new Date("2026-03-02T09:59:00Z"),
    });
    expect((await latestSignInTest(database, "store"))?.id).toBe(test.id);
    expect((await latestSignInTest(database, "store"))?.seen).toBeNull();
    const first = await recordSignInTestAttempt(database, test.id, attempt("success", "pass"));
    expect(first?.seen).toMatchObject({ outcome: "success", attempt: { status: "pass", cause: "cause of success" } });
    const second = await recordSignInTestAttempt(database, test.id, attempt("not-assigned", "fail"));
    expect(second?.seen?.outcome).toBe("success");
  });
});

describe("Test sign-in step against the sandbox's SAML flow", () => {
  const federationId = "it-test-sign-in";
  const stepState = async () => (await loadChecklist(database, federationId)).steps.find((s) => s.id === "test-sign-in")?.state;

  /** Starts a test for `upn`, signs in through the sandbox, waits for the watcher to see it, and settles the step. */
  async function testUser(upn: string) {
    signInReads.clear();
    const start = await runSetupStep(database, "test-sign-in", "run", { userPrincipalName: upn }, actor, federationId);
    expect(start.ok).toBe(false);
    if (!start.ok) expect(start.message).toMatch(/^Waiting for/);
    const { facts } = await loadChecklist(database, federationId);
    const watching = await watchSignInTest(database, actor, federationId);
    expect(watching.state).toBe("watching");
    await signInThroughSandbox(server.url, `${server.url}/awsapps/${facts.instance?.identityStoreId}/start`, upn);
    signInReads.clear();
    const seen = await watchSignInTest(database, actor, federationId);
    expect(seen.state).toBe("seen");
    if (seen.state !== "seen") throw new Error("not seen");
    return { seen, settled: await runSetupStep(database, "test-sign-in", "run", { watchId: seen.watchId }, actor, federationId) };
  }

  it("green from the evidence for a user who signs in; red with the cause for the not-assigned and NameID cases", async () => {
    await database.federation.deleteMany({ where: { id: federationId } });
    await admin("POST", "/_sandbox/reset");
    await admin("POST", "/_sandbox/aws/settings", { asyncDelayMs: 0, rateLimits: { identitycenter: null } });
    await admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    const results = await driveChecklist(database, { federationId, sandboxUrl: server.url, until: "account-access" });
    expect(Object.entries(results).filter(([, r]) => !r.ok)).toEqual([]);
    await admin("POST", "/_sandbox/entra/provisioning/run");

    const healthy = await testUser(CASES.healthy);
    expect(healthy.seen.status).toBe("pass");
    expect(healthy.settled).toMatchObject({ ok: true });
    expect(await stepState()).toMatchObject({ status: "done" });

    const unassigned = await testUser(CASES.notAssigned);
    expect(unassigned.settled.ok).toBe(false);
    expect(unassigned.settled.ok ? "" : unassigned.settled.message).toMatch(/not assigned to the AWS app.*AADSTS50105/);
    expect(await stepState()).toMatchObject({ status: "failed" });

    // The NameID claim set to user.mail: Priya's mail is not her UPN, so AWS has no user by that name.
    const { facts } = await loadChecklist(database, federationId);
    await admin("POST", "/_sandbox/entra/saml-claims", { appId: facts.app?.appId, nameIdSource: "user.mail" });
    const mismatch = await testUser(CASES.upnNotMail);
    expect(mismatch.settled.ok ? "" : mismatch.settled.message).toMatch(/AWS has no user named p\.patel@contoso\.com/);
    await admin("POST", "/_sandbox/entra/saml-claims", { appId: facts.app?.appId, nameIdSource: "user.userprincipalname" });

    // After a certificate rollover the test is offered again: a success proved with the old certificate no longer counts.
    const again = await testUser(CASES.healthy);
    expect(again.settled).toMatchObject({ ok: true });
    const signing = (await loadChecklist(database, federationId)).facts.signing;
    if (!signing) throw new Error("no signing facts");
    await mergeFacts(database, federationId, { signing: { ...signing, thumbprint: "0123456789ABCDEF0123456789ABCDEF01234567" } });
    const check = await runSetupStep(database, "test-sign-in", "verify", undefined, actor, federationId);
    expect(check.ok ? "" : check.message).toMatch(/signing certificate changed since .*start a new test/);
  }, 180_000);
});
