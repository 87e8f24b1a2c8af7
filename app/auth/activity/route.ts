import { refuseOverLimit } from "@/lib/auth/auth-limits";
import { recordActivity } from "@/lib/auth/session-store";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { requestOrigin } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

/**
 * The browser reports that its user did something the server does not see as a request of its own (a client-side
 * navigation, typing, clicking): the idle timeout restarts. Background refreshes never call this
 * (components/shell/session-activity-client.tsx). POST from our own pages only.
 */
// Public: without a session it does nothing and says so quietly (a page left open after its session ended).
export const POST = defineRoute("POST /auth/activity", "public", async (request, { session }) => {
  const limited = refuseOverLimit("auth.activity", request);
  if (limited) return limited;
  const sentOrigin = request.headers.get("origin");
  if (sentOrigin && sentOrigin !== requestOrigin(request)) return Response.json({ error: "cross-site request refused" }, { status: 403 });
  if (session) await recordActivity(db(), session.sessionId);
  return new Response(null, { status: 204 });
});
