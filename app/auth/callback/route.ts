import { NextResponse } from "next/server";
import { refuseOverLimit } from "@/lib/auth/auth-limits";
import { completeSignIn } from "@/lib/auth/sign-in";
import { expiredSessionCookieOptions, FLOW_COOKIE, SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/session-cookie";
import { defineRoute } from "@/lib/http/define-route";
import { requestOrigin } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

/**
 * Where Entra ID sends the browser back with the authorization code (public by nature, rate-limited per client
 * address). Only a callback that belongs to a sign-in this browser started (flow cookie + matching state) touches the
 * session cookie: a cross-site link to /auth/callback must not sign anyone out.
 */
export const GET = defineRoute("GET /auth/callback", "public", async (request) => {
  const limited = refuseOverLimit("auth.callback", request);
  if (limited) return limited;
  const flowCookie = request.headers
    .get("cookie")
    ?.split(/;\s*/)
    .find((c) => c.startsWith(`${FLOW_COOKIE}=`))
    ?.slice(FLOW_COOKIE.length + 1);
  const origin = requestOrigin(request);
  const outcome = await completeSignIn(origin, new URL(request.url).searchParams, flowCookie ? decodeURIComponent(flowCookie) : undefined);
  const target = outcome.kind === "signed-in" ? outcome.returnTo : outcome.kind === "no-access" ? "/no-access" : `/sign-in?error=${outcome.reason}`;
  const response = NextResponse.redirect(new URL(target, origin), 303);
  if (!outcome.flow) return response;
  response.cookies.delete({ name: FLOW_COOKIE, path: "/auth" });
  if (outcome.kind === "signed-in") response.cookies.set(SESSION_COOKIE, outcome.cookie, sessionCookieOptions(origin));
  else response.cookies.set(SESSION_COOKIE, "", expiredSessionCookieOptions(origin));
  return response;
});
