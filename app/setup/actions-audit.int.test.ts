import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAwsModule } from "@/sandbox/aws";
import { startSandbox, type SandboxServer } from "@/sandbox/core/server";
import { createEntraModule } from "@/sandbox/entra";
import { testDatabase, withAuditTriggersOff } from "@/lib/testing/database";

// A setup step's audit row carries the step as it was before the run, beside what the run left.

vi.mock("@/lib/auth/session", () => {
  const session = async () => ({ userId: "u", name: "Ada Admin", email: "ada@example.test", role: "admin", tenantId: "t" });
  return { getSession: session, getPassiveSession: session };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const database = testDatabase();
let server: SandboxServer;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  server = await startSandbox({ port: 0, modules: [createAwsModule(), createEntraModule()] });
  process.env.SANDBOX_URL = server.url;
  process.env.IB_MODE = "sandbox";
  await database.federation.deleteMany({});
  await withAuditTriggersOff(database, () => database.$executeRawUnsafe(`DELETE FROM "AuditEvent"`));
}, 60_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

describe("setup step audit rows", () => {
  it("record the step's previous status and evidence as before", async () => {
    const { runSetupStepAction } = await import("./actions");
    const first = await runSetupStepAction(null, { step: "connect" });
    expect(first.ok).toBe(true);
    const second = await runSetupStepAction(null, { step: "connect" });
    expect(second.ok).toBe(true);
    const all = await database.auditEvent.findMany({ where: { action: "setup.step.run", target: "setup:connect" }, orderBy: { seq: "asc" } });
    // Each run is an intent row written before the cloud calls, then its outcome with the same correlation id.
    expect(all.map((r) => r.result)).toEqual(["intent", "success", "intent", "success"]);
    expect(all[0]?.correlationId).toBeTruthy();
    expect(all[1]?.correlationId).toBe(all[0]?.correlationId);
    const rows = all.filter((r) => r.result !== "intent");
    const [one, two] = rows.map((r) => ({
      before: JSON.parse(r.before ?? "null") as unknown,
      after: JSON.parse(r.after ?? "null") as { status: string; evidence: unknown },
    }));
    expect(one?.before).toMatchObject({ status: "not-started", evidence: null });
    expect(one?.after.status).toBe("done");
    expect(two?.before).toEqual(one?.after);
  });

  it("watching a console step leaves no audit row and no last check; finding it, one verify completes it", async () => {
    const { probeSetupStepAction, verifySetupStepAction } = await import("./actions");
    const count = () => database.auditEvent.count({ where: { target: "setup:enable-instance" } });
    const before = await count();
    for (let poll = 0; poll < 3; poll++) {
      const probe = await probeSetupStepAction(null, { step: "enable-instance" });
      expect(probe).toMatchObject({ ok: true, data: { ready: false, message: expect.stringMatching(/not enabled/) } });
    }
    expect(await count()).toBe(before);
    const step = await database.setupStep.findUnique({ where: { federationId_step: { federationId: "default", step: "enable-instance" } } });
    expect(step?.checkedAt ?? null).toBeNull();

    await fetch(`${server.url}/_sandbox/aws/instance/enable`, { method: "POST" });
    expect(await probeSetupStepAction(null, { step: "enable-instance" })).toMatchObject({ ok: true, data: { ready: true } });
    expect(await count()).toBe(before);
    expect(await verifySetupStepAction(null, { step: "enable-instance" })).toMatchObject({ ok: true });
    expect(await count()).toBe(before + 1);
    const done = await database.setupStep.findUniqueOrThrow({ where: { federationId_step: { federationId: "default", step: "enable-instance" } } });
    expect(done.status).toBe("done");
  });

  it("running the automated steps is one intent and one outcome row naming what was confirmed and what ran", async () => {
    const { runAutomatedStepsAction } = await import("./actions");
    const result = await runAutomatedStepsAction(null, { steps: "gallery-app,saml-mode" });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, message: expect.stringMatching(/^Ran 2 steps\. Stopped at 4\./) });
    const rows = await database.auditEvent.findMany({ where: { action: "setup.automated.run" }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.result)).toEqual(["intent", "success"]);
    expect(JSON.parse(rows[1]?.after ?? "null")).toEqual({ ran: ["gallery-app", "saml-mode"], status: "stopped" });
  }, 60_000);
});
