"use client";

import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action = (previous: ActionResult<{ helpdeskMayProvisionOnDemand: boolean }> | null, form: FormData) => Promise<ActionResult<{ helpdeskMayProvisionOnDemand: boolean }>>;

/** Admin only: whether helpdesk may provision on demand from a diagnosis (audited). */
export function HelpdeskPolicyForm({ allowed, action }: { allowed: boolean; action: Action }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="helpdeskMayProvisionOnDemand" defaultChecked={allowed} className="mt-1" />
        <span>Helpdesk may provision a user on demand from a diagnosis page (admins always may).</span>
      </label>
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? "Saving…" : "Save"}
      </Button>
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} /> : null}
    </form>
  );
}
