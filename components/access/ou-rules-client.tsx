"use client";

import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/components/forms/use-action-form";
import { JobProgress } from "@/components/access/job-progress-client";
import type { Option } from "@/components/access/bulk-assignments-client";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
const selectClass = "mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1 text-sm";

/** Admin: "every account in OU X gets group G with permission set P". */
export function AddOuRuleForm({ ous, groups, permissionSets, action }: { ous: Option[]; groups: Option[]; permissionSets: Option[]; action: Action<{ added: boolean }> }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const field = (name: string) => (state && !state.ok ? state.fieldErrors?.[name]?.join("; ") : undefined);
  return (
    <form onSubmit={onSubmit} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" aria-label="Add an OU rule">
      <h2 className="text-base font-semibold text-slate-900">Add a rule</h2>
      <div className="grid gap-3 md:grid-cols-3">
        {(
          [
            ["ouId", "Every account in", ous],
            ["groupId", "gets the group", groups],
            ["permissionSetArn", "with the permission set", permissionSets],
          ] as const
        ).map(([name, label, options]) => (
          <label key={name} className="text-sm">
            <span className="block text-xs text-slate-600">{label}</span>
            <select name={name} defaultValue="" className={selectClass} aria-label={label}>
              <option value="" disabled>
                Choose…
              </option>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            {field(name) ? <span className="mt-0.5 block text-xs text-red-700">{field(name)}</span> : null}
          </label>
        ))}
      </div>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Adding…" : "Add rule"}
      </Button>
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError ?? "Check the choices above."} /> : null}
    </form>
  );
}

export function RemoveOuRuleButton({ id, label, action }: { id: string; label: string; action: Action<{ removed: boolean }> }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="inline">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" disabled={isPending} className="px-2 py-0.5 text-xs" aria-label={`Remove the rule ${label}`}>
        {isPending ? "Removing…" : "Remove rule"}
      </Button>
      {state && !state.ok ? <Notice tone="bad" title={state.formError} /> : null}
    </form>
  );
}

/** Admin: create what the OU rules say is missing (the diff shown above it), as a job. */
export function ApplyOuRulesButton({ digest, count, action }: { digest: string; count: number; action: Action<{ jobId: string }> }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const jobId = state?.ok ? state.data.jobId : null;
  return (
    <div className="space-y-2">
      {!jobId ? (
        <form onSubmit={onSubmit}>
          <input type="hidden" name="digest" value={digest} />
          <Button type="submit" disabled={isPending}>
            {isPending ? "Starting…" : `Create the ${count} missing assignment${count === 1 ? "" : "s"}`}
          </Button>
        </form>
      ) : null}
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} /> : null}
      {jobId ? (
        <JobProgress
          initial={{ jobId, title: "Applying the OU rules", status: "pending", total: count, byStatus: { pending: count, submitting: 0, submitted: 0, succeeded: 0, failed: 0 }, failures: [] }}
        />
      ) : null}
    </div>
  );
}
