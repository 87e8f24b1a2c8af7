import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabase, withAuditTriggersOff } from "../testing/database";
import { appendAuditEvent, type AuditInput } from "./append";
import { GENESIS_HASH, hashEvent } from "./chain";
import { signCheckpoint, takeCheckpoint } from "./checkpoint";
import { lastVerification, runIntegrityCheck } from "./integrity";
import { auditKeys } from "./keys";
import { verifyAuditChain } from "./verify";

// The attacker here can write to the database (triggers off, hashes recomputed) but does not hold
// IB_AUDIT_KEYS: every change to history up to a signed checkpoint must still show.

const database = testDatabase();
afterAll(() => database.$disconnect());

const event = (n: number): AuditInput => ({
  actor: `user${n}@example.test`,
  role: "admin",
  action: "test.event",
  target: `t${n}`,
  after: { n },
  result: "success",
});

async function seed(count: number) {
  for (let n = 0; n < count; n++) await appendAuditEvent(database, event(n));
  return database.auditEvent.findMany({ orderBy: { seq: "asc" } });
}

/** Recomputes every prevHash and hash in seq order, as an attacker covering an edit would. */
async function rechain() {
  const rows = await database.auditEvent.findMany({ orderBy: { seq: "asc" } });
  let previous = GENESIS_HASH;
  // Park every hash on a unique placeholder first so the unique indexes never see two rows share one.
  for (const row of rows)
    await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "prevHash" = 'p${row.seq}', "hash" = 'h${row.seq}' WHERE "seq" = ${row.seq}`);
  for (const row of rows) {
    const hash = hashEvent({ ...row, prevHash: previous });
    await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "prevHash" = '${previous}', "hash" = '${hash}' WHERE "seq" = ${row.seq}`);
    previous = hash;
  }
}

beforeEach(async () => {
  await withAuditTriggersOff(database, async () => {
    await database.$executeRawUnsafe(`DELETE FROM "AuditEvent"`);
    await database.$executeRawUnsafe(`DELETE FROM "AuditCheckpoint"`);
  });
});

describe("audit appends", () => {
  it("serializes 200 concurrent appends: none lost, one unbroken chain", async () => {
    await Promise.all(Array.from({ length: 200 }, (_, n) => appendAuditEvent(database, event(n))));
    const rows = await database.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.target)).size).toBe(200);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    await takeCheckpoint(database);
    expect(await verifyAuditChain(database)).toMatchObject({ ok: true, checked: 200 });
  }, 120_000);
});

describe("audit checkpoints", () => {
  it("verifies an untouched chain against its checkpoints, and a checkpoint of an empty log", async () => {
    await takeCheckpoint(database);
    await seed(4);
    const signed = await takeCheckpoint(database);
    expect(signed).toMatchObject({ count: 4, keyVersion: auditKeys()[0]?.version });
    const report = await verifyAuditChain(database);
    expect(report).toMatchObject({ ok: true, checked: 4, lastCheckpoint: { seq: signed.seq, count: 4 } });
    expect(report.checkpoints).toBeGreaterThanOrEqual(2);
  });

  it("detects an edit whose later hashes were recomputed", async () => {
    const rows = await seed(5);
    await takeCheckpoint(database);
    await withAuditTriggersOff(database, async () => {
      await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actor" = 'mallory@example.test' WHERE "seq" = ${rows[1]?.seq}`);
      await rechain();
    });
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, problem: { kind: "checkpoint-mismatch", detail: expect.stringMatching(/rewritten/) } });
  });

  it("detects a removed middle event whose successors were relinked", async () => {
    const rows = await seed(5);
    await takeCheckpoint(database);
    await withAuditTriggersOff(database, async () => {
      await database.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = ${rows[2]?.seq}`);
      await rechain();
    });
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, problem: { kind: "checkpoint-mismatch" } });
  });

  it("detects a truncated tail, which the chain alone cannot", async () => {
    const rows = await seed(5);
    await takeCheckpoint(database);
    await withAuditTriggersOff(database, () => database.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" >= ${rows[3]?.seq}`));
    const report = await verifyAuditChain(database);
    expect(report).toMatchObject({
      ok: false,
      checked: 3,
      problem: { kind: "checkpoint-mismatch", seq: rows[4]?.seq, detail: expect.stringMatching(/truncated/) },
    });
  });

  it("detects reordered events whose hashes were recomputed", async () => {
    const rows = await seed(5);
    await takeCheckpoint(database);
    const [a, b] = [rows[1]?.seq ?? 0, rows[3]?.seq ?? 0];
    await withAuditTriggersOff(database, async () => {
      await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = -1 WHERE "seq" = ${a}`);
      await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = ${a} WHERE "seq" = ${b}`);
      await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = ${b} WHERE "seq" = -1`);
      await rechain();
    });
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, problem: { kind: "checkpoint-mismatch", detail: expect.stringMatching(/rewritten/) } });
  });

  it("detects an inserted event with the chain recomputed around it", async () => {
    const rows = await seed(5);
    await takeCheckpoint(database);
    const [second, third] = [rows[1]?.seq ?? 0, rows[2]?.seq ?? 0];
    await withAuditTriggersOff(database, async () => {
      // Make room between the second and third event, then slip a forged one in.
      for (const row of [...rows].reverse().filter((r) => r.seq >= third))
        await database.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = ${row.seq + 1000} WHERE "seq" = ${row.seq}`);
      await database.auditEvent.create({
        data: { ...rows[1]!, seq: second + 1, id: "forged", actor: "mallory@example.test", prevHash: "x", hash: "y" },
      });
      await rechain();
    });
    const report = await verifyAuditChain(database);
    expect(report).toMatchObject({ ok: false, problem: { kind: "checkpoint-mismatch" } });
  });

  it("refuses a forged checkpoint and one signed with a key that is not configured", async () => {
    await seed(3);
    await takeCheckpoint(database);
    const latest = await database.auditCheckpoint.findFirstOrThrow({ orderBy: { id: "desc" } });
    await withAuditTriggersOff(database, () => database.auditCheckpoint.update({ where: { id: latest.id }, data: { count: 2 } }));
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, problem: { kind: "checkpoint-invalid", detail: expect.stringMatching(/signature/) } });

    await withAuditTriggersOff(database, () => database.auditCheckpoint.deleteMany({}));
    const stranger = signCheckpoint({ seq: 0, headHash: GENESIS_HASH, count: 0, at: new Date() }, [{ version: 99, key: randomBytes(32) }]);
    await database.auditCheckpoint.create({ data: stranger });
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, problem: { kind: "checkpoint-invalid", detail: expect.stringMatching(/version 99/) } });
  });

  it("keeps verifying older checkpoints after the key is rotated", async () => {
    await seed(2);
    await takeCheckpoint(database);
    const rotated = [{ version: 1000, key: randomBytes(32) }, ...auditKeys()];
    await appendAuditEvent(database, event(9));
    const signed = await takeCheckpoint(database, rotated);
    expect(signed.keyVersion).toBe(1000);
    expect(await verifyAuditChain(database, rotated)).toMatchObject({ ok: true, checked: 3, lastCheckpoint: { keyVersion: 1000 } });
    // Without the new key, the new checkpoint cannot be trusted.
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, problem: { kind: "checkpoint-invalid" } });
  });
});

describe("checkpoint table", () => {
  it("refuses UPDATE and DELETE of a signed checkpoint (append-only triggers)", async () => {
    await takeCheckpoint(database);
    const row = await database.auditCheckpoint.findFirstOrThrow();
    await expect(database.auditCheckpoint.update({ where: { id: row.id }, data: { count: 7 } })).rejects.toThrow(/append-only/);
    await expect(database.auditCheckpoint.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(database.$executeRawUnsafe(`DELETE FROM "AuditCheckpoint"`)).rejects.toThrow(/append-only/);
    expect(await database.auditCheckpoint.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });
});

describe("integrity check", () => {
  it("signs a checkpoint after a clean verification, and the stored result reads back from the log", async () => {
    await seed(3);
    const report = await runIntegrityCheck(database);
    expect(report).toMatchObject({ ok: true, checked: 3 });
    const latest = await database.auditCheckpoint.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(latest.seq).toBe(report.newCheckpointSeq);
    await appendAuditEvent(database, { actor: "dan@example.test", role: "auditor", action: "audit.verify", result: "success", after: report });
    expect(await lastVerification(database)).toMatchObject({ ok: true, checked: 3, by: "dan@example.test", newCheckpointSeq: latest.seq });
  });
});
