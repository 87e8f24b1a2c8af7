import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase, testProvider, withAuditTriggersOff } from "../testing/database";
import { appendAuditEvent, type AuditInput } from "./append";
import { listAuditEvents, type AuditFilter } from "./list";

const database = testDatabase();
afterAll(() => database.$disconnect());
const insensitive = testProvider() === "postgres";

const EVENTS: (AuditInput & { day: string })[] = [
  {
    day: "2026-01-01",
    actor: "alice@example.test",
    role: "admin",
    action: "setup.step.run",
    target: "step:gallery-app",
    result: "success",
    after: { status: "done" },
  },
  { day: "2026-01-02", actor: "bob@example.test", role: "helpdesk", action: "helpdesk.diagnose", target: "user:carol@example.test", result: "success" },
  {
    day: "2026-01-03",
    actor: "alice@example.test",
    role: "admin",
    action: "settings.connections.entra.update",
    target: "entra",
    result: "failure",
    error: "upstream refused the ReplyURL",
  },
  { day: "2026-01-04", actor: "dan@example.test", role: "auditor", action: "audit.verify", result: "success" },
  { day: "2026-01-05", actor: "anonymous", role: "none", action: "auth.sign-in", result: "failure", error: "state does not match" },
  {
    day: "2026-01-06",
    actor: "alice@example.test",
    role: "admin",
    action: "setup.step.run",
    target: "step:saml",
    result: "denied",
    after: { replyUrl: "https://signin.aws/saml" },
  },
];

const targets = async (filter: AuditFilter) =>
  (await listAuditEvents(database, { filter, insensitive, pageSize: 50 })).events.map((e) => e.action + "@" + e.at.toISOString().slice(0, 10));

beforeAll(async () => {
  await withAuditTriggersOff(database, () => database.$executeRawUnsafe(`DELETE FROM "AuditEvent"`));
  for (const { day, ...input } of EVENTS) {
    const row = await appendAuditEvent(database, input);
    await withAuditTriggersOff(database, () => database.auditEvent.update({ where: { seq: row.seq }, data: { at: new Date(`${day}T12:00:00Z`) } }));
  }
});

describe("audit filters", () => {
  it("narrows by each filter alone", async () => {
    expect(await targets({})).toHaveLength(6);
    expect(await targets({ from: "2026-01-05" })).toEqual(["setup.step.run@2026-01-06", "auth.sign-in@2026-01-05"]);
    expect(await targets({ to: "2026-01-01" })).toEqual(["setup.step.run@2026-01-01"]);
    expect(await targets({ actor: "alice@example.test" })).toHaveLength(3);
    expect(await targets({ role: "helpdesk" })).toEqual(["helpdesk.diagnose@2026-01-02"]);
    expect(await targets({ family: "setup" })).toEqual(["setup.step.run@2026-01-06", "setup.step.run@2026-01-01"]);
    expect(await targets({ family: "settings" })).toEqual(["settings.connections.entra.update@2026-01-03"]);
    expect(await targets({ target: "carol" })).toEqual(["helpdesk.diagnose@2026-01-02"]);
    expect(await targets({ result: "denied" })).toEqual(["setup.step.run@2026-01-06"]);
    expect(await targets({ q: "does not match" })).toEqual(["auth.sign-in@2026-01-05"]);
  });

  it("combines filters (all must hold) and searches text in any case", async () => {
    expect(await targets({ actor: "alice@example.test", family: "setup" })).toEqual(["setup.step.run@2026-01-06", "setup.step.run@2026-01-01"]);
    expect(await targets({ actor: "alice@example.test", result: "failure" })).toEqual(["settings.connections.entra.update@2026-01-03"]);
    expect(await targets({ from: "2026-01-02", to: "2026-01-04", role: "admin" })).toEqual(["settings.connections.entra.update@2026-01-03"]);
    expect(await targets({ q: "REPLYURL" })).toEqual(["setup.step.run@2026-01-06", "settings.connections.entra.update@2026-01-03"]);
    expect(await targets({ q: "replyurl", family: "setup" })).toEqual(["setup.step.run@2026-01-06"]);
    expect(await targets({ target: "step", from: "2026-01-02" })).toEqual(["setup.step.run@2026-01-06"]);
    expect(await targets({ actor: "bob@example.test", family: "setup" })).toEqual([]);
    const page = await listAuditEvents(database, { filter: { actor: "alice@example.test" }, insensitive, pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.older).toBeDefined();
  });

  it("keeps pages stable while events are appended concurrently: no repeat, no gap", async () => {
    const filter = { actor: "pager@example.test" };
    const input = (n: number): AuditInput => ({ actor: "pager@example.test", role: "admin", action: "test.page", target: `p${n}`, result: "success" });
    for (let n = 0; n < 10; n++) await appendAuditEvent(database, input(n));
    const seen: string[] = [];
    let page = await listAuditEvents(database, { filter, pageSize: 4 });
    seen.push(...page.events.map((e) => e.target ?? ""));
    let burst = 100;
    while (page.older !== undefined) {
      const inserts = Array.from({ length: 5 }, () => appendAuditEvent(database, input(burst++)));
      [page] = await Promise.all([listAuditEvents(database, { filter, pageSize: 4, cursor: { before: page.older } }), ...inserts]);
      seen.push(...page.events.map((e) => e.target ?? ""));
    }
    expect(seen).toEqual(["p9", "p8", "p7", "p6", "p5", "p4", "p3", "p2", "p1", "p0"]);
  });
});
