import { NextResponse } from "next/server";
import { defineRoute } from "@/lib/http/define-route";
import { absoluteUrl } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

/**
 * Where Entra's end-session endpoint returns the browser (the post_logout_redirect_uri, registered on the sign-in
 * app). It only forwards to the sign-in page's "You are signed out": no side effects on GET.
 */
export const GET = defineRoute("GET /auth/signed-out", "public", async (request) => NextResponse.redirect(absoluteUrl(request, "/sign-in?signedOut=1"), 303));
