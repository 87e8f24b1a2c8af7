import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAwsModule } from "@/sandbox/aws";
import { startSandbox, type SandboxServer } from "@/sandbox/core/server";
import { createEntraModule } from "@/sandbox/entra";
import { testDatabase, withAuditTriggersOff } from "@/lib/testing/database";

// A setup step's audit row carries the step as it was before the run, beside what the run left.

vi.mock("@/lib/auth/session", () => ({
  getSession: async () => ({ userId: "u", name: "Ada Admin", email: "ada@example.test", role: "admin", tenantId: "t" }),
}));
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
    const rows = await database.auditEvent.findMany({ where: { action: "setup.step.run", target: "setup:connect" }, orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(2);
    const [one, two] = rows.map((r) => ({
      before: JSON.parse(r.before ?? "null") as unknown,
      after: JSON.parse(r.after ?? "null") as { status: string; evidence: unknown },
    }));
    expect(one?.before).toMatchObject({ status: "not-started", evidence: null });
    expect(one?.after.status).toBe("done");
    expect(two?.before).toEqual(one?.after);
  });
});
