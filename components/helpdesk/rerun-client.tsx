"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

type Action = (previous: ActionResult<{ takenAt: string }> | null, form: FormData) => Promise<ActionResult<{ takenAt: string }>>;

/** "Re-run now": a POST (it calls Entra and AWS and is audited); the page then shows the new result it stored. */
export function RerunDiagnosis({ shortId, action }: { shortId: string; action: Action }) {
  const router = useRouter();
  const { state, isPending, onSubmit } = useActionForm(action);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="shortId" value={shortId} />
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? "Re-running…" : "Re-run now"}
      </Button>
      {state && !state.ok ? <FormStatus state={state} /> : null}
    </form>
  );
}
