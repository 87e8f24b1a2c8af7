import type { StoredVerification } from "@/lib/audit/integrity";
import { Badge } from "../ui/badge";

const when = (iso: string) => iso.replace("T", " ").slice(0, 16);

/** The last stored verification: what it found, against how many signed checkpoints, when and by whom. */
export function ChainStatus({ report }: { report: StoredVerification | undefined }) {
  if (!report) return <p className="text-sm text-slate-600">Not verified yet.</p>;
  const newest = report.lastCheckpoint;
  const by = (
    <span className="text-xs text-slate-600">
      Last verified {when(report.at)} UTC by {report.by}
      {newest ? ` · newest signed checkpoint: event #${newest.seq}, ${when(newest.at)} UTC, key v${newest.keyVersion}` : " · no signed checkpoint yet"}
    </span>
  );
  if (report.ok) {
    return (
      <div className="flex flex-col items-end gap-1" role="status">
        <Badge tone="good" className="px-3 py-1 text-sm">
          <span aria-hidden="true">✓</span> Chain intact · {report.checked.toLocaleString("en")} events verified · {report.checkpoints} signed checkpoint
          {report.checkpoints === 1 ? "" : "s"}
        </Badge>
        {by}
      </div>
    );
  }
  const problem = report.problem;
  const what =
    problem?.kind === "edited"
      ? "an event was altered"
      : problem?.kind === "broken-link"
        ? "an event is missing or out of order"
        : problem?.kind === "checkpoint-invalid"
          ? `a signed checkpoint does not hold: ${problem.detail}`
          : `the log no longer matches a signed checkpoint: ${problem?.detail ?? "unknown"}`;
  return (
    <div className="flex flex-col items-end gap-1" role="status">
      <Badge tone="bad" className="px-3 py-1 text-sm">
        <span aria-hidden="true">✗</span> Chain broken{problem ? ` at event #${problem.seq}` : ""}: {what}
      </Badge>
      {by}
    </div>
  );
}
