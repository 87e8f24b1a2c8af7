import { translateProvisioningError } from "@/lib/helpdesk/translate";
import type { LogRow } from "@/lib/provisioning/status";

/** The error in plain words first (known codes), Entra's own reason and code beneath it as evidence. */
export function LogError({ row }: { row: LogRow }) {
  if (!row.errorCode && !row.errorReason) return null;
  const plain = translateProvisioningError(row.errorCode);
  return (
    <>
      {plain.known ? <span className="block">{plain.cause}</span> : null}
      <span className={plain.known ? "block text-xs text-slate-500" : "block"}>
        {row.errorReason ?? row.errorCode}
        {row.errorCode && row.errorReason ? ` (${row.errorCode})` : ""}
      </span>
      {plain.known ? <span className="block text-xs text-slate-600">Fix: {plain.remedy}</span> : row.recommendedAction ? <span className="block text-xs text-slate-500">{row.recommendedAction}</span> : null}
    </>
  );
}
