import { SANDBOX } from "../../sandbox/fixtures";
import { env } from "../config/env";
import { deriveCookieKeyring, openSession, sealSession, type SessionBinding, type SessionData, type SessionLimits } from "./session-seal";
import { sessionKeyring } from "./session-keys";

// Shared by the request proxy, route handlers and server components (no Next.js imports here).

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/** Secure cookies and HSTS everywhere except plain-http localhost development and tests. */
export function isLocalHttp(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === "http:" && LOOPBACK.includes(url.hostname);
}

function publicUrlIsHttps(): boolean {
  try {
    const configured = process.env.IB_PUBLIC_URL;
    return Boolean(configured) && new URL(configured as string).protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * The session cookie's name. With an https IB_PUBLIC_URL (always the case for a real live deployment) it carries
 * the `__Host-` prefix: the browser then only accepts it Secure, for path /, from this exact host, so a sibling
 * subdomain cannot plant or overwrite it (https://developer.mozilla.org/docs/Web/HTTP/Reference/Headers/Set-Cookie#cookie_prefixes,
 * https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#name-the-__host-prefix). Plain-http localhost
 * development cannot set Secure cookies, and a prefixed cookie without Secure is rejected, so there it is plain
 * `ib_session`. Decided once per process from IB_PUBLIC_URL, which live mode requires.
 */
export const SESSION_COOKIE = publicUrlIsHttps() ? "__Host-ib_session" : "ib_session";
export const FLOW_COOKIE = "ib_sign_in";

let ring: ReturnType<typeof deriveCookieKeyring> | undefined;
export const cookieKeyring = () => (ring ??= deriveCookieKeyring(sessionKeyring()));

/** This deployment, as the session seal is bound to it: the mode and the sign-in app registration. */
export function sessionBinding(): SessionBinding {
  const e = env();
  return e.IB_MODE === "sandbox"
    ? { mode: "sandbox", tenantId: SANDBOX.entra.tenantId, clientId: SANDBOX.entra.portalSignIn.clientId }
    : { mode: "live", tenantId: e.ENTRA_SIGNIN_TENANT_ID ?? "", clientId: e.ENTRA_SIGNIN_CLIENT_ID ?? "" };
}

export function sessionLimits(): SessionLimits {
  return { idleMs: env().IB_SESSION_IDLE_MINUTES * 60_000, absoluteMs: env().IB_SESSION_MAX_HOURS * 3_600_000 };
}

/**
 * The cookie's content if its seal, binding and age hold. This is only the first gate (the proxy can read it
 * without a database): getSession() also requires the server-side session row to be open (lib/auth/session-store.ts).
 */
export function readSessionCookie(value: string | undefined, now = Date.now()): SessionData | undefined {
  if (!value) return undefined;
  const opened = openSession(cookieKeyring(), sessionBinding(), value, now, sessionLimits());
  return opened.ok ? opened.data : undefined;
}

export function sessionCookieOptions(origin: string) {
  return { httpOnly: true, secure: !isLocalHttp(origin), sameSite: "lax" as const, path: "/", maxAge: Math.floor(sessionLimits().absoluteMs / 1000) };
}

/** Options that delete the session cookie: a `__Host-` cookie is only replaced by a Set-Cookie that is itself Secure, path /. */
export function expiredSessionCookieOptions(origin: string) {
  return { ...sessionCookieOptions(origin), maxAge: 0, expires: new Date(0) };
}

export const sealSessionCookie = (data: SessionData) => sealSession(cookieKeyring(), sessionBinding(), data);
