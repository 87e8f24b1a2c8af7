import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { log } from "./lib/log";
import { requestOrigin } from "./lib/http/origin";
import { rateLimit } from "./lib/http/rate-limit";
import { contentSecurityPolicy, CSP_REPORT_PATH, isServerActionRequest, refusedActionOrigin } from "./lib/http/security-policy";
import {
  expiredSessionCookieOptions,
  isLocalHttp,
  readSessionCookie,
  sealSessionCookie,
  SESSION_COOKIE,
  sessionCookieOptions,
} from "./lib/auth/session-cookie";
import type { SessionData } from "./lib/auth/session-seal";

/** Pages and routes anyone may reach: sign-in plumbing, the no-access page, health, CSP violation reports. */
const PUBLIC = [/^\/auth\//, /^\/sign-in$/, /^\/no-access$/, /^\/api\/health$/, /^\/api\/csp-report$/];
/**
 * Touch the cookie's last-seen time at most this often (each touch re-seals it), so the cookie outlives its idle check
 * while requests come. The idle timeout that counts is the server-side session row's (lib/auth/session-store.ts), which
 * only user activity moves: a pushed router.refresh re-seals the cookie here but does not keep the session alive.
 */
const TOUCH_EVERY_MS = 60_000;
// Refusals are audited, but a flood of forged posts must not become a flood of audit rows: beyond this budget per
// caller (the signed-in user, else every anonymous caller together) they are refused and only logged.
const refusalAudits = () => rateLimit("proxy:refused-action-audit", { limit: 30, windowMs: 60_000, maxKeys: 1_000 });

async function auditRefusedAction(request: NextRequest, origin: string, session: SessionData | undefined): Promise<void> {
  const actor = session?.email ?? "anonymous";
  const details = {
    origin: origin.slice(0, 200),
    path: request.nextUrl.pathname.slice(0, 200),
    actionId: (request.headers.get("next-action") ?? "").slice(0, 100),
  };
  if (!refusalAudits().take(actor).allowed) {
    log("warn", "server action refused for its Origin (audit budget spent: not audited)", { actor, ...details });
    return;
  }
  try {
    // Loaded on first refusal only: the proxy runs on Node.js (https://nextjs.org/docs/app/api-reference/file-conventions/proxy#runtime).
    const [{ appendAuditEvent }, { db }] = await Promise.all([import("./lib/audit/append"), import("./lib/db")]);
    await appendAuditEvent(db(), {
      actor,
      role: session?.role ?? "none",
      action: "auth.server-action.origin",
      target: `path:${details.path}`,
      after: details,
      result: "denied",
      error: `Origin ${details.origin} is not this portal's`,
    });
  } catch (error) {
    log("error", "could not audit a server action refused for its Origin", { ...details, error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Runs before every request: a fresh CSP nonce, HSTS outside localhost, the server action Origin check, the session
 * gate for pages (anonymous → sign-in; ended session → sign-in with a notice) and the sliding idle timeout.
 */
export async function proxy(request: NextRequest) {
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const path = request.nextUrl.pathname;
  const origin = requestOrigin(request);
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  const session = readSessionCookie(cookie);
  const isPublic = PUBLIC.some((pattern) => pattern.test(path));
  // Server actions authorize themselves (and audit refusals); redirecting their POST would hide that.
  const isServerAction = isServerActionRequest(request);
  const refusedOrigin = refusedActionOrigin(request);

  let response: NextResponse;
  if (refusedOrigin !== undefined) {
    await auditRefusedAction(request, refusedOrigin, session);
    response = NextResponse.json({ error: "this request did not come from the portal's own pages" }, { status: 403 });
  } else if (!session && !isPublic && !isServerAction) {
    if (path.startsWith("/api/")) {
      response = NextResponse.json({ error: "sign in first" }, { status: 401 });
    } else {
      const target = new URL("/sign-in", origin);
      target.searchParams.set("returnTo", `${path}${request.nextUrl.search}`);
      if (cookie) target.searchParams.set("error", "session-ended");
      response = NextResponse.redirect(target);
    }
    // A `__Host-` cookie is only replaced by a Set-Cookie that is itself Secure with path / (cookies.delete is neither).
    if (cookie) response.cookies.set(SESSION_COOKIE, "", expiredSessionCookieOptions(origin));
  } else {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers } });
    if (session && Date.now() - session.lastSeenAt > TOUCH_EVERY_MS) {
      response.cookies.set(SESSION_COOKIE, sealSessionCookie({ ...session, lastSeenAt: Date.now() }), sessionCookieOptions(origin));
    }
  }
  response.headers.set("content-security-policy", csp);
  // The `report-to csp` group (https://www.w3.org/TR/reporting-1/#header).
  response.headers.set("reporting-endpoints", `csp="${new URL(CSP_REPORT_PATH, origin).toString()}"`);
  if (!isLocalHttp(origin)) response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
