import { AccessNotReadyError, withAccessContext } from "@/lib/access/context";
import { effectiveAccessCsv, filterEffectiveAccess } from "@/lib/access/effective-access";
import { loadAccessOverview } from "@/lib/access/overview";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { log } from "@/lib/log";
import { toProblem } from "@/lib/problems/problem";

export const dynamic = "force-dynamic";

/** Effective access as CSV, with the page's filters (user, account, permissionSet). GET: reads only. */
export const GET = defineRoute("GET /access/effective/csv", "access.view", async (request) => {
  const params = new URL(request.url).searchParams;
  const filter = { user: params.get("user") ?? undefined, account: params.get("account") ?? undefined, permissionSet: params.get("permissionSet") ?? undefined };
  try {
    const overview = await withAccessContext(db(), (context) => loadAccessOverview(context));
    const csv = effectiveAccessCsv(filterEffectiveAccess(overview.effective, filter));
    return new Response(csv, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="effective-access.csv"', "cache-control": "no-store" },
    });
  } catch (error) {
    const message = error instanceof AccessNotReadyError ? error.message : (toProblem(error)?.message ?? "The effective access could not be read.");
    log("warn", "effective access CSV failed", { error: error instanceof Error ? error.message : String(error) });
    return new Response(`${message}\n`, { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
});
