"use client";

import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action = (previous: ActionResult<{ ended: number }> | null, form: FormData) => Promise<ActionResult<{ ended: number }>>;

/** Admin only: ends every open session of one user (audited). */
export function EndSessionsButton({ userId, email, action }: { userId: string; email: string; action: Action }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="flex items-center justify-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} /> : null}
      <Button type="submit" variant="secondary" disabled={isPending} aria-label={`End all sessions of ${email}`}>
        {isPending ? "Ending…" : "End sessions"}
      </Button>
    </form>
  );
}
