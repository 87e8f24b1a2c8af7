import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase, testProvider } from "../testing/database";
import { listLogEntries, logUserKey, type LogKey } from "./status";

// The status page's log pages by key and filters by user through an index, on each database provider. Rows share
// timestamps on purpose: ties are where a key that leaves out the id loses or repeats rows.
const database = testDatabase();
const FEDERATION = "log-keyset";
const T0 = Date.parse("2026-11-01T00:00:00Z");

const row = (n: number) => {
  const upn = `user${String(n).padStart(3, "0")}@contoso.example`;
  return {
    id: `entry-${String(n).padStart(4, "0")}`,
    federationId: FEDERATION,
    // Three rows per second.
    activityDateTime: new Date(T0 + Math.floor(n / 3) * 1000),
    action: n % 2 ? "update" : "create",
    status: n % 5 ? "success" : "failure",
    sourceName: `User ${n}`,
    targetName: n === 7 ? "MiXeD.Case@Contoso.Example" : upn,
    searchText: "",
    userKey: logUserKey(n === 7 ? "MiXeD.Case@Contoso.Example" : upn, `User ${n}`),
    details: "{}",
  };
};

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe(`provisioning log paging and user filter (${testProvider()})`, () => {
  beforeAll(async () => {
    await database.provisioningLogEntry.deleteMany({ where: { federationId: FEDERATION } });
    await database.federation.upsert({ where: { id: FEDERATION }, create: { id: FEDERATION, mode: "identity-center", facts: "{}" }, update: {} });
    await database.provisioningLogEntry.createMany({ data: Array.from({ length: 100 }, (_, n) => row(n)) });
  });
  afterAll(async () => {
    await database.provisioningLogEntry.deleteMany({ where: { federationId: FEDERATION } });
    await database.$disconnect();
  });

  // Newest first, then the higher id: what every page must agree on.
  const expected = Array.from({ length: 100 }, (_, n) => row(n))
    .sort((a, b) => b.activityDateTime.getTime() - a.activityDateTime.getTime() || (a.id < b.id ? 1 : -1))
    .map((r) => r.id);

  it("walks every row exactly once forward (Older) and back (Newer from the oldest page), across timestamp ties", async () => {
    const forward: string[] = [];
    let after: LogKey | null = null;
    for (let i = 0; i < 20; i++) {
      const page = await listLogEntries(database, FEDERATION, { pageSize: 7, ...(after ? { cursor: { after } } : {}) });
      expect(page.total).toBe(100);
      forward.push(...ids(page.rows));
      after = page.older;
      if (!after) break;
    }
    expect(forward).toEqual(expected);

    const back: string[][] = [];
    let page = await listLogEntries(database, FEDERATION, { pageSize: 7, cursor: { last: true } });
    expect(page.older).toBeNull();
    expect(ids(page.rows)).toEqual(expected.slice(-7));
    back.push(ids(page.rows));
    for (let i = 0; i < 20 && page.newer; i++) {
      page = await listLogEntries(database, FEDERATION, { pageSize: 7, cursor: { before: page.newer } });
      back.unshift(ids(page.rows));
    }
    expect(back.flat()).toEqual(expected);
  });

  it("keeps a page's place when newer rows are copied meanwhile (no OFFSET to shift)", async () => {
    const first = await listLogEntries(database, FEDERATION, { pageSize: 10 });
    const second = await listLogEntries(database, FEDERATION, { pageSize: 10, cursor: { after: first.older! } });
    await database.provisioningLogEntry.createMany({ data: [{ ...row(500), id: "entry-late", activityDateTime: new Date(T0 + 3_600_000) }] });
    try {
      const again = await listLogEntries(database, FEDERATION, { pageSize: 10, cursor: { after: first.older! } });
      expect(ids(again.rows)).toEqual(ids(second.rows));
      expect(again.total).toBe(101);
    } finally {
      await database.provisioningLogEntry.delete({ where: { id: "entry-late" } });
    }
  });

  it("counts up to a cap and says when there are more", async () => {
    expect(await listLogEntries(database, FEDERATION, { pageSize: 5 })).toMatchObject({ total: 100, more: false });
    expect(await listLogEntries(database, FEDERATION, { pageSize: 5, countCap: 30 })).toMatchObject({ total: 30, more: true });
    expect(await listLogEntries(database, FEDERATION, { pageSize: 5, countCap: 100 })).toMatchObject({ total: 100, more: false });
  });

  it("filters by user: exact UPN or its beginning, any case, never a match in the middle", async () => {
    const exact = await listLogEntries(database, FEDERATION, { user: "USER042@contoso.example" });
    expect(ids(exact.rows)).toEqual(["entry-0042"]);
    expect(exact.total).toBe(1);
    const prefix = await listLogEntries(database, FEDERATION, { user: "user04" });
    expect(ids(prefix.rows).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `entry-00${40 + i}`));
    expect(prefix.total).toBe(10);
    expect(ids((await listLogEntries(database, FEDERATION, { user: "  mixed.CASE@" })).rows)).toEqual(["entry-0007"]);
    // A substring that is not the beginning matches nothing.
    expect((await listLogEntries(database, FEDERATION, { user: "contoso" })).total).toBe(0);
    // Combined with the result filter, and paged by key inside the filter.
    const failures = await listLogEntries(database, FEDERATION, { user: "user0", result: "failure", pageSize: 3 });
    expect(failures.total).toBe(20);
    expect(failures.rows.every((r) => r.status === "failure" && r.target?.startsWith("user0"))).toBe(true);
    const next = await listLogEntries(database, FEDERATION, { user: "user0", result: "failure", pageSize: 3, cursor: { after: failures.older! } });
    expect(ids(next.rows).some((id) => ids(failures.rows).includes(id))).toBe(false);
  });

  it("uses an index for the user filter and the oldest page (no full scan)", async () => {
    if (testProvider() === "postgres") {
      await database.$executeRawUnsafe('ANALYZE "ProvisioningLogEntry"');
      await database.$executeRawUnsafe("SET enable_seqscan = off");
      const plan = await database.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN SELECT "id" FROM "ProvisioningLogEntry" WHERE "federationId" = $1 AND "userKey" >= $2 AND "userKey" < $3 ORDER BY "activityDateTime" DESC LIMIT 26`,
        FEDERATION,
        "user04",
        `user04${String.fromCodePoint(0x10ffff)}`,
      );
      await database.$executeRawUnsafe("SET enable_seqscan = on");
      expect(plan.map((p) => p["QUERY PLAN"]).join("\n")).toMatch(/ProvisioningLogEntry_federationId_userKey/);
      return;
    }
    const plan = await database.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN SELECT "id" FROM "ProvisioningLogEntry" WHERE "federationId" = ? AND "userKey" >= ? AND "userKey" < ? ORDER BY "activityDateTime" DESC LIMIT 26`,
      FEDERATION,
      "user04",
      `user04${String.fromCodePoint(0x10ffff)}`,
    );
    expect(plan.map((p) => p.detail).join("\n")).toMatch(/USING (COVERING )?INDEX ProvisioningLogEntry_federationId_userKey/);
  });
});
