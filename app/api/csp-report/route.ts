import { defineRoute } from "@/lib/http/define-route";
import { parseCspReport, readCappedBody } from "@/lib/http/csp-report";
import { rateLimit } from "@/lib/http/rate-limit";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

// Per signed-in user, and all anonymous reporters together: a page that really violates the policy reports a handful
// of times per view; anything beyond this is noise or abuse, and the log must not become the attacker's disk.
const reports = () => rateLimit("csp-report", { limit: 30, windowMs: 60_000, maxKeys: 1_000 });

/**
 * Where browsers send Content-Security-Policy violation reports (`report-uri` and `report-to`, see proxy.ts). Public
 * by necessity (the browser posts it without asking the page), so it only writes log lines, capped, rate-limited,
 * with URLs stripped of their query strings. https://owasp.org/www-community/controls/Content_Security_Policy
 */
export const POST = defineRoute("POST /api/csp-report", "public", async (request, { session }) => {
  const taken = reports().take(session?.email ?? "anonymous");
  if (!taken.allowed) return new Response(null, { status: 429, headers: { "retry-after": String(Math.ceil(taken.retryAfterMs / 1000)) } });
  const body = await readCappedBody(request);
  if (body === "too-large") return new Response(null, { status: 413 });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return new Response(null, { status: 400 });
  }
  const violations = parseCspReport(parsed);
  for (const violation of violations) log("warn", "CSP violation reported by a browser", { ...violation, reporter: session?.email ?? "anonymous" });
  return new Response(null, { status: violations.length ? 204 : 400 });
});
