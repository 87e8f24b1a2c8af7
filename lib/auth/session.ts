import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { appendAuditEvent } from "../audit/append";
import { env } from "../config/env";
import { db } from "../db";
import { log } from "../log";
import type { Role } from "./permissions";
import { readCurrentRole } from "./role-check";
import { readSessionCookie, SESSION_COOKIE, sessionBinding, sessionLimits } from "./session-cookie";
import { checkSessionRow, countsAsActivity, type SessionPolicy, type SessionStoreDeps } from "./session-store";

/** Who is acting: the signed-in Entra user and their portal role. */
export interface Session {
  userId: string;
  name: string;
  email: string;
  role: Role;
  tenantId: string;
  /** The server-side session (lib/auth/session-store.ts). */
  sessionId: string;
}

export const sessionPolicy = (): SessionPolicy => ({ idleMs: sessionLimits().idleMs, roleCheckMs: env().IB_SESSION_ROLE_CHECK_SECONDS * 1000 });

export const sessionStoreDeps: SessionStoreDeps = {
  readCurrentRole,
  audit: (event) => appendAuditEvent(db(), event),
  log: (level, message, details) => log(level, message, details),
};

/**
 * The signed-in user of this request, or null: the cookie must open (seal, deployment binding, age) and its
 * server-side session must still be open (not signed out, ended by an admin, idle, or its role gone in Entra).
 * Cached per request, so a page, its layout and its guard check once.
 */
export const getSession = cache(async (): Promise<Session | null> => readSession(countsAsActivity(await headers())));

/** getSession for a request the page makes by itself (a server action marked `passive`): never user activity. */
export const getPassiveSession = cache(async (): Promise<Session | null> => readSession(false));

async function readSession(activity: boolean): Promise<Session | null> {
  const data = readSessionCookie((await cookies()).get(SESSION_COOKIE)?.value);
  if (!data) return null;
  const open = await checkSessionRow(db(), data, sessionBinding(), { activity, policy: sessionPolicy(), deps: sessionStoreDeps });
  return open ? { userId: data.oid, name: data.name, email: data.email, role: data.role, tenantId: data.tid, sessionId: data.sid } : null;
}
