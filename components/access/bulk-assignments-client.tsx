"use client";

import { useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { DiffAction, DiffRow } from "@/lib/access/assignment-plan";
import { useActionForm } from "@/components/forms/use-action-form";
import { DiffTable, diffSummary } from "@/components/access/diff-table";
import { JobProgress } from "@/components/access/job-progress-client";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export interface Option {
  value: string;
  label: string;
}
type PlanView = { counts: Record<DiffAction, number>; digest: string; rows: DiffRow[]; truncated: number };
type PreviewAction = (previous: ActionResult<PlanView> | null, form: FormData) => Promise<ActionResult<PlanView>>;
type ApplyAction = (previous: ActionResult<{ jobId: string }> | null, form: FormData) => Promise<ActionResult<{ jobId: string }>>;

const selectClass = "mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1 text-sm";

/**
 * Admin: add or remove account assignments in bulk. Accounts (or OUs) × principals × one permission set → a preview
 * diff (create / keep / remove, protected principals refused with the reason) → confirm → a job with live progress.
 * The apply re-reads AWS and refuses when the diff changed since the preview.
 */
export function BulkAssignments({
  ous,
  accounts,
  groups,
  users,
  permissionSets,
  previewAction,
  applyAction,
  preset,
  title = "Add or remove assignments in bulk",
}: {
  ous: Option[];
  accounts: Option[];
  groups: Option[];
  users: Option[];
  permissionSets: Option[];
  previewAction: PreviewAction;
  applyAction: ApplyAction;
  /** A fixed request (the permission set page's "remove every assignment"): no form, just the preview. */
  preset?: { mode: "add" | "remove"; targets: string[]; principals: string[]; permissionSetArn: string };
  title?: string;
}) {
  const preview = useActionForm(previewAction);
  const apply = useActionForm(applyAction);
  const [request, setRequest] = useState<[string, string][]>([]);
  const onPreview = (event: FormEvent<HTMLFormElement>) => {
    setRequest([...new FormData(event.currentTarget).entries()].map(([k, v]) => [k, String(v)]));
    preview.onSubmit(event);
  };
  const plan = preview.state?.ok ? preview.state.data : null;
  const changes = plan ? plan.counts.create + plan.counts.remove : 0;
  const jobId = apply.state?.ok ? apply.state.data.jobId : null;

  return (
    <section className="space-y-3" aria-label={title}>
      <form onSubmit={onPreview} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label={`${title}: choose`}>
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {preset ? (
          <>
            <input type="hidden" name="mode" value={preset.mode} />
            <input type="hidden" name="permissionSetArn" value={preset.permissionSetArn} />
            {preset.targets.map((t) => (
              <input key={`t${t}`} type="hidden" name="targets" value={t} />
            ))}
            {preset.principals.map((p) => (
              <input key={`p${p}`} type="hidden" name="principals" value={p} />
            ))}
          </>
        ) : (
          <>
            <fieldset className="flex gap-4 text-sm">
              <legend className="sr-only">Add or remove</legend>
              <label className="flex items-center gap-1">
                <input type="radio" name="mode" value="add" defaultChecked /> Add
              </label>
              <label className="flex items-center gap-1">
                <input type="radio" name="mode" value="remove" /> Remove
              </label>
            </fieldset>
            <div className="grid gap-3 md:grid-cols-3">
              <label className="text-sm">
                <span className="block text-xs text-slate-600">Accounts or OUs (an OU includes its child OUs)</span>
                <select name="targets" multiple size={8} className={selectClass} aria-label="Accounts or OUs">
                  <optgroup label="OUs">
                    {ous.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Accounts">
                    {accounts.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </optgroup>
                </select>
                <FieldError state={preview.state} field="targets" />
              </label>
              <label className="text-sm">
                <span className="block text-xs text-slate-600">Groups or users</span>
                <select name="principals" multiple size={8} className={selectClass} aria-label="Groups or users">
                  <optgroup label="Groups">
                    {groups.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Users">
                    {users.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </optgroup>
                </select>
                <FieldError state={preview.state} field="principals" />
              </label>
              <label className="text-sm">
                <span className="block text-xs text-slate-600">Permission set</span>
                <select name="permissionSetArn" className={selectClass} aria-label="Permission set" defaultValue="">
                  <option value="" disabled>
                    Choose…
                  </option>
                  {permissionSets.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
                <FieldError state={preview.state} field="permissionSetArn" />
              </label>
            </div>
          </>
        )}
        <Button type="submit" variant="secondary" disabled={preview.isPending}>
          {preview.isPending ? "Reading AWS…" : preset ? "Preview removing these assignments" : "Preview"}
        </Button>
        {preview.state && !preview.state.ok ? <Notice tone="bad" title={preview.state.formError ?? "Check the choices above."} /> : null}
      </form>

      {plan ? (
        <div className="space-y-2" data-testid="bulk-preview">
          <p className="text-sm text-slate-700" role="status">
            Preview: {diffSummary(plan.counts)}.
          </p>
          <DiffTable rows={plan.rows} truncated={plan.truncated} label="Preview of the change" />
          {changes && !jobId ? (
            <form onSubmit={apply.onSubmit}>
              {request.map(([k, v], i) => (
                <input key={i} type="hidden" name={k} value={v} />
              ))}
              <input type="hidden" name="digest" value={plan.digest} />
              <Button type="submit" disabled={apply.isPending}>
                {apply.isPending ? "Starting…" : `Confirm: ${[plan.counts.create ? `create ${plan.counts.create}` : null, plan.counts.remove ? `remove ${plan.counts.remove}` : null].filter(Boolean).join(", ")}`}
              </Button>
            </form>
          ) : null}
          {!changes ? <p className="text-sm text-slate-600">Nothing to change{plan.counts.refused ? ": every change is refused" : ""}.</p> : null}
          {apply.state && !apply.state.ok ? <Notice tone="bad" title={apply.state.formError} /> : null}
          {apply.state?.ok ? <Notice tone="good">{apply.state.message}</Notice> : null}
          {jobId ? (
            <JobProgress
              initial={{
                jobId,
                title: "Applying the change",
                status: "pending",
                total: changes,
                byStatus: { pending: changes, submitting: 0, submitted: 0, succeeded: 0, failed: 0 },
                failures: [],
              }}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function FieldError({ state, field }: { state: ActionResult<unknown> | null; field: string }) {
  const errors = state && !state.ok ? state.fieldErrors?.[field] : undefined;
  return errors?.length ? <span className="mt-0.5 block text-xs text-red-700">{errors.join("; ")}</span> : null;
}
