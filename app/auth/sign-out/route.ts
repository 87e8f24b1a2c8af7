import { NextResponse } from "next/server";
import { appendAuditEvent } from "@/lib/audit/append";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { absoluteUrl, requestOrigin } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

/** Ends the session. POST only, and only from our own pages (SameSite=Lax plus an Origin check). */
export const POST = defineRoute("POST /auth/sign-out", "signed-in", async (request, { session }) => {
  const origin = request.headers.get("origin");
  if (origin && origin !== requestOrigin(request)) return Response.json({ error: "cross-site sign-out refused" }, { status: 403 });
  if (session) await appendAuditEvent(db(), { actor: session.email, role: session.role, action: "auth.sign-out", target: session.userId, result: "success" });
  const response = NextResponse.redirect(absoluteUrl(request, "/sign-in?signedOut=1"), 303);
  response.cookies.delete(SESSION_COOKIE);
  return response;
});
