"use client";

import type { ActionResult } from "@/lib/actions/result";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/** "Verify integrity": a POST (it signs a checkpoint and is itself audited); the page then shows the stored result. */
export function VerifyIntegrity<T>({ action }: { action: Action<T> }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="flex flex-col items-end gap-2">
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? "Verifying…" : "Verify integrity"}
      </Button>
      {state && !state.ok ? <FormStatus state={state} /> : null}
    </form>
  );
}
