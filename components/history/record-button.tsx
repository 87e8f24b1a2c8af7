"use client";

import type { ActionResult } from "@/lib/actions/result";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/** A POST that reads both clouds and records what it found ("Take a snapshot now", "Check drift now"), with its outcome. */
export function RecordButton<T>({ action, label, pendingLabel, federation }: { action: Action<T>; label: string; pendingLabel: string; federation: string }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="flex max-w-sm flex-col items-end gap-2">
      <input type="hidden" name="federation" value={federation} />
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? pendingLabel : label}
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
