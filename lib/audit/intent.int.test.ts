import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createActionBuilder } from "../actions/define-action";
import { ActionError } from "../actions/result";
import { testDatabase, withAuditTriggersOff } from "../testing/database";
import { appendAuditEvent } from "./append";
import { listAuditEvents } from "./list";
import { takeCheckpointQuietly } from "./schedule";
import { verifyAuditChain } from "./verify";

const database = testDatabase();
afterAll(() => database.$disconnect());

beforeEach(async () => {
  await withAuditTriggersOff(database, async () => {
    await database.$executeRawUnsafe(`DELETE FROM "AuditEvent"`);
    await database.$executeRawUnsafe(`DELETE FROM "AuditCheckpoint"`);
  });
});

/** The actions' real pipeline, writing to the real chain; the "cloud" counts the calls it received. */
let cloudCalls = 0;
const cloud = async () => void (cloudCalls += 1);
const defineAction = createActionBuilder({
  getSession: async () => ({ userId: "u1", name: "Ada", email: "ada@example.test", role: "admin", tenantId: "t", sessionId: "s1" }),
  audit: (event) => appendAuditEvent(database, event),
  revalidate: () => undefined,
  logError: () => undefined,
});
const input = z.object({ name: z.string(), secret: z.string() });
const base = {
  permission: "setup.run" as const,
  input,
  secretsOf: (i: z.output<typeof input>) => [i.secret],
  auditTarget: (i: z.output<typeof input>) => `thing:${i.name}`,
  intent: (i: z.output<typeof input>) => ({ will: "rename the thing", name: i.name, secret: i.secret }),
};
const rows = () => database.auditEvent.findMany({ orderBy: { seq: "asc" } });

describe("audit rows of intent", () => {
  it("a change that dies after its cloud call leaves its intent, shown as having no outcome; the chain and checkpoints stay valid", async () => {
    const never = new Promise<never>(() => undefined);
    const action = defineAction({
      ...base,
      name: "test.rename",
      run: async () => {
        await cloud();
        return never; // the process is killed here: after the cloud call, before the outcome row
      },
    });
    cloudCalls = 0;
    void action(null, { name: "alpha", secret: "s3cret-value-xyz" });
    await expect.poll(() => cloudCalls).toBe(1);

    const [intent, ...rest] = await rows();
    expect(rest).toHaveLength(0);
    expect(intent).toMatchObject({ action: "test.rename", result: "intent", target: "thing:alpha", actor: "ada@example.test" });
    expect(intent?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(intent?.after ?? "null")).toMatchObject({ will: "rename the thing", name: "alpha" });
    expect(intent?.after).not.toContain("s3cret-value-xyz");

    const page = await listAuditEvents(database);
    expect(page.events[0]).toMatchObject({ result: "intent", outcomeMissing: true });
    await takeCheckpointQuietly(database);
    expect(await verifyAuditChain(database)).toMatchObject({ ok: true, checked: 1 });
  });

  it("the outcome row of a change carries its intent's correlation id, failed or not", async () => {
    const fails = defineAction({
      ...base,
      name: "test.fails",
      run: async () => {
        await cloud();
        throw new Error("the cloud answered 500");
      },
    });
    const refused = defineAction({
      ...base,
      name: "test.refused",
      run: async () => {
        throw new ActionError("refused", undefined, { audit: false });
      },
    });
    const works = defineAction({ ...base, name: "test.works", run: async () => ({ data: 1, audit: { before: { name: "old" }, after: { name: "new" } } }) });
    expect(await fails(null, { name: "a", secret: "x" })).toMatchObject({ ok: false });
    expect(await refused(null, { name: "b", secret: "x" })).toMatchObject({ ok: false });
    expect(await works(null, { name: "c", secret: "x" })).toMatchObject({ ok: true });

    const all = await rows();
    expect(all.map((r) => `${r.action}:${r.result}`)).toEqual([
      "test.fails:intent",
      "test.fails:failure",
      "test.refused:intent",
      "test.refused:failure",
      "test.works:intent",
      "test.works:success",
    ]);
    for (let i = 0; i < all.length; i += 2) {
      expect(all[i]?.correlationId).toBeTruthy();
      expect(all[i + 1]?.correlationId).toBe(all[i]?.correlationId);
    }
    expect(new Set(all.map((r) => r.correlationId)).size).toBe(3);
    expect(JSON.parse(all[5]?.before ?? "null")).toEqual({ name: "old" });
    const page = await listAuditEvents(database);
    expect(page.events.filter((e) => e.outcomeMissing)).toEqual([]);
    expect((await listAuditEvents(database, { filter: { result: "intent" } })).total).toBe(3);
    await takeCheckpointQuietly(database);
    expect(await verifyAuditChain(database)).toMatchObject({ ok: true, checked: 6 });
  });

  it("does not run the change when its intent cannot be written", async () => {
    const broken = createActionBuilder({
      getSession: async () => ({ userId: "u1", name: "Ada", email: "ada@example.test", role: "admin", tenantId: "t", sessionId: "s1" }),
      audit: async () => {
        throw new Error("database is locked");
      },
      revalidate: () => undefined,
      logError: () => undefined,
    });
    cloudCalls = 0;
    const action = broken({ ...base, name: "test.no-log", run: async () => ({ data: await cloud() }) });
    const result = await action(null, { name: "d", secret: "x" });
    expect(result).toMatchObject({ ok: false });
    expect(cloudCalls).toBe(0);
  });
});
