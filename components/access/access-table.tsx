import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export const cellClass = "px-3 py-2 align-top";
export const headClass = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
export const tableClass = "w-full table-fixed border-collapse text-sm";

export interface AccessColumn {
  /** Header text ("" for an unlabelled actions column). */
  label: string;
  /** A Tailwind width class for the fixed layout, e.g. "w-[30%]". */
  width: string;
}

/**
 * The Access area's table shell: a bordered, horizontally scrollable box, a fixed layout with the given column
 * widths (so 1,280 px never scrolls sideways), and a header row. Rows are the children (a <tbody>'s content).
 */
export function AccessTable({ label, columns, children, className }: { label: string; columns: readonly AccessColumn[]; children: ReactNode; className?: string }) {
  return (
    <div className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white", className)}>
      <table className={tableClass} aria-label={label}>
        <colgroup>
          {columns.map((c, i) => (
            <col key={i} className={c.width} />
          ))}
        </colgroup>
        <thead className="border-b border-slate-200 bg-slate-50">
          <tr>
            {columns.map((c, i) => (
              <th key={i} className={headClass}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
