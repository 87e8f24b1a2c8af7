import "server-only";
import type { Database } from "../db";
import { log } from "../log";
import { loadFacts } from "../setup/store";
import { checkDrift } from "./drift";

/** The daily record and drift check (issue 14: "computed on demand and daily"). */
export const DAILY_MS = 24 * 60 * 60_000;

/** Federations the portal knows (a row exists once any setup step ran). */
async function federationIds(database: Database): Promise<string[]> {
  return (await database.federation.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((f) => f.id);
}

/**
 * The daily record: where nothing has read the federation's live state for a day (no version confirmed, no drift
 * check), live state is compared with the newest recorded version, then recorded as the next version — so the
 * history shows what drifted and the check says it was outside the portal. A portal change's snapshot or a check on
 * demand counts as that day's read. Called from the provisioning poller's leader loop
 * (lib/provisioning/background.ts), so on PostgreSQL one replica does it. Failures are logged, never thrown: the
 * poll it follows is already done.
 */
export async function runDailyHistory(database: Database, now: () => Date = () => new Date()): Promise<{ checked: string[] }> {
  const checked: string[] = [];
  for (const federationId of await federationIds(database)) {
    try {
      // A federation still being set up has nothing to record yet (its first version follows the setup's changes).
      if (!(await loadFacts(database, federationId)).app?.servicePrincipalId) continue;
      const [version, check] = await Promise.all([
        database.configurationSnapshot.findFirst({ where: { federationId }, orderBy: { confirmedAt: "desc" }, select: { confirmedAt: true } }),
        database.driftCheck.findFirst({ where: { federationId }, orderBy: { checkedAt: "desc" }, select: { checkedAt: true } }),
      ]);
      const lastRead = Math.max(version?.confirmedAt.getTime() ?? 0, check?.checkedAt.getTime() ?? 0);
      if (lastRead && now().getTime() - lastRead < DAILY_MS) continue;
      const report = await checkDrift(database, federationId, { trigger: "scheduled", recordAfter: true, now });
      checked.push(federationId);
      if (report.error) log("warn", "daily configuration record could not read live state", { federationId, error: report.error });
      else if (report.changes.length) log("info", "configuration drift found", { federationId, fields: report.changes.length });
    } catch (error) {
      log("error", "daily configuration record failed", { federationId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { checked };
}
