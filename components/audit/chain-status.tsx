import type { ChainReport } from "@/lib/audit/verify";
import { Badge } from "../ui/badge";

export function ChainStatus({ report }: { report: ChainReport }) {
  if (report.ok) {
    return (
      <Badge tone="good" className="px-3 py-1 text-sm">
        <span aria-hidden="true">✓</span> Chain intact · {report.checked.toLocaleString("en")} events verified
      </Badge>
    );
  }
  const where = report.problem ? `at event #${report.problem.seq}` : "";
  const what = report.problem?.kind === "edited" ? "an event was altered" : "an event is missing or out of order";
  return (
    <Badge tone="bad" className="px-3 py-1 text-sm">
      <span aria-hidden="true">✗</span> Chain broken {where}: {what}
    </Badge>
  );
}
