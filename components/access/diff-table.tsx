import { AccessTable, cellClass } from "@/components/access/access-table";
import { Badge, type Tone } from "@/components/ui/badge";
import type { DiffAction, DiffRow } from "@/lib/access/assignment-plan";

const WORDS: Record<DiffAction, { label: string; tone: Tone }> = {
  create: { label: "Create", tone: "good" },
  keep: { label: "Keep", tone: "neutral" },
  remove: { label: "Remove", tone: "bad" },
  absent: { label: "Not there", tone: "neutral" },
  refused: { label: "Refused", tone: "warn" },
};

export function diffSummary(counts: Record<DiffAction, number>): string {
  const parts = [
    counts.create ? `${counts.create} to create` : null,
    counts.remove ? `${counts.remove} to remove` : null,
    counts.keep ? `${counts.keep} kept (already there)` : null,
    counts.absent ? `${counts.absent} not there (nothing to remove)` : null,
    counts.refused ? `${counts.refused} refused` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "nothing";
}

/** A preview diff: one row per account × principal, with what would happen and why a row is refused. */
export function DiffTable({ rows, label, truncated = 0 }: { rows: readonly DiffRow[]; label: string; truncated?: number }) {
  const order: DiffAction[] = ["refused", "create", "remove", "keep", "absent"];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.action) - order.indexOf(b.action) || a.ouPath.localeCompare(b.ouPath) || a.accountName.localeCompare(b.accountName));
  return (
    <>
      <AccessTable
        label={label}
        columns={[
          { label: "Change", width: "w-[13%]" },
          { label: "Account", width: "w-[27%]" },
          { label: "Principal", width: "w-[22%]" },
          { label: "Permission set", width: "w-[18%]" },
          { label: "Note", width: "w-[20%]" },
        ]}
      >
        {sorted.map((r) => (
          <tr key={`${r.action}:${r.accountId}:${r.principalType}:${r.principalId}:${r.permissionSetArn}`} className="border-t border-slate-100" data-change={r.action} data-account={r.accountId}>
            <td className={cellClass}>
              <Badge tone={WORDS[r.action].tone}>{WORDS[r.action].label}</Badge>
            </td>
            <td className={`${cellClass} break-words`}>
              <div className="font-medium text-slate-900">{r.accountName}</div>
              <div className="text-xs text-slate-500">
                {r.accountId}
                {r.ouPath ? ` · ${r.ouPath}` : " · Root"}
              </div>
            </td>
            <td className={`${cellClass} break-words`}>
              {r.principalType === "GROUP" ? "Group" : "User"} {r.principalName}
            </td>
            <td className={`${cellClass} break-words`}>{r.permissionSetName}</td>
            <td className={`${cellClass} break-words text-xs ${r.action === "refused" ? "text-amber-900" : "text-slate-600"}`}>{r.reason ?? ""}</td>
          </tr>
        ))}
      </AccessTable>
      {truncated ? <p className="mt-1 text-xs text-slate-500">{truncated} more rows not shown; the counts above include them.</p> : null}
    </>
  );
}
