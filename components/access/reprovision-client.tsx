"use client";

import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action = (previous: ActionResult<{ provisioned: boolean }> | null, form: FormData) => Promise<ActionResult<{ provisioned: boolean }>>;

/**
 * Admin: push the latest version of a permission set to every account that has it. Rendered for every provisioned
 * set (the button only while some account is outdated), so the result stays on screen after the page refreshes.
 */
export function ReprovisionButton({ permissionSetArn, name, accounts, action }: { permissionSetArn: string; name: string; accounts: number; action: Action }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  if (!accounts && !state) return null;
  return (
    <form onSubmit={onSubmit} className="mt-2 space-y-1">
      <input type="hidden" name="permissionSetArn" value={permissionSetArn} />
      {accounts ? (
        <Button type="submit" variant="secondary" disabled={isPending} className="px-2 py-1 text-xs" aria-label={`Re-provision ${name}`}>
          {isPending ? "Provisioning…" : `Re-provision to ${accounts} outdated account${accounts === 1 ? "" : "s"}`}
        </Button>
      ) : null}
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} /> : null}
    </form>
  );
}
