import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAwsModule } from "@/sandbox/aws";
import { startSandbox, type SandboxServer } from "@/sandbox/core/server";
import { createEntraModule } from "@/sandbox/entra";
import { SANDBOX } from "@/sandbox/fixtures";
import { testDatabase, withAuditTriggersOff } from "@/lib/testing/database";

// The setup actions take the federation as validated input: an unknown one runs nothing, another legacy app's steps
// are audited under its name, and adding an app for another account is an audited database write.

vi.mock("@/lib/auth/session", () => {
  const session = async () => ({ userId: "u", name: "Ada Admin", email: "ada@example.test", role: "admin", tenantId: "t" });
  return { getSession: session, getPassiveSession: session };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const database = testDatabase();
let server: SandboxServer;
const MEMBER = SANDBOX.aws.memberAccountIds[0] ?? "";
const SECOND = `legacy-${MEMBER}`;

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

describe("setup actions per federation", () => {
  it("refuse a malformed or unknown federation before anything runs", async () => {
    const { runSetupStepAction, previewAutomatedStepsAction } = await import("./actions");
    expect(await runSetupStepAction(null, { federation: "../default", step: "connect" })).toMatchObject({ ok: false, fieldErrors: { federation: ["unknown federation"] } });
    expect(await runSetupStepAction(null, { federation: SECOND, step: "connect" })).toMatchObject({ ok: false, formError: `There is no federation "${SECOND}". Reload the Setup page.` });
    expect(await previewAutomatedStepsAction(null, { federation: SECOND })).toMatchObject({ ok: false, formError: expect.stringContaining("There is no federation") });
    expect(await database.federation.count()).toBe(0);
    expect(await database.setupStep.count()).toBe(0);
  });

  it("add an app for another account (audited), run its steps under its name, and never change its mode", async () => {
    const { addLegacyFederationAction, chooseFederationModeAction, runSetupStepAction } = await import("./actions");
    expect(await addLegacyFederationAction(null, { accountId: "12" })).toMatchObject({ ok: false, fieldErrors: { accountId: ["an AWS account ID (12 digits)"] } });
    const added = await addLegacyFederationAction(null, { accountId: MEMBER, assumeRoleName: "" });
    expect(added).toMatchObject({ ok: true, data: { federationId: SECOND }, message: expect.stringContaining("instance #1") });
    const row = await database.auditEvent.findFirstOrThrow({ where: { action: "setup.federation.add", result: "success" } });
    expect(row.target).toBe(`federation:${SECOND}`);
    expect(JSON.parse(row.after ?? "null")).toMatchObject({ mode: "legacy-iam", accountId: MEMBER, assumeRoleName: "OrganizationAccountAccessRole", instance: 1 });

    expect(await runSetupStepAction(null, { federation: SECOND, step: "connect" })).toMatchObject({ ok: true });
    const runs = await database.auditEvent.findMany({ where: { action: "setup.step.run" }, orderBy: { seq: "asc" } });
    // The refused run of the first test (an intent, then its failure), then this one.
    expect(runs.map((r) => [r.target, r.result])).toEqual([
      [`setup:connect:${SECOND}`, "intent"],
      [`setup:connect:${SECOND}`, "failure"],
      [`setup:connect:${SECOND}`, "intent"],
      [`setup:connect:${SECOND}`, "success"],
    ]);
    expect(await database.setupStep.findMany({ select: { federationId: true, step: true, status: true } })).toEqual([{ federationId: SECOND, step: "connect", status: "done" }]);
    // A step of the other checklist is not one of this federation's.
    expect(await runSetupStepAction(null, { federation: SECOND, step: "enable-instance" })).toMatchObject({ ok: false });
    expect(await chooseFederationModeAction(null, { federation: SECOND, mode: "identity-center" })).toMatchObject({
      ok: false,
      formError: expect.stringContaining("its mode does not change"),
    });
    expect((await database.federation.findUniqueOrThrow({ where: { id: SECOND } })).mode).toBe("legacy-iam");
  }, 60_000);
});
