import "server-only";
import { appendAuditEvent } from "../audit/append";
import type { Database } from "../db";
import { withRequestScope } from "../request-context";
import { runDiagnosis, type RunDiagnosisOptions } from "./run";
import type { StoredDiagnosis } from "./store";
import type { DiagnosisReport } from "./types";

/** A diagnosis the search made a moment ago is shown as stored instead of being run twice in a row. */
export const FRESH_MS = 30_000;

/**
 * Opening a shareable link: the check runs again live (and the re-run is audited); the stored copy stays as it
 * was taken. `fresh` is the search's own redirect, for which the copy is a few hundred milliseconds old.
 */
export async function openDiagnosis(
  database: Database,
  stored: StoredDiagnosis,
  options: { fresh: boolean; actor: { email: string; role: string }; now?: Date } & Pick<RunDiagnosisOptions, "graph" | "aws">,
): Promise<{ report: DiagnosisReport; reran: boolean }> {
  const age = (options.now ?? new Date()).getTime() - new Date(stored.createdAt).getTime();
  if (options.fresh && age >= 0 && age < FRESH_MS) return { report: stored.report, reran: false };
  // A page, not an action: the re-run opens its own request scope so its audit row names the upstream requests.
  return withRequestScope(
    async () => {
      const report = await runDiagnosis(
        database,
        { key: stored.entraUserId ?? stored.query, userPrincipalName: stored.userPrincipalName ?? undefined },
        { federationId: stored.federationId, graph: options.graph, aws: options.aws },
      );
      await appendAuditEvent(database, {
        actor: options.actor.email,
        role: options.actor.role,
        action: "helpdesk.diagnosis.rerun",
        target: `diagnosis:${stored.shortId}`,
        after: { user: report.subject.userPrincipalName ?? stored.query, outcome: report.outcome, headline: report.headline.text },
        result: "success",
      });
      return { report, reran: true };
    },
    { actor: options.actor },
  );
}
