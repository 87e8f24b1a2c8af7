import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sandboxTestBed } from "../testing/test-bed";
import { completesByCheck, runSetupStep } from "./run-step";
import { loadChecklist, type StepState } from "./store";
import { STEP_IDS } from "./steps";
import { driveChecklist } from "./testing/drive-checklist";

// Issue 12, "the runner holds under crashes, double clicks and faults", on each database provider: a crash during
// the gallery app's replication wait, two clicks at once, an outage while verifying, a verify by someone else.
const bed = sandboxTestBed({ pace: { asyncDelayMs: 50, replicationDelayMs: 300 } });
const { database, call: sandbox } = bed;
const admin = { email: "portal.admin@contoso.test", name: "Portal Admin" };
const auditor = { email: "portal.auditor@contoso.test", name: "Portal Auditor" };

const entraObjects = async () => {
  const { applications, servicePrincipals } = await bed.entraCounts();
  return { applications, servicePrincipals };
};

const stateOf = async (federationId: string, step: string) => {
  const found = (await loadChecklist(database, federationId)).steps.find((s) => s.id === step);
  if (!found) throw new Error(`no step ${step}`);
  return found.state;
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The standing outcome of a step: what only an admin's run may change. */
const standing = (state: StepState) => ({
  status: state.status,
  doneBy: state.doneBy,
  doneAt: state.doneAt,
  attempts: state.attempts,
  evidence: state.evidence,
});

describe("the setup runner under crashes, double clicks and faults", () => {
  it("a server killed during the gallery app's replication wait leaves the step interrupted; the re-run adopts the app, never a second", async () => {
    await driveChecklist(database, { federationId: "it-kill", sandboxUrl: bed.url, until: "enable-instance" });
    const before = await entraObjects();
    // Entra hides the new app for a minute: the child creates it, then waits out replication until it is killed.
    await sandbox("POST", "/_sandbox/entra/config", { replicationDelayMs: 60_000 });
    // One process (node with tsx's loader, not the tsx wrapper that would leave its own child alive after SIGKILL).
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", path.join("lib", "setup", "testing", "run-step-child.ts"), "gallery-app", "it-kill", "1500"],
      { env: process.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    try {
      const running = await until("the child to create the app", async () => {
        const state = await stateOf("it-kill", "gallery-app");
        return state.status === "running" && state.attempt?.created.length ? state : undefined;
      });
      expect(running.attempt?.by).toBe("child@contoso.test");
    } catch (error) {
      throw new Error(`${String(error)}; child said: ${output}`);
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
    expect(await entraObjects()).toEqual({ applications: before.applications + 1, servicePrincipals: before.servicePrincipals + 1 });
    const recorded = (await loadChecklist(database, "it-kill")).facts.app;
    expect(recorded?.appId).toBeTruthy();

    // Its lease runs out: the step says it was interrupted and what may already exist.
    const interrupted = await until("the lease to run out", async () => {
      const state = await stateOf("it-kill", "gallery-app");
      return state.status === "interrupted" ? state : undefined;
    });
    expect(interrupted.attempt?.created.join(" ")).toContain(recorded?.appId ?? "?");

    // The re-run happens while Entra still hides the app from a search by name; it adopts it by the recorded id.
    const rerun = runSetupStep(database, "gallery-app", "run", undefined, admin, "it-kill");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await sandbox("POST", "/_sandbox/clock/advance", { ms: 61_000 });
    const result = await rerun;
    expect(result).toMatchObject({ ok: true, evidence: { appId: recorded?.appId, servicePrincipalId: recorded?.servicePrincipalId } });
    expect(await entraObjects()).toEqual({ applications: before.applications + 1, servicePrincipals: before.servicePrincipals + 1 });
    expect(await stateOf("it-kill", "gallery-app")).toMatchObject({ status: "done", doneBy: admin.email, attempts: 2, attempt: null });
  }, 120_000);

  it("two runs of the gallery app at once: one runs, the other is refused with who holds it; one app in the end", async () => {
    await driveChecklist(database, { federationId: "it-race", sandboxUrl: bed.url, until: "enable-instance" });
    const before = await entraObjects();
    await sandbox("POST", "/_sandbox/entra/config", { replicationDelayMs: 1_500 });
    const results = await Promise.all([
      runSetupStep(database, "gallery-app", "run", undefined, admin, "it-race"),
      runSetupStep(database, "gallery-app", "run", undefined, { email: "second.tab@contoso.test", name: "Second" }, "it-race"),
    ]);
    const refused = results.filter((r) => !r.ok);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.message).toMatch(/already running: started by (portal\.admin|second\.tab)@contoso\.test at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(await entraObjects()).toEqual({ applications: before.applications + 1, servicePrincipals: before.servicePrincipals + 1 });
    expect(await stateOf("it-race", "gallery-app")).toMatchObject({ status: "done", attempts: 1 });
  }, 120_000);

  it("verifying changes no step's standing outcome: not by another actor, not during an outage", async () => {
    const driven = await driveChecklist(database, { federationId: "it-verify", sandboxUrl: bed.url });
    expect(Object.entries(driven).filter(([, r]) => !r.ok)).toEqual([]);
    const before = new Map((await loadChecklist(database, "it-verify")).steps.map((s) => [s.id, standing(s.state)]));

    // An auditor's "Verify again" computes and shows the result; "Done by" and the attempts stay the admin's.
    const checked = await runSetupStep(database, "gallery-app", "verify", undefined, auditor, "it-verify");
    expect(checked.ok).toBe(true);
    const afterCheck = await stateOf("it-verify", "gallery-app");
    expect(standing(afterCheck)).toEqual(before.get("gallery-app"));
    expect(afterCheck.lastCheck).toMatchObject({ result: "ok", by: auditor.email });

    // Entra, AWS and the SCIM endpoint all failing while every step is verified again.
    // (The token endpoint is spared: MSAL remembers a 5xx from it for a minute, which would outlast this test.)
    for (const pathPrefix of ["/graph", "/aws", "/scim"]) await sandbox("POST", "/_sandbox/faults", { pathPrefix, status: 500 });
    await sandbox("POST", "/_sandbox/faults", { pathPrefix: "/login", match: "federationmetadata", status: 500 });
    try {
      for (const step of STEP_IDS) await runSetupStep(database, step, "verify", undefined, auditor, "it-verify");
    } finally {
      await fetch(`${bed.url}/_sandbox/faults`, { method: "DELETE" });
    }
    const after = await loadChecklist(database, "it-verify");
    for (const step of after.steps) expect(standing(step.state), step.id).toEqual(before.get(step.id));
    expect(after.done).toBe(after.total);
    expect(after.steps.find((s) => s.id === "gallery-app")?.state.lastCheck).toMatchObject({ result: "could-not-verify", by: auditor.email });
    expect(after.steps.find((s) => s.id === "scim-endpoint")?.state.lastCheck?.message).toMatch(/throttling or unavailable/);
  }, 180_000);

  it("a SCIM endpoint that keeps throttling or failing is named as a fault after real retries, never 'copy them again'", async () => {
    const memory: { scim?: { endpoint: string; token: string } } = {};
    await driveChecklist(database, { federationId: "it-scim", sandboxUrl: bed.url, until: "scim-endpoint", memory });
    await sandbox("POST", "/_sandbox/faults", { pathPrefix: "/scim", status: 503 });
    try {
      let started = Date.now();
      const check = await runSetupStep(database, "scim-endpoint", "run", memory.scim, admin, "it-scim");
      expect(check).toMatchObject({
        ok: false,
        message: expect.stringMatching(/AWS is throttling or unavailable.*5 tries.*not a problem with what you pasted/),
      });
      // Four waits of at least half the base delay each: not "several retries" in under a second.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);

      await sandbox("DELETE", "/_sandbox/faults");
      expect((await runSetupStep(database, "scim-endpoint", "run", memory.scim, admin, "it-scim")).ok).toBe(true);
      await sandbox("POST", "/_sandbox/faults", { pathPrefix: "/scim", throttleRetryAfterSeconds: 1 });
      started = Date.now();
      const test = await runSetupStep(database, "provisioning-credentials", "run", undefined, admin, "it-scim");
      expect(test).toMatchObject({ ok: false, message: expect.stringMatching(/throttling or unavailable: Test Connection still failed after 5 tries/) });
      expect(test.message).not.toMatch(/Copy both again|check the values/i);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    } finally {
      await fetch(`${bed.url}/_sandbox/faults`, { method: "DELETE" });
    }
    expect(await runSetupStep(database, "provisioning-credentials", "run", undefined, admin, "it-scim")).toMatchObject({ ok: true });
  }, 120_000);

  it("a step with nothing to run is completed by an admin's check only while it is not done", async () => {
    expect(await completesByCheck(database, "connect", "it-check")).toBe(true);
    expect(await completesByCheck(database, "gallery-app", "it-check")).toBe(false);
    const connected = await runSetupStep(database, "connect", "run", undefined, admin, "it-check");
    expect(connected, JSON.stringify(connected)).toMatchObject({ ok: true });
    expect(await completesByCheck(database, "connect", "it-check")).toBe(false);
  });
});
