import type { ReactNode } from "react";

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
 * Field-level changes between two configurations (lib/audit/diff.ts), as a table that wraps long values instead of
 * widening the page. `extra` adds a last column (drift: who changed it and when).
 */
export function FieldChanges({
  caption,
  changes,
  beforeLabel,
  afterLabel,
  extra,
}: {
  caption: string;
  changes: ShownChange[];
  beforeLabel: string;
  afterLabel: string;
  extra?: { label: string; cell: (change: ShownChange, index: number) => ReactNode };
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full table-fixed border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          <col className="w-[30%]" />
          <col className="w-[6rem]" />
          <col />
          <col />
          {extra ? <col className="w-[22%]" /> : null}
        </colgroup>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Field
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Change
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              {beforeLabel}
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              {afterLabel}
            </th>
            {extra ? (
              <th scope="col" className="px-3 py-2 font-medium">
                {extra.label}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {changes.map((change, i) => (
            <tr key={`${change.path}-${i}`}>
              <th scope="row" className="px-3 py-2 font-mono text-xs font-normal [overflow-wrap:anywhere] text-slate-800">
                {change.path}
              </th>
              <td className={`px-3 py-2 font-medium ${KIND_CLASS[change.kind]}`}>{KIND_LABEL[change.kind]}</td>
              {change.secret ? (
                <td colSpan={2} className="px-3 py-2 text-slate-600 italic">
                  secret: value not shown
                </td>
              ) : (
                <>
                  <td className="px-3 py-2 font-mono text-xs [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-700">{change.before ?? "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-900">{change.after ?? "—"}</td>
                </>
              )}
              {extra ? <td className="px-3 py-2 text-xs text-slate-700">{extra.cell(change, i)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
