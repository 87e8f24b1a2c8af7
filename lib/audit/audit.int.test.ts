import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabase, withAuditTriggersOff } from "../testing/database";
import { appendAuditEvent, type AuditInput } from "./append";
import { listAuditEvents } from "./list";
import { verifyAuditChain } from "./verify";

const database = testDatabase();
afterAll(() => database.$disconnect());

const event = (n: number): AuditInput => ({ actor: `user${n}@example.test`, role: "admin", action: "test.event", target: `t${n}`, after: { n }, result: "success" });

async function seed(count: number) {
  for (let n = 0; n < count; n++) await appendAuditEvent(database, event(n));
  return database.auditEvent.findMany({ orderBy: { seq: "asc" } });
}

beforeEach(async () => {
  await withAuditTriggersOff(database, async () => {
    await database.$executeRawUnsafe(`DELETE FROM "AuditEvent"`);
    await database.$executeRawUnsafe(`DELETE FROM "AuditCheckpoint"`);
  });
});

describe("audit chain", () => {
  it("chains concurrent appends without forking and verifies them", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, n) => appendAuditEvent(database, event(n))));
    const rows = await database.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(12);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditChain(database)).toMatchObject({ ok: true, checked: 12 });
  });

  it("refuses UPDATE and DELETE at the database", async () => {
    const [first] = await seed(2);
    await expect(database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actor" = 'mallory' WHERE "seq" = ${first?.seq}`)).rejects.toThrow(/append-only/);
    await expect(database.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = ${first?.seq}`)).rejects.toThrow(/append-only/);
    await expect(database.auditEvent.update({ where: { seq: first?.seq }, data: { result: "failure" } })).rejects.toThrow();
    await expect(database.auditEvent.deleteMany({})).rejects.toThrow();
    expect(await database.auditEvent.count()).toBe(2);
    expect((await database.auditEvent.findUnique({ where: { seq: first?.seq } }))?.actor).toBe(first?.actor);
  });

  it("detects an edited event", async () => {
    const rows = await seed(5);
    const victim = rows[2];
    await withAuditTriggersOff(database, () => database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "result" = 'failure' WHERE "seq" = ${victim?.seq}`));
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, checked: 2, problem: { kind: "edited", seq: victim?.seq } });
  });

  it("detects an edit that also recomputes the row's own hash (the next link breaks)", async () => {
    const rows = await seed(4);
    const victim = rows[1];
    await withAuditTriggersOff(database, () => database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "hash" = '${"f".repeat(64)}' WHERE "seq" = ${victim?.seq}`));
    const report = await verifyAuditChain(database);
    expect(report.ok).toBe(false);
    expect(report.problem?.seq).toBe(victim?.seq);
  });

  it("detects a removed event", async () => {
    const rows = await seed(5);
    await withAuditTriggersOff(database, () => database.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = ${rows[2]?.seq}`));
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, checked: 2, problem: { kind: "broken-link", seq: rows[3]?.seq } });
  });

  it("detects removal of the first event", async () => {
    const rows = await seed(3);
    await withAuditTriggersOff(database, () => database.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = ${rows[0]?.seq}`));
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, checked: 0, problem: { kind: "broken-link" } });
  });

  it("detects reordered events", async () => {
    const rows = await seed(5);
    const [a, b] = [rows[1]?.seq ?? 0, rows[3]?.seq ?? 0];
    await withAuditTriggersOff(database, async () => {
      await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = -1 WHERE "seq" = ${a}`);
      await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = ${a} WHERE "seq" = ${b}`);
      await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = ${b} WHERE "seq" = -1`);
    });
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, checked: 1, problem: { kind: "broken-link", seq: a } });
  });

  it("pages newest first with a keyset cursor, both ways", async () => {
    await seed(7);
    const first = await listAuditEvents(database, { pageSize: 3 });
    expect(first.total).toBe(7);
    expect(first.events.map((e) => e.target)).toEqual(["t6", "t5", "t4"]);
    expect(first.newer).toBeUndefined();
    const second = await listAuditEvents(database, { pageSize: 3, cursor: { before: first.older } });
    expect(second.events.map((e) => e.target)).toEqual(["t3", "t2", "t1"]);
    const last = await listAuditEvents(database, { pageSize: 3, cursor: { before: second.older } });
    expect(last.events.map((e) => e.target)).toEqual(["t0"]);
    expect(last.older).toBeUndefined();
    const back = await listAuditEvents(database, { pageSize: 3, cursor: { after: last.newer } });
    expect(back.events.map((e) => e.target)).toEqual(["t3", "t2", "t1"]);
    const top = await listAuditEvents(database, { pageSize: 3, cursor: { after: back.newer } });
    expect(top.events.map((e) => e.target)).toEqual(["t6", "t5", "t4"]);
    expect(top.newer).toBeUndefined();
  });
});
