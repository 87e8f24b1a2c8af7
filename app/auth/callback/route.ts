import { NextResponse } from "next/server";
import { completeSignIn } from "@/lib/auth/sign-in";
import { FLOW_COOKIE, SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/session-cookie";
import { defineRoute } from "@/lib/http/define-route";
import { requestOrigin } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

/** Where Entra ID sends the browser back with the authorization code (public by nature). */
export const GET = defineRoute("GET /auth/callback", "public", async (request) => {
  const flowCookie = request.headers
    .get("cookie")
    ?.split(/;\s*/)
    .find((c) => c.startsWith(`${FLOW_COOKIE}=`))
    ?.slice(FLOW_COOKIE.length + 1);
  const origin = requestOrigin(request);
  const outcome = await completeSignIn(origin, new URL(request.url).searchParams, flowCookie ? decodeURIComponent(flowCookie) : undefined);
  const target = outcome.kind === "signed-in" ? outcome.returnTo : outcome.kind === "no-access" ? "/no-access" : `/sign-in?error=${outcome.reason}`;
  const response = NextResponse.redirect(new URL(target, origin), 303);
  response.cookies.delete({ name: FLOW_COOKIE, path: "/auth" });
  if (outcome.kind === "signed-in") response.cookies.set(SESSION_COOKIE, outcome.cookie, sessionCookieOptions(origin));
  else response.cookies.delete(SESSION_COOKIE);
  return response;
});
