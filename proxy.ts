import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { requestOrigin } from "./lib/http/origin";
import { isLocalHttp, readSessionCookie, sealSessionCookie, SESSION_COOKIE, sessionCookieOptions } from "./lib/auth/session-cookie";

/** Pages and routes anyone may reach: sign-in plumbing, the no-access page, health. */
const PUBLIC = [/^\/auth\//, /^\/sign-in$/, /^\/no-access$/, /^\/api\/health$/];
/** Touch the session's last-seen time at most this often (each touch re-seals the cookie). */
const TOUCH_EVERY_MS = 60_000;

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // Next.js marks its own scripts with this nonce; React's dev tooling alone needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Runs before every request: a fresh CSP nonce, HSTS outside localhost, the session gate for pages
 * (anonymous → sign-in; ended session → sign-in with a notice) and the sliding idle timeout.
 */
export function proxy(request: NextRequest) {
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const path = request.nextUrl.pathname;
  const origin = requestOrigin(request);
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  const session = readSessionCookie(cookie);
  const isPublic = PUBLIC.some((pattern) => pattern.test(path));
  // Server actions authorize themselves (and audit refusals); redirecting their POST would hide that.
  const isServerAction = request.method === "POST" && request.headers.has("next-action");

  let response: NextResponse;
  if (!session && !isPublic && !isServerAction) {
    if (path.startsWith("/api/")) {
      response = NextResponse.json({ error: "sign in first" }, { status: 401 });
    } else {
      const target = new URL("/sign-in", origin);
      target.searchParams.set("returnTo", `${path}${request.nextUrl.search}`);
      if (cookie) target.searchParams.set("error", "session-ended");
      response = NextResponse.redirect(target);
    }
    if (cookie) response.cookies.delete(SESSION_COOKIE);
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
  if (!isLocalHttp(origin)) response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
