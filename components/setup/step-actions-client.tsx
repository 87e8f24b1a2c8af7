"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { FormStatus } from "../forms/form-status";
import { useActionForm } from "../forms/use-action-form";
import { Button } from "../ui/button";
import { useFederationAction } from "./federation-scope-client";
import { StepProgressLine } from "./setup-live-client";

type ProbeAction = (previous: null, form: FormData) => Promise<ActionResult<{ ready: boolean; message: string }>>;

/** How often an open console step's evidence is looked for: soon after the card opens, then less often. */
const WATCH = { firstMs: 2_000, factor: 1.5, maxMs: 20_000 } as const;

type StepAction = (
  previous: ActionResult<{ evidence: Record<string, unknown> }> | null,
  form: FormData,
) => Promise<ActionResult<{ evidence: Record<string, unknown> }>>;

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
  /**
   * A step a person does in a console, whose card is open: the page looks for its evidence (recording nothing) with
   * backoff and, once it is there, completes the step with one verify — no "I did it" click needed.
   */
  watch?: boolean;
  probeAction?: ProbeAction;
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
  watch,
  probeAction,
  autoRun,
  children,
}: StepActionsProps & {
  payload?: string | null;
  /** Run the step as soon as its input is complete and checked (a file that passed the check, both SCIM fields pasted). */
  autoRun?: boolean;
  /** The step's input; a function receives the field errors so each can be shown beside its field. */
  children?: ReactNode | ((fieldErrors: StepFieldErrors) => ReactNode);
}) {
  const run = useFederationAction(runAction);
  const verify = useFederationAction(verifyAction);
  const preview = useFederationAction(previewAction);
  const probe = useFederationAction(probeAction);
  const running = useActionForm(run);
  const verifying = useActionForm(verify);
  const previewing = useActionForm(preview ?? verify);
  const busy = running.isPending || verifying.isPending || previewing.isPending;
  const changes = previewing.state?.ok ? previewing.state.data.evidence.changes : undefined;
  const needsPayload = payload !== undefined;
  // The newest failed run or preview carries the field errors; shown beside the fields, not in the notice.
  const failed = [running.state, previewing.state].find((state) => state && !state.ok && state.fieldErrors);
  const fieldErrors: StepFieldErrors = failed && !failed.ok ? (failed.fieldErrors ?? {}) : {};
  const [watching, setWatching] = useState<string | null>(null);
  const submitVerify = verifying.submit;
  const submitRun = running.submit;

  // A console step's evidence, looked for while its card is open; found, the step is completed by one verify.
  useEffect(() => {
    if (!watch || !probe || !canRun) return;
    let stopped = false;
    let delay: number = WATCH.firstMs;
    let timer: ReturnType<typeof setTimeout>;
    const form = () => {
      const data = new FormData();
      data.set("step", step);
      return data;
    };
    const tick = async () => {
      if (document.visibilityState === "hidden") return schedule();
      const result = await probe(null, form()).catch(() => null);
      if (stopped) return;
      if (result?.ok && result.data.ready) {
        setWatching(null);
        submitVerify(form());
        return;
      }
      setWatching(result?.ok ? result.data.message : "Could not look just now; trying again.");
      delay = Math.min(WATCH.maxMs, Math.round(delay * WATCH.factor));
      schedule();
    };
    const schedule = () => {
      timer = setTimeout(() => void tick(), delay);
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [watch, probe, canRun, step, submitVerify]);

  // Input that is complete and checked is used at once, once per distinct input (a pause lets a paste settle).
  const autoRan = useRef<string | null>(null);
  useEffect(() => {
    if (!autoRun || !canRun || blocked || !payload || autoRan.current === payload) return;
    const timer = setTimeout(() => {
      autoRan.current = payload;
      const data = new FormData();
      data.set("step", step);
      data.set("payload", payload);
      submitRun(data);
    }, 400);
    return () => clearTimeout(timer);
  }, [autoRun, canRun, blocked, payload, step, submitRun]);
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
        <StepProgressLine step={step} waiting={running.isPending || previewing.isPending || verifying.isPending} />
      </div>
      {watch && canRun && !busy ? (
        <p role="status" data-testid={`watching-${step}`} className="text-xs text-slate-600">
          Watching for it: the card updates by itself once it is done{watching ? ` (last look: ${watching})` : ""}.
        </p>
      ) : null}
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
