import { describe, expect, it } from "vitest";
import { sandboxTestBed } from "../testing/test-bed";
import { subscribeSetupEvents, type SetupEvent } from "./progress";
import { planAutomatedSteps, runAutomatedSteps } from "./run-all";
import { runSetupStep } from "./run-step";
import { claimStep, loadChecklist } from "./store";
import { driveChecklist } from "./testing/drive-checklist";

// Issue 18, "Fewest actions": one action runs the automated steps up to the next one that needs a person; the
// sequence stops at the first failure with its message and, run again, resumes where the steps' records say,
// adopting an interrupted attempt and never doing a step twice.
const bed = sandboxTestBed({ pace: { asyncDelayMs: 300, replicationDelayMs: 300 } });
const { database, call: sandbox } = bed;
const admin = { email: "portal.admin@contoso.test", name: "Portal Admin" };

const applications = async () => (await bed.entraCounts()).applications;
const stateOf = async (federationId: string, step: string) => (await loadChecklist(database, federationId)).steps.find((s) => s.id === step)?.state;

describe("run the automated steps", () => {
  it("stops at a console step, at input only a person gives, and at the first failure; resumed, it adopts and never duplicates", async () => {
    const fed = "it-run-all";
    // From the start: the preflight is the portal's, then IAM Identity Center is enabled in the console.
    let plan = await planAutomatedSteps(database, fed);
    expect(plan.steps.map((s) => s.id)).toEqual(["connect"]);
    expect(plan.stopsAt).toMatchObject({ id: "enable-instance", why: "console" });
    let result = await runAutomatedSteps(database, admin, ["connect"], fed);
    expect(result).toMatchObject({ status: "stopped", ran: ["connect"], at: { id: "enable-instance" } });
    expect(result.message).toMatch(/Stopped at 1\. Enable IAM Identity Center: you do it in the AWS console/);

    await sandbox("POST", "/_sandbox/aws/instance/enable");
    expect((await runSetupStep(database, "enable-instance", "run", undefined, admin, fed)).ok).toBe(true);
    plan = await planAutomatedSteps(database, fed);
    expect(plan.steps.map((s) => s.id)).toEqual(["gallery-app", "saml-mode"]);
    expect(plan.stopsAt).toMatchObject({ id: "aws-metadata", why: "input" });

    // Only what was confirmed runs: a step beyond the preview the admin saw stops the run before it.
    result = await runAutomatedSteps(database, admin, ["saml-mode"], fed);
    expect(result).toMatchObject({ status: "stopped", ran: [], at: { id: "gallery-app" } });

    // Graph refuses to create the app: the run stops at that step with its message, nothing after it runs.
    const before = await applications();
    await sandbox("POST", "/_sandbox/faults", { pathPrefix: "/graph", match: "instantiate", status: 400 });
    try {
      result = await runAutomatedSteps(database, admin, ["gallery-app", "saml-mode"], fed);
    } finally {
      await sandbox("DELETE", "/_sandbox/faults");
    }
    expect(result).toMatchObject({ status: "failed", ran: [], at: { id: "gallery-app" } });
    expect(result.message).toMatch(/^2\. .* failed: /);
    expect((await stateOf(fed, "gallery-app"))?.status).toBe("failed");
    expect((await stateOf(fed, "saml-mode"))?.status).toBe("not-started");

    // Run again: it resumes at the failed step and goes on to the next one that needs a person.
    result = await runAutomatedSteps(database, admin, ["gallery-app", "saml-mode"], fed);
    expect(result, result.message).toMatchObject({ status: "stopped", ran: ["gallery-app", "saml-mode"], at: { id: "aws-metadata" } });
    expect(await applications()).toBe(before + 1);

    // A crash mid-sequence: an attempt whose process died (its lease ran out) shows as interrupted; the next run
    // re-runs that step (adopting what exists) and the app is still the one app.
    const dead = await claimStep(database, fed, "saml-mode", "crashed@contoso.test", 1);
    expect(dead.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await stateOf(fed, "saml-mode"))?.status).toBe("interrupted");
    result = await runAutomatedSteps(database, admin, ["saml-mode"], fed);
    expect(result).toMatchObject({ status: "stopped", ran: ["saml-mode"], at: { id: "aws-metadata" } });
    expect(await applications()).toBe(before + 1);
    expect((await stateOf(fed, "gallery-app"))?.attempts).toBe(2);

    // A second run beside a live attempt is refused by the step's lease, and says who holds it.
    const live = await claimStep(database, fed, "saml-mode", "other.admin@contoso.test", 60_000);
    expect(live.ok).toBe(true);
    result = await runAutomatedSteps(database, admin, ["saml-mode"], fed);
    expect(result.status).toBe("failed");
    expect(result.message).toMatch(/already running: started by other\.admin@contoso\.test/);
  }, 120_000);

  it("runs the rest of the checklist after the SCIM token in one go, pushing what long steps wait for", async () => {
    const fed = "it-run-rest";
    await driveChecklist(database, { federationId: fed, sandboxUrl: bed.url, until: "scim-endpoint" });
    const plan = await planAutomatedSteps(database, fed);
    expect(plan.steps.map((s) => s.id)).toEqual([
      "provisioning-credentials",
      "mappings",
      "scope-assignments",
      "start-provisioning",
      "prove-user",
      "permission-sets",
      "account-access",
    ]);
    // The last step, Test sign-in, needs a person to sign in: the run stops there.
    expect(plan.stopsAt).toMatchObject({ id: "test-sign-in", why: "input" });
    const events: SetupEvent[] = [];
    const unsubscribe = subscribeSetupEvents(fed, (event) => events.push(event));
    const result = await runAutomatedSteps(
      database,
      admin,
      plan.steps.map((s) => s.id),
      fed,
    ).finally(unsubscribe);
    expect(result, result.message).toMatchObject({ status: "stopped", at: { id: "test-sign-in" } });
    const checklist = await loadChecklist(database, fed);
    expect(checklist.done).toBe(checklist.total - 1);
    // Permission-set provisioning says what it waits for, the attempt and what is left; the run says where it stands.
    const progress = events.filter((e): e is Extract<SetupEvent, { type: "progress" }> => e.type === "progress" && e.step === "permission-sets");
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ waitingFor: expect.stringMatching(/^AWS to provision Project/), attempt: 1, left: "3 of 3 permission sets left" });
    expect(progress.at(-1)?.left).toBe("1 of 3 permission sets left");
    expect(events.filter((e) => e.type === "step" && e.status === "done").map((e) => (e.type === "step" ? e.step : ""))).toEqual(plan.steps.map((s) => s.id));
    expect(events.at(-1)).toMatchObject({ type: "run", status: "stopped" });
    // Nothing left for a second run to do before the person's step.
    expect(await runAutomatedSteps(database, admin, [], fed)).toMatchObject({ status: "stopped", ran: [], at: { id: "test-sign-in" } });
  }, 180_000);
});
