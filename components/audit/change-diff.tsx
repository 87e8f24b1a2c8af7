import { diffChange } from "@/lib/audit/diff";
import { FieldChanges } from "./field-changes";

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
        <FieldChanges compact caption={`Fields changed by event #${seq}`} changes={changes} beforeLabel="Before" afterLabel="After" />
      )}
    </details>
  );
}
