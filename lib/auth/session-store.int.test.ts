import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { AuditInput } from "../audit/append";
import { testDatabase } from "../testing/database";
import type { CurrentRole } from "./role-check";
import type { SessionBinding, SessionData } from "./session-seal";
import {
  ACTIVITY_WRITE_EVERY_MS,
  checkSessionRow,
  countsAsActivity,
  createSessionRow,
  endSession,
  endSessionsOfUser,
  newSessionId,
  recordActivity,
  ROLE_RECHECK_RETRY_MS,
  type SessionPolicy,
} from "./session-store";

const database = testDatabase();
afterAll(() => database.$disconnect());

const binding: SessionBinding = { mode: "sandbox", tenantId: "tenant-a", clientId: "client-a" };
const policy: SessionPolicy = { idleMs: 30 * 60_000, roleCheckMs: 5 * 60_000 };
const t0 = Date.UTC(2026, 10, 30, 8);

let graph: CurrentRole | Error;
let graphCalls = 0;
const audits: AuditInput[] = [];
const deps = {
  readCurrentRole: async () => {
    graphCalls++;
    if (graph instanceof Error) throw graph;
    return graph;
  },
  audit: async (event: AuditInput) => audits.push(event),
  log: () => undefined,
};

beforeEach(() => {
  graph = { role: "admin", appRoles: ["Portal.Admin"], accountEnabled: true };
  graphCalls = 0;
  audits.length = 0;
});

async function newSession(overrides: Partial<SessionData> = {}): Promise<SessionData> {
  const data: SessionData = {
    v: 2,
    sid: newSessionId(),
    oid: randomUUID(),
    tid: binding.tenantId,
    name: "Ada",
    email: "ada@example.test",
    role: "admin",
    appRoles: ["Portal.Admin"],
    createdAt: t0,
    lastSeenAt: t0,
    ...overrides,
  };
  await createSessionRow(database, data, binding, policy);
  return data;
}

const at = (ms: number) => new Date(t0 + ms);
const check = (data: SessionData, ms: number, activity = false, b = binding) => checkSessionRow(database, data, b, { now: at(ms), activity, policy, deps });

describe("server-side sessions", () => {
  it("a session ended by sign-out stays ended: the same cookie replayed later is refused", async () => {
    const data = await newSession();
    expect(await check(data, 1_000)).toBe(true);
    expect(await endSession(database, data.sid, "signed-out", data.email, at(2_000))).toBe(true);
    expect(await check(data, 3_000)).toBe(false);
    const row = await database.portalSession.findUniqueOrThrow({ where: { id: data.sid } });
    expect(row).toMatchObject({ endReason: "signed-out", endedBy: "ada@example.test" });
  });

  it("refuses a session row made for another deployment or another user", async () => {
    const data = await newSession();
    expect(await check(data, 1_000, false, { ...binding, mode: "live" })).toBe(false);
    expect(await check(data, 1_000, false, { ...binding, clientId: "client-b" })).toBe(false);
    expect(await check({ ...data, oid: "someone-else" }, 1_000)).toBe(false);
    expect(await check({ ...data, sid: newSessionId() }, 1_000)).toBe(false);
  });

  it("an admin ends every session of one user and no one else's", async () => {
    const a1 = await newSession();
    const a2 = await newSession({ oid: a1.oid });
    const other = await newSession();
    expect(await endSessionsOfUser(database, a1.oid, "ended-by-admin", "admin@example.test", at(1_000))).toBe(2);
    expect(await check(a1, 2_000)).toBe(false);
    expect(await check(a2, 2_000)).toBe(false);
    expect(await check(other, 2_000)).toBe(true);
  });

  it("re-reads the role from Graph once the check is due, and ends the session when the role is gone", async () => {
    const data = await newSession();
    expect(await check(data, policy.roleCheckMs - 1)).toBe(true);
    expect(graphCalls).toBe(0);
    expect(await check(data, policy.roleCheckMs + 1)).toBe(true);
    expect(graphCalls).toBe(1);
    // checked: not again until the next interval
    expect(await check(data, policy.roleCheckMs + 60_000)).toBe(true);
    expect(graphCalls).toBe(1);
    graph = { role: null, appRoles: [], accountEnabled: true };
    expect(await check(data, 2 * policy.roleCheckMs + 2)).toBe(false);
    expect(audits).toEqual([expect.objectContaining({ action: "auth.session-ended", actor: "ada@example.test", target: data.oid, after: expect.objectContaining({ role: null }) })]);
    expect((await database.portalSession.findUniqueOrThrow({ where: { id: data.sid } })).endReason).toBe("role-removed");
  });

  it("ends the session when the role changed (the user signs in again for the new one)", async () => {
    const data = await newSession();
    graph = { role: "auditor", appRoles: ["Portal.Auditor"], accountEnabled: true };
    expect(await check(data, policy.roleCheckMs + 1)).toBe(false);
    expect((await database.portalSession.findUniqueOrThrow({ where: { id: data.sid } })).endReason).toBe("role-changed");
  });

  it("keeps the session while Graph is briefly unreachable, retries soon, and fails closed after three intervals", async () => {
    const data = await newSession();
    graph = new Error("Graph unreachable");
    expect(await check(data, policy.roleCheckMs + 1, true)).toBe(true);
    expect(await check(data, policy.roleCheckMs + 2, true)).toBe(true);
    expect(graphCalls).toBe(1);
    expect(await check(data, policy.roleCheckMs + ROLE_RECHECK_RETRY_MS + 2, true)).toBe(true);
    expect(graphCalls).toBe(2);
    expect(await check(data, 3 * policy.roleCheckMs + 1_000, true)).toBe(false);
    expect((await database.portalSession.findUniqueOrThrow({ where: { id: data.sid } })).endReason).toBe("role-unconfirmed");
  });

  it("idle timeout counts from user activity only: background refreshes do not extend it", async () => {
    const data = await newSession();
    // an open status page refreshing itself every few seconds for 29 minutes
    for (let ms = 60_000; ms < policy.idleMs - 60_000; ms += 4 * 60_000) {
      graph = { role: "admin", appRoles: ["Portal.Admin"], accountEnabled: true };
      expect(await check(data, ms, false)).toBe(true);
    }
    expect(await check(data, policy.idleMs + 1, false)).toBe(false);
    expect((await database.portalSession.findUniqueOrThrow({ where: { id: data.sid } })).endReason).toBe("idle");

    // the same with a navigation (or a report from the page) 20 minutes in: still open at 31 minutes
    const active = await newSession();
    expect(await check(active, 20 * 60_000, true)).toBe(true);
    expect(await check(active, policy.idleMs + 1, false)).toBe(true);
    await recordActivity(database, active.sid, at(policy.idleMs + 2));
    const row = await database.portalSession.findUniqueOrThrow({ where: { id: active.sid } });
    expect(row.lastActiveAt.getTime()).toBe(t0 + policy.idleMs + 2);
    // throttled: a second report right after writes nothing
    await recordActivity(database, active.sid, at(policy.idleMs + 2 + ACTIVITY_WRITE_EVERY_MS - 1));
    expect((await database.portalSession.findUniqueOrThrow({ where: { id: active.sid } })).lastActiveAt.getTime()).toBe(t0 + policy.idleMs + 2);
  });
});

describe("what counts as activity", () => {
  const h = (headers: Record<string, string>) => new Headers(headers);
  it("counts page loads and server actions, not router refreshes, prefetches or streams", () => {
    expect(countsAsActivity(h({ "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" }))).toBe(true);
    expect(countsAsActivity(h({ "next-action": "abc", "sec-fetch-mode": "cors" }))).toBe(true);
    // router.refresh() and client navigations are RSC fetches (client navigations report themselves)
    expect(countsAsActivity(h({ rsc: "1", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" }))).toBe(false);
    expect(countsAsActivity(h({ rsc: "1", "next-router-prefetch": "1" }))).toBe(false);
    expect(countsAsActivity(h({ accept: "text/event-stream", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" }))).toBe(false);
    expect(countsAsActivity(h({}))).toBe(false);
  });
});
