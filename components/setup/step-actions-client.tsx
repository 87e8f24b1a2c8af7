"use client";

import { useEffect, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { FormStatus } from "../forms/form-status";
import { useActionForm } from "../forms/use-action-form";
import { Button } from "../ui/button";

type StepAction = (
  previous: ActionResult<{ evidence: Record<string, unknown> }> | null,
  form: FormData,
) => Promise<ActionResult<{ evidence: Record<string, unknown> }>>;

function Elapsed({ running }: { running: boolean }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500);
    return () => {
      clearInterval(timer);
      setSeconds(0);
    };
  }, [running]);
  if (!running) return null;
  return (
    <span role="status" className="flex items-center gap-2 text-xs text-sky-800">
      <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-sky-600 border-t-transparent" />
      Working{seconds > 2 ? ` · ${seconds}s (waiting on Entra or AWS; retries with backoff)` : "…"}
    </span>
  );
}

/**
 * The buttons of a step card: run (admins) and verify (anyone who can see Setup). `payload` is the
 * step's input, built by the step's own input component; run stays disabled until it is ready.
 */
/** What every step card's buttons need; the page computes them alike for every step. */
export interface StepActionsProps {
  step: string;
  runLabel?: string;
  canRun: boolean;
  canVerify: boolean;
  runAction: StepAction;
  verifyAction: StepAction;
  /** Shows what running the step would change, before anything is changed. */
  previewAction?: StepAction;
  blocked: boolean;
}

/** The field errors of the last run or preview, by field path ("endpoint", "sets.0.name"), for the input beside which each belongs. */
export type StepFieldErrors = Record<string, string[]>;

export function StepActions({
  step,
  runLabel,
  canRun,
  canVerify,
  runAction,
  verifyAction,
  previewAction,
  payload,
  blocked,
  children,
}: StepActionsProps & {
  payload?: string | null;
  /** The step's input; a function receives the field errors so each can be shown beside its field. */
  children?: ReactNode | ((fieldErrors: StepFieldErrors) => ReactNode);
}) {
  const running = useActionForm(runAction);
  const verifying = useActionForm(verifyAction);
  const previewing = useActionForm(previewAction ?? verifyAction);
  const busy = running.isPending || verifying.isPending || previewing.isPending;
  const changes = previewing.state?.ok ? previewing.state.data.evidence.changes : undefined;
  const needsPayload = payload !== undefined;
  // The newest failed run or preview carries the field errors; shown beside the fields, not in the notice.
  const failed = [running.state, previewing.state].find((state) => state && !state.ok && state.fieldErrors);
  const fieldErrors: StepFieldErrors = failed && !failed.ok ? (failed.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-3">
      {typeof children === "function" ? children(fieldErrors) : children}
      <div className="flex flex-wrap items-center gap-2">
        {canRun && runLabel ? (
          <form onSubmit={running.onSubmit}>
            <input type="hidden" name="step" value={step} />
            {payload ? <input type="hidden" name="payload" value={payload} /> : null}
            <Button type="submit" disabled={busy || blocked || (needsPayload && !payload)}>
              {runLabel}
            </Button>
          </form>
        ) : null}
        {canRun && runLabel && previewAction ? (
          <form onSubmit={previewing.onSubmit}>
            <input type="hidden" name="step" value={step} />
            {payload ? <input type="hidden" name="payload" value={payload} /> : null}
            <Button type="submit" variant="secondary" disabled={busy || blocked || (needsPayload && !payload)}>
              Preview changes
            </Button>
          </form>
        ) : null}
        {canVerify ? (
          <form onSubmit={verifying.onSubmit}>
            <input type="hidden" name="step" value={step} />
            <Button type="submit" variant="secondary" disabled={busy}>
              Verify again
            </Button>
          </form>
        ) : null}
        <Elapsed running={busy} />
      </div>
      {Array.isArray(changes) ? (
        <div role="status" className="rounded-md bg-sky-50 p-3 text-xs text-sky-900 ring-1 ring-sky-200">
          <p className="font-semibold">Running this step would:</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-4">
            {changes.map((change) => (
              <li key={String(change)}>{String(change)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {previewing.state && !previewing.state.ok ? <FormStatus state={previewing.state} /> : null}
      <FormStatus state={running.state} />
      <FormStatus state={verifying.state} />
    </div>
  );
}
