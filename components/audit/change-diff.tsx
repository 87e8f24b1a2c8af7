import { diffChange } from "@/lib/audit/diff";

const KIND_LABEL = { added: "Added", removed: "Removed", changed: "Changed" } as const;
const KIND_CLASS = { added: "text-emerald-800", removed: "text-red-800", changed: "text-amber-900" } as const;

/** An event's change as a field-level diff, folded away until asked for. */
export function ChangeDiff({ seq, before, after }: { seq: number; before: unknown; after: unknown }) {
  if (before === undefined && after === undefined) return null;
  const changes = diffChange(before, after);
  const onlyAfter = before === undefined;
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-sky-800">
        Show change ({changes.length} field{changes.length === 1 ? "" : "s"})
      </summary>
      {onlyAfter ? <p className="mt-2 text-xs text-slate-600">This event recorded no earlier value: every field is shown as added.</p> : null}
      {changes.length === 0 ? (
        <p className="mt-2 text-xs text-slate-600">Nothing changed.</p>
      ) : (
        <table className="mt-2 w-full table-fixed border-collapse text-left text-xs">
          <caption className="sr-only">Fields changed by event #{seq}</caption>
          <colgroup>
            <col className="w-[28%]" />
            <col className="w-[5.5rem]" />
            <col />
            <col />
          </colgroup>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                Field
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Change
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Before
              </th>
              <th scope="col" className="py-1 font-medium">
                After
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {changes.map((change) => (
              <tr key={change.path}>
                <th scope="row" className="py-1 pr-2 font-mono font-normal [overflow-wrap:anywhere] text-slate-800">
                  {change.path}
                </th>
                <td className={`py-1 pr-2 font-medium ${KIND_CLASS[change.kind]}`}>{KIND_LABEL[change.kind]}</td>
                {change.secret ? (
                  <td colSpan={2} className="py-1 text-slate-600 italic">
                    secret: value not shown
                  </td>
                ) : (
                  <>
                    <td className="py-1 pr-2 font-mono [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-700">
                      {"before" in change ? change.before : "—"}
                    </td>
                    <td className="py-1 font-mono [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-900">{"after" in change ? change.after : "—"}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
