import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsModule } from "../../sandbox/aws";
import { startSandbox, type SandboxServer } from "../../sandbox/core/server";
import { createEntraModule } from "../../sandbox/entra";
import { appendAuditEvent } from "../audit/append";
import { listAuditEvents } from "../audit/list";
import { recordRequestId, requestIdsInScope, withRequestScope } from "../request-context";
import { runSetupStep } from "../setup/run-step";
import { loadChecklist } from "../setup/store";
import { testDatabase } from "../testing/database";
import { CorruptColumnError } from "./json-column";
import { loadFederation } from "./record";

// Request ids through the real gateways and the database: a step run inside an action's scope records its own
// ids on the step, and the action's audit row carries them too. A row its codec refuses names its column.
const database = testDatabase();
let server: SandboxServer;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  server = await startSandbox({ port: 0, modules: [createAwsModule(), createEntraModule()] });
  process.env.SANDBOX_URL = server.url;
  process.env.IB_MODE = "sandbox";
  await fetch(`${server.url}/_sandbox/reset`, { method: "POST" });
}, 60_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

beforeEach(async () => {
  await database.federation.deleteMany({});
});

describe("request ids end to end", () => {
  it("a step run inside an action records its ids on the step, and the action's audit row gets them too", async () => {
    const actor = { email: "admin@contoso-sandbox.example", name: "Admin" };
    const { result, actionIds } = await withRequestScope(
      async () => {
        const before = "outer-request";
        // An id the action itself recorded before the step: it belongs to the audit row, not to the step.
        recordRequestId(before);
        // A run (a check only keeps a last check, not the step's record): connect has nothing to run, so it is checked and recorded.
        const result = await runSetupStep(database, "connect", "run", undefined, actor, "ctx-it");
        await appendAuditEvent(database, { actor: actor.email, role: "admin", action: "setup.step.verify", target: "setup:connect", result: "success" });
        return { result, actionIds: requestIdsInScope() };
      },
      { actor },
    );
    expect(result.ok).toBe(true);
    const step = (await loadChecklist(database, "ctx-it")).steps.find((s) => s.id === "connect");
    // Both clouds were asked: at least one Graph and one AWS request.
    expect(step?.state.requestIds.length).toBeGreaterThanOrEqual(2);
    expect(step?.state.requestIds).not.toContain("outer-request");
    expect(actionIds).toEqual(["outer-request", ...(step?.state.requestIds ?? [])]);
    const [row] = (await listAuditEvents(database, { pageSize: 1 })).events;
    expect(row).toMatchObject({ action: "setup.step.verify" });
    expect(row?.requestIds).toEqual(actionIds);
  });

  it("a failed step keeps the failing request's id in its message and in its record", async () => {
    // connect is enable-instance's prerequisite: done before the fault, then a run of enable-instance records its failure.
    expect(await runSetupStep(database, "connect", "run", undefined, { email: "a@x", name: "A" }, "ctx-fail")).toMatchObject({ ok: true });
    await fetch(`${server.url}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pathPrefix: "/aws", match: "ListInstances", status: 500, times: 20 }),
    });
    try {
      const result = await runSetupStep(database, "enable-instance", "run", undefined, { email: "a@x", name: "A" }, "ctx-fail");
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ problem: { source: "aws", transient: true, owner: "wait-and-retry" } });
      const step = (await loadChecklist(database, "ctx-fail")).steps.find((s) => s.id === "enable-instance");
      const id = /\(AWS request ([^)]+)\)/.exec(result.message)?.[1];
      expect(id).toBeTruthy();
      expect(step?.state.requestIds).toContain(id);
    } finally {
      await fetch(`${server.url}/_sandbox/faults`, { method: "DELETE" });
    }
  });
});

describe("federation rows behind codecs", () => {
  it("facts that cannot be read fail with the column's name, not deep inside a page", async () => {
    await database.federation.create({ data: { id: "ctx-corrupt", mode: "identity-center", facts: '{"instance":{"instanceArn":42}}' } });
    await expect(loadChecklist(database, "ctx-corrupt")).rejects.toThrow(CorruptColumnError);
    await expect(loadFederation(database, "ctx-corrupt")).rejects.toThrow(/Federation\.facts.*instance\.instanceArn/);
  });

  it("loads the federation record with its mode and parsed facts", async () => {
    await database.federation.create({ data: { id: "ctx-ok", mode: "identity-center", facts: '{"job":{"jobId":"aws.1"}}' } });
    expect(await loadFederation(database, "ctx-ok")).toMatchObject({ id: "ctx-ok", mode: "identity-center", facts: { job: { jobId: "aws.1" } }, hasScimToken: false });
    expect(await loadFederation(database, "nobody")).toBeNull();
  });
});
