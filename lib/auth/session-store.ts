import { randomBytes } from "node:crypto";
import type { AuditInput } from "../audit/append";
import type { Database } from "../db";
import type { Role } from "./permissions";
import type { CurrentRole } from "./role-check";
import type { SessionBinding, SessionData } from "./session-seal";

/**
 * Server-side sessions. The sealed cookie only names a session; it is honoured while its PortalSession row is open.
 * That is what makes a session endable before its cookie expires
 * (https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-expiration):
 * sign-out ends it (a copy of the cookie replayed later is refused), an admin can end every session of a user, and
 * the user's app role is re-read from Microsoft Graph every IB_SESSION_ROLE_CHECK_SECONDS, ending the session when the
 * role was removed or changed in Entra. The idle timeout counts from the last user activity recorded here, which
 * background refreshes of an open page do not touch (see countsAsActivity).
 */

export type EndReason = "signed-out" | "ended-by-admin" | "role-removed" | "role-changed" | "role-unconfirmed" | "idle";

export interface SessionStoreDeps {
  readCurrentRole(userId: string): Promise<CurrentRole>;
  audit(event: AuditInput): Promise<unknown>;
  log(level: "warn" | "info", message: string, details: Record<string, unknown>): void;
}

export interface SessionPolicy {
  idleMs: number;
  roleCheckMs: number;
}

/** Activity is written at most this often per session (one small UPDATE, not one per request). */
export const ACTIVITY_WRITE_EVERY_MS = 30_000;
/** After a failed role check (Graph unreachable), try again this soon. */
export const ROLE_RECHECK_RETRY_MS = 30_000;
/**
 * A role that could not be confirmed for this many check intervals (and at least ROLE_UNCONFIRMED_MIN_MS) ends the
 * session: fail closed, but not on a short Graph outage.
 */
export const ROLE_UNCONFIRMED_INTERVALS = 3;
export const ROLE_UNCONFIRMED_MIN_MS = 15 * 60_000;

export const newSessionId = () => randomBytes(16).toString("base64url");

/** Opens the row for a session the callback is about to seal into a cookie. */
export async function createSessionRow(database: Database, data: SessionData, binding: SessionBinding, policy: Pick<SessionPolicy, "roleCheckMs">) {
  const now = new Date(data.createdAt);
  await database.portalSession.create({
    data: {
      id: data.sid,
      userId: data.oid,
      email: data.email,
      name: data.name,
      role: data.role,
      mode: binding.mode,
      tenantId: binding.tenantId,
      clientId: binding.clientId,
      createdAt: now,
      lastActiveAt: now,
      roleCheckedAt: now,
      roleCheckDueAt: new Date(data.createdAt + policy.roleCheckMs),
    },
  });
}

async function end(database: Database, id: string, reason: EndReason, by: string | null, now: Date): Promise<boolean> {
  const { count } = await database.portalSession.updateMany({ where: { id, endedAt: null }, data: { endedAt: now, endReason: reason, endedBy: by } });
  return count > 0;
}

/** Ends one session (sign-out). True when it was open. */
export const endSession = (database: Database, id: string, reason: EndReason, by: string | null = null, now = new Date()) => end(database, id, reason, by, now);

/** Ends every open session of a user; returns how many were open. */
export async function endSessionsOfUser(database: Database, userId: string, reason: EndReason, by: string, now = new Date()): Promise<number> {
  const { count } = await database.portalSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now, endReason: reason, endedBy: by } });
  return count;
}

/** Records user activity for the idle timeout (throttled to one write per ACTIVITY_WRITE_EVERY_MS). */
export async function recordActivity(database: Database, id: string, now = new Date()) {
  await database.portalSession.updateMany({
    where: { id, endedAt: null, lastActiveAt: { lt: new Date(now.getTime() - ACTIVITY_WRITE_EVERY_MS) } },
    data: { lastActiveAt: now },
  });
}

/** The open sessions, newest activity first (the admin's list on Settings). */
export async function listOpenSessions(database: Database, policy: Pick<SessionPolicy, "idleMs">, now = new Date()) {
  return database.portalSession.findMany({
    where: { endedAt: null, lastActiveAt: { gte: new Date(now.getTime() - policy.idleMs) } },
    orderBy: { lastActiveAt: "desc" },
    select: { id: true, userId: true, email: true, name: true, role: true, createdAt: true, lastActiveAt: true, roleCheckedAt: true },
    take: 200,
  });
}

const inFlight = new Map<string, Promise<boolean>>();

/**
 * Whether the session a cookie names is still open, enforcing idle timeout and the periodic role re-check.
 * `activity` says whether this request is the user doing something (a navigation or an action); only then does the
 * idle clock restart.
 */
export async function checkSessionRow(
  database: Database,
  data: SessionData,
  binding: SessionBinding,
  options: { now?: Date; activity: boolean; policy: SessionPolicy; deps: SessionStoreDeps },
): Promise<boolean> {
  const now = options.now ?? new Date();
  const row = await database.portalSession.findUnique({ where: { id: data.sid } });
  if (!row || row.endedAt) return false;
  // The row was made for this deployment and this user (the cookie's seal is bound to it as well).
  if (row.userId !== data.oid || row.mode !== binding.mode || row.tenantId !== binding.tenantId || row.clientId !== binding.clientId) return false;
  if (now.getTime() - row.lastActiveAt.getTime() > options.policy.idleMs) {
    await end(database, row.id, "idle", null, now);
    return false;
  }
  if (row.roleCheckDueAt.getTime() <= now.getTime()) {
    // One check per session at a time, however many requests arrive together.
    let check = inFlight.get(row.id);
    if (!check) {
      check = recheckRole(database, row, options.policy, options.deps, now).finally(() => inFlight.delete(row.id));
      inFlight.set(row.id, check);
    }
    if (!(await check)) return false;
  }
  if (options.activity) await recordActivity(database, row.id, now);
  return true;
}

interface Row {
  id: string;
  userId: string;
  email: string;
  role: string;
  roleCheckedAt: Date;
}

async function recheckRole(database: Database, row: Row, policy: SessionPolicy, deps: SessionStoreDeps, now: Date): Promise<boolean> {
  let current: CurrentRole;
  try {
    current = await deps.readCurrentRole(row.userId);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const unconfirmedFor = now.getTime() - row.roleCheckedAt.getTime();
    if (unconfirmedFor > Math.max(ROLE_UNCONFIRMED_INTERVALS * policy.roleCheckMs, ROLE_UNCONFIRMED_MIN_MS)) {
      await end(database, row.id, "role-unconfirmed", null, now);
      await deps.audit({
        actor: row.email,
        role: row.role,
        action: "auth.session-ended",
        target: row.userId,
        result: "success",
        before: { role: row.role },
        error: `the app role could not be confirmed with Microsoft Graph since ${row.roleCheckedAt.toISOString()}: ${detail.slice(0, 200)}`,
      });
      return false;
    }
    deps.log("warn", "session role check failed; trying again shortly", { error: detail });
    await database.portalSession.updateMany({ where: { id: row.id, endedAt: null }, data: { roleCheckDueAt: new Date(now.getTime() + ROLE_RECHECK_RETRY_MS) } });
    return true;
  }
  if (current.role === (row.role as Role)) {
    await database.portalSession.updateMany({
      where: { id: row.id, endedAt: null },
      data: { roleCheckedAt: now, roleCheckDueAt: new Date(now.getTime() + policy.roleCheckMs) },
    });
    return true;
  }
  // Removed or changed in Entra: the user signs in again and gets exactly what Entra now assigns.
  const reason: EndReason = current.role ? "role-changed" : "role-removed";
  if (await end(database, row.id, reason, null, now)) {
    await deps.audit({
      actor: row.email,
      role: row.role,
      action: "auth.session-ended",
      target: row.userId,
      result: "success",
      before: { role: row.role },
      after: { role: current.role, appRoles: current.appRoles, accountEnabled: current.accountEnabled },
      error: reason === "role-removed" ? "the portal app role was removed in Entra ID (or the account disabled)" : "the portal app role changed in Entra ID",
    });
  }
  return false;
}

/**
 * Whether a request is the user doing something, so it restarts the idle clock: a full page load (the browser says
 * Sec-Fetch-Mode: navigate, https://www.w3.org/TR/fetch-metadata/) or a server action (Next-Action header). Client-side
 * navigations report themselves (components/shell/session-activity-client.tsx → POST /auth/activity). Everything else —
 * router.refresh() re-renders, the passive server action a live status page calls on a pushed update (it reads the
 * session through getPassiveSession), link prefetches, event streams, API reads — is not activity, so an open page
 * cannot keep a session alive on its own.
 */
export function countsAsActivity(headers: Headers): boolean {
  if (headers.has("next-action")) return true;
  if (headers.get("rsc") === "1" || headers.has("next-router-prefetch")) return false;
  return headers.get("sec-fetch-mode") === "navigate" && headers.get("sec-fetch-dest") === "document";
}
