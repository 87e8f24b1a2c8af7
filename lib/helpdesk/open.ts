import "server-only";
import type { Database } from "../db";
import { runDiagnosis, type RunDiagnosisOptions } from "./run";
import { saveLatestRun, type StoredDiagnosis } from "./store";
import type { DiagnosisReport } from "./types";

/**
 * What a diagnosis link shows: the latest re-run if there is one, else the copy taken when it was made. Reading it
 * calls nothing upstream and writes nothing: a GET has no side effects, so a link opened by an auditor, pasted in a
 * ticket or followed cross-site costs no Graph or AWS call and no audit row
 * (https://www.rfc-editor.org/rfc/rfc9110#section-9.2.1).
 */
export function shownDiagnosis(stored: StoredDiagnosis): { report: DiagnosisReport; by: string; rerun: boolean } {
  return stored.latest ? { report: stored.latest.report, by: stored.latest.by, rerun: true } : { report: stored.report, by: stored.createdBy, rerun: false };
}

/**
 * "Re-run now" (a POST action, which audits it): the check runs again live for the same user and federation and is
 * kept as the diagnosis's latest result; the first copy stays as it was taken.
 */
export async function rerunDiagnosis(database: Database, stored: StoredDiagnosis, by: string, options: Pick<RunDiagnosisOptions, "graph" | "aws"> = {}): Promise<StoredDiagnosis> {
  const report = await runDiagnosis(
    database,
    { key: stored.entraUserId ?? stored.query, userPrincipalName: stored.userPrincipalName ?? undefined },
    { federationId: stored.federationId, graph: options.graph, aws: options.aws },
  );
  return saveLatestRun(database, stored.shortId, report, by);
}
