import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabase } from "../testing/database";
import { hourOf, listSearchTallies, recordRefusedSearch, recordSearch } from "./search-tally";

// Helpdesk searches are not one audit row per keystroke, but they leave a trace: per user, action and UTC hour,
// counted with upserts (concurrent first searches of an hour included), readable by the audit page.
const database = testDatabase();
afterAll(() => database.$disconnect());
beforeEach(async () => {
  await database.searchTallyQuery.deleteMany({});
  await database.searchTally.deleteMany({});
});

const HD = { actor: "hd@example.test", role: "helpdesk", action: "helpdesk.users.search" };
const at = (iso: string) => new Date(iso);

describe("search tallies", () => {
  it("counts a user's searches per hour: searches, distinct queries, entries shown, deepest page", async () => {
    const typed = ["ja", "jan", "jane", "Jane ", "  JANE"];
    for (const [i, query] of typed.entries()) await recordSearch(database, { ...HD, query, page: 1, results: 8, at: at(`2026-03-01T10:0${i}:00Z`) });
    await recordSearch(database, { ...HD, query: "jane", page: 2, results: 8, at: at("2026-03-01T10:06:00Z") });
    await recordSearch(database, { ...HD, query: "jane", page: 3, results: 3, at: at("2026-03-01T10:07:00Z") });
    // The next hour is a row of its own.
    await recordSearch(database, { ...HD, query: "bob", page: 1, results: 1, at: at("2026-03-01T11:00:00Z") });

    const rows = await listSearchTallies(database, { actor: HD.actor });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ hour: at("2026-03-01T11:00:00Z"), searches: 1, distinctQueries: 1, results: 1, deepestPage: 1, queries: ["bob"] });
    expect(rows[1]).toMatchObject({
      ...HD,
      hour: at("2026-03-01T10:00:00Z"),
      searches: 7,
      refused: 0,
      distinctQueries: 3,
      results: 5 * 8 + 8 + 3,
      deepestPage: 3,
      firstAt: at("2026-03-01T10:00:00Z"),
      lastAt: at("2026-03-01T10:07:00Z"),
      queries: ["ja", "jan", "jane"],
    });
  });

  it("concurrent first searches of an hour end in one row with every search counted", async () => {
    const when = at("2026-03-02T09:30:00Z");
    await Promise.all(Array.from({ length: 12 }, (_, i) => recordSearch(database, { ...HD, query: i % 2 ? "alice" : "bob", page: 1, results: 2, at: when })));
    const rows = await database.searchTally.findMany({ where: { actor: HD.actor } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ searches: 12, distinctQueries: 2, results: 24, hour: hourOf(when) });
  });

  it("counts refusals, and says which one is the first of the hour", async () => {
    expect(await recordRefusedSearch(database, { ...HD, at: at("2026-03-03T08:10:00Z") })).toEqual({ firstThisHour: true });
    expect(await recordRefusedSearch(database, { ...HD, at: at("2026-03-03T08:11:00Z") })).toEqual({ firstThisHour: false });
    expect(await recordRefusedSearch(database, { ...HD, at: at("2026-03-03T09:00:00Z") })).toEqual({ firstThisHour: true });
    const rows = await listSearchTallies(database, { from: "2026-03-03", to: "2026-03-03" });
    expect(rows.map((r) => [r.hour.toISOString(), r.refused, r.searches])).toEqual([
      ["2026-03-03T09:00:00.000Z", 1, 0],
      ["2026-03-03T08:00:00.000Z", 2, 0],
    ]);
  });

  it("filters by actor and by UTC days, newest hour first", async () => {
    await recordSearch(database, { ...HD, query: "x1", page: 1, results: 0, at: at("2026-03-04T23:59:00Z") });
    await recordSearch(database, { ...HD, actor: "other@example.test", query: "x2", page: 1, results: 0, at: at("2026-03-05T00:00:00Z") });
    await recordSearch(database, { ...HD, query: "x3", page: 1, results: 0, at: at("2026-03-06T12:00:00Z") });
    expect((await listSearchTallies(database, { from: "2026-03-05", to: "2026-03-05" })).map((r) => r.actor)).toEqual(["other@example.test"]);
    expect((await listSearchTallies(database, { to: "2026-03-05" })).map((r) => r.queries[0])).toEqual(["x2", "x1"]);
    expect((await listSearchTallies(database, { actor: HD.actor })).map((r) => r.queries[0])).toEqual(["x3", "x1"]);
  });
});
