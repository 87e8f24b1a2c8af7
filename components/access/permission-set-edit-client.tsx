"use client";

import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
const inputClass = "mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1 text-sm";

export interface PermissionSetFormValues {
  permissionSetArn: string;
  name: string;
  description: string;
  sessionDuration: string;
  relayState: string;
  managedPolicyArns: string[];
  inlinePolicy: string;
}

/** Admin: edit a permission set. AWS keeps the new version; provisioned accounts keep the old one until re-provisioned. */
export function PermissionSetEditForm({ values, action }: { values: PermissionSetFormValues; action: Action<{ changed: number }> }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const error = (name: string) => {
    const e = state && !state.ok ? state.fieldErrors?.[name] : undefined;
    return e?.length ? <span className="mt-0.5 block text-xs text-red-700">{e.join("; ")}</span> : null;
  };
  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label={`Edit ${values.name}`}>
      <h2 className="text-base font-semibold text-slate-900">Edit</h2>
      <input type="hidden" name="permissionSetArn" value={values.permissionSetArn} />
      <div className="grid gap-3 md:grid-cols-3">
        <label className="text-sm">
          <span className="block text-xs text-slate-600">Session duration (PT1H–PT12H)</span>
          <input name="sessionDuration" defaultValue={values.sessionDuration} className={inputClass} />
          {error("sessionDuration")}
        </label>
        <label className="text-sm">
          <span className="block text-xs text-slate-600">Relay state (console URL; blank keeps the current one)</span>
          <input name="relayState" defaultValue={values.relayState} className={inputClass} placeholder="https://console.aws.amazon.com/…" />
          {error("relayState")}
        </label>
        <label className="text-sm">
          <span className="block text-xs text-slate-600">Description (blank keeps the current one)</span>
          <input name="description" defaultValue={values.description} className={inputClass} />
          {error("description")}
        </label>
      </div>
      <label className="block text-sm">
        <span className="block text-xs text-slate-600">AWS managed policies (one ARN a line, at most 20)</span>
        <textarea name="managedPolicyArns" defaultValue={values.managedPolicyArns.join("\n")} rows={4} className={`${inputClass} font-mono text-xs`} />
        {error("managedPolicyArns")}
      </label>
      <label className="block text-sm">
        <span className="block text-xs text-slate-600">Inline policy (JSON IAM policy; blank for none)</span>
        <textarea name="inlinePolicy" defaultValue={values.inlinePolicy} rows={8} className={`${inputClass} font-mono text-xs`} spellCheck={false} />
        {error("inlinePolicy")}
      </label>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Saving…" : "Save changes"}
      </Button>
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError ?? "Check the fields above."} /> : null}
    </form>
  );
}

/** Admin: delete an unassigned permission set (confirmed in the same click: the button names it). */
export function DeletePermissionSetButton({ permissionSetArn, name, action }: { permissionSetArn: string; name: string; action: Action<{ deleted: boolean }> }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="permissionSetArn" value={permissionSetArn} />
      <input type="hidden" name="confirm" value="yes" />
      {state?.ok ? null : (
        <Button type="submit" variant="secondary" disabled={isPending} className="text-red-800">
          {isPending ? "Deleting…" : `Delete ${name}`}
        </Button>
      )}
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} /> : null}
    </form>
  );
}
