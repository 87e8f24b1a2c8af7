import { NextResponse } from "next/server";
import { appendAuditEvent } from "@/lib/audit/append";
import { refuseOverLimit } from "@/lib/auth/auth-limits";
import { endSessionUrl } from "@/lib/auth/sign-in";
import { expiredSessionCookieOptions, readSessionCookie, SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { endSession } from "@/lib/auth/session-store";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { absoluteUrl, requestOrigin } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Ends the session: on the server first (the session row is closed, so a copy of the cookie is refused from now
 * on), then the cookie, then the Entra session through the authority's end-session endpoint. POST only, and only
 * from our own pages (SameSite=Lax plus an Origin check). Public, so a browser whose session an admin already
 * ended can still clear its cookie.
 *
 * The hop to Entra is a page that navigates on its own (meta refresh) rather than a redirect: the sign-out form's
 * navigation is bound by the CSP form-action 'self', which also applies to where its redirects lead
 * (https://www.w3.org/TR/CSP3/#directive-form-action).
 */
export const POST = defineRoute("POST /auth/sign-out", "public", async (request, { session }) => {
  const limited = refuseOverLimit("auth.sign-out", request);
  if (limited) return limited;
  const origin = requestOrigin(request);
  const sentOrigin = request.headers.get("origin");
  if (sentOrigin && sentOrigin !== origin) return Response.json({ error: "cross-site sign-out refused" }, { status: 403 });
  const cookie = request.headers
    .get("cookie")
    ?.split(/;\s*/)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  const data = readSessionCookie(cookie ? decodeURIComponent(cookie) : undefined);
  if (data) await endSession(db(), data.sid, "signed-out", data.email);
  if (session) await appendAuditEvent(db(), { actor: session.email, role: session.role, action: "auth.sign-out", target: session.userId, result: "success" });
  const entra = await endSessionUrl(origin, data?.email);
  const response = entra
    ? new NextResponse(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><meta http-equiv="refresh" content="0;url=${escapeHtml(entra)}"><title>Signing out</title></head><body><p>You are signed out of Identity Bridge. Signing you out of Microsoft too… <a href="${escapeHtml(entra)}">Continue</a></p></body></html>`,
        { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
      )
    : NextResponse.redirect(absoluteUrl(request, "/sign-in?signedOut=1"), 303);
  response.cookies.set(SESSION_COOKIE, "", expiredSessionCookieOptions(origin));
  return response;
});
