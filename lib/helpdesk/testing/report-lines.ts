import type { Check, CheckId, DiagnosisReport } from "../types";

/** One line of a diagnosis by id; throws (naming the outcome and headline) when the chain has no such line. */
export function line(report: DiagnosisReport, id: CheckId): Check {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.outcome}: ${JSON.stringify(report.headline)}`);
  return found;
}

/** Each line's colour, by id. */
export const statuses = (report: DiagnosisReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
