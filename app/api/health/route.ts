import { checkHealth } from "@/lib/health/check";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/**
 * Public by design (load balancers and `npm run dev` poll it without a session): it reports only
 * reachability and latency, no identities, no configuration values beyond the mode.
 */
export const GET = defineRoute("GET /api/health", "public", async () => {
  const report = await checkHealth();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
