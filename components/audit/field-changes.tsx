import type { ReactNode } from "react";

/** One field's change (a FieldChange of lib/audit/diff.ts, or a drift entry's): a secret's values are never shown. */
export interface ShownChange {
  path: string;
  kind: "added" | "removed" | "changed";
  secret: boolean;
  before?: string;
  after?: string;
}

const KIND_LABEL = { added: "Added", removed: "Removed", changed: "Changed" } as const;
const KIND_CLASS = { added: "text-emerald-800", removed: "text-red-800", changed: "text-amber-900" } as const;

/**
 * Field-level changes (lib/audit/diff.ts) — an audit event's before → after, or two configurations — as a table
 * that wraps long values instead of widening the page. `extra` adds a last column (drift: who changed it and
 * when); `compact` is the denser form shown inside an audit event.
 */
export function FieldChanges({
  caption,
  changes,
  beforeLabel,
  afterLabel,
  extra,
  compact = false,
}: {
  caption: string;
  changes: ShownChange[];
  beforeLabel: string;
  afterLabel: string;
  extra?: { label: string; cell: (change: ShownChange, index: number) => ReactNode };
  compact?: boolean;
}) {
  const cell = compact ? "py-1 pr-2" : "px-3 py-2";
  return (
    <div className={compact ? "mt-2 overflow-x-auto" : "overflow-x-auto rounded-lg border border-slate-200 bg-white"}>
      <table className={`w-full table-fixed border-collapse text-left ${compact ? "text-xs" : "text-sm"}`}>
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          <col className="w-[30%]" />
          <col className="w-[6rem]" />
          <col />
          <col />
          {extra ? <col className="w-[22%]" /> : null}
        </colgroup>
        <thead className={compact ? "text-slate-600" : "bg-slate-50 text-xs text-slate-600"}>
          <tr>
            <th scope="col" className={`${cell} font-medium`}>
              Field
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              Change
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              {beforeLabel}
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              {afterLabel}
            </th>
            {extra ? (
              <th scope="col" className={`${cell} font-medium`}>
                {extra.label}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {changes.map((change, i) => (
            <tr key={`${change.path}-${i}`}>
              <th scope="row" className={`${cell} font-mono text-xs font-normal [overflow-wrap:anywhere] text-slate-800`}>
                {change.path}
              </th>
              <td className={`${cell} font-medium ${KIND_CLASS[change.kind]}`}>{KIND_LABEL[change.kind]}</td>
              {change.secret ? (
                <td colSpan={2} className={`${cell} text-slate-600 italic`}>
                  secret: value not shown
                </td>
              ) : (
                <>
                  <td className={`${cell} font-mono text-xs [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-700`}>{change.before ?? "—"}</td>
                  <td className={`${cell} font-mono text-xs [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-900`}>{change.after ?? "—"}</td>
                </>
              )}
              {extra ? <td className={`${cell} text-xs text-slate-700`}>{extra.cell(change, i)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
