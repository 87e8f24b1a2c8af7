import { env } from "../config/env";
import { keyring } from "../crypto/keyring";
import { deriveCookieKeyring, openSession, sealSession, type SessionData, type SessionLimits } from "./session-seal";

// Shared by the request proxy, route handlers and server components (no Next.js imports here).

export const SESSION_COOKIE = "ib_session";
export const FLOW_COOKIE = "ib_sign_in";

let ring: ReturnType<typeof deriveCookieKeyring> | undefined;
export const cookieKeyring = () => (ring ??= deriveCookieKeyring(keyring()));

export function sessionLimits(): SessionLimits {
  return { idleMs: env().IB_SESSION_IDLE_MINUTES * 60_000, absoluteMs: env().IB_SESSION_MAX_HOURS * 3_600_000 };
}

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/** Secure cookies and HSTS everywhere except plain-http localhost development and tests. */
export function isLocalHttp(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === "http:" && LOOPBACK.includes(url.hostname);
}

export function readSessionCookie(value: string | undefined, now = Date.now()): SessionData | undefined {
  if (!value) return undefined;
  const opened = openSession(cookieKeyring(), value, now, sessionLimits());
  return opened.ok ? opened.data : undefined;
}

export function sessionCookieOptions(origin: string) {
  return { httpOnly: true, secure: !isLocalHttp(origin), sameSite: "lax" as const, path: "/", maxAge: Math.floor(sessionLimits().absoluteMs / 1000) };
}

export const sealSessionCookie = (data: SessionData) => sealSession(cookieKeyring(), data);
