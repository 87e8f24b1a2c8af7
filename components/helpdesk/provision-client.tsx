"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { ConfirmBlock } from "@/components/forms/confirm-block";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action = (previous: ActionResult<{ result: string; errorCode: string | null }> | null, form: FormData) => Promise<ActionResult<{ result: string; errorCode: string | null }>>;

/**
 * Provision on demand, confirmed first. Whatever the outcome (a failed attempt leaves its own log entry), the action
 * re-runs the chain and stores it, and the page then re-renders with it.
 */
export function ProvisionOnDemand({ shortId, userPrincipalName, action }: { shortId: string; userPrincipalName: string; action: Action }) {
  const router = useRouter();
  const { state, isPending, onSubmit } = useActionForm(action);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!state) return;
    // The action re-ran the chain and stored it as the diagnosis's latest result: show it.
    router.refresh();
  }, [state, router]);
  return (
    <div className="space-y-2">
      {confirming ? (
        <form onSubmit={(e) => (onSubmit(e), setConfirming(false))}>
          <input type="hidden" name="shortId" value={shortId} />
          <ConfirmBlock confirmLabel="Confirm: provision now" isPending={isPending} onCancel={() => setConfirming(false)}>
            Entra will evaluate {userPrincipalName} now and create or update them in AWS if they are in scope (Graph allows 5 of these per 10 seconds). Then the checks run again.
          </ConfirmBlock>
        </form>
      ) : (
        <Button type="button" variant="secondary" disabled={isPending} onClick={() => setConfirming(true)}>
          {isPending ? "Provisioning…" : "Provision on demand"}
        </Button>
      )}
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} /> : null}
    </div>
  );
}
