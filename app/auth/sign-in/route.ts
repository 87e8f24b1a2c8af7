import { NextResponse } from "next/server";
import { refuseOverLimit } from "@/lib/auth/auth-limits";
import { beginSignIn } from "@/lib/auth/sign-in";
import { FLOW_COOKIE, isLocalHttp } from "@/lib/auth/session-cookie";
import { SIGN_IN_FLOW_MAX_AGE_MS } from "@/lib/auth/session-seal";
import { defineRoute } from "@/lib/http/define-route";
import { absoluteUrl, requestOrigin } from "@/lib/http/origin";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/** Starts sign-in with Entra ID (public: it is how one gets a session; rate-limited per client address). */
export const GET = defineRoute("GET /auth/sign-in", "public", async (request) => {
  const limited = refuseOverLimit("auth.sign-in", request);
  if (limited) return limited;
  try {
    const origin = requestOrigin(request);
    const { url, flowCookie } = await beginSignIn(origin, new URL(request.url).searchParams.get("returnTo"));
    const response = NextResponse.redirect(url);
    response.cookies.set(FLOW_COOKIE, flowCookie, {
      httpOnly: true,
      secure: !isLocalHttp(origin),
      sameSite: "lax",
      path: "/auth",
      maxAge: SIGN_IN_FLOW_MAX_AGE_MS / 1000,
    });
    return response;
  } catch (error) {
    log("error", "sign-in could not start", { error: error instanceof Error ? error.message : String(error) });
    return NextResponse.redirect(absoluteUrl(request, "/sign-in?error=unavailable"));
  }
});
