"use client";

import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { FormStatus } from "../forms/form-status";
import { useActionForm } from "../forms/use-action-form";
import { Button } from "../ui/button";
import { useFederationAction } from "./federation-scope-client";
import { StepProgressLine, useSetupLive } from "./setup-live-client";

interface PlannedStep {
  id: string;
  number: number;
  title: string;
}
interface PreviewedStep extends PlannedStep {
  changes: string[];
}
type Preview = { steps: PreviewedStep[]; stopsAt: (PlannedStep & { why: "console" | "input" }) | null };
type PreviewAction = (previous: null, form: FormData) => Promise<ActionResult<Preview>>;
type RunAction = (
  previous: ActionResult<{ evidence: Record<string, unknown> }> | null,
  form: FormData,
) => Promise<ActionResult<{ evidence: Record<string, unknown> }>>;

const WHY = { console: "you do it in the AWS console; its card watches for it", input: "it needs something from you on its card" } as const;

/**
 * "Run automated steps": the steps the portal can do by itself up to the next one that needs a person, each with
 * what it would change (read when the batch changes), and one button that runs them all on the server, in order.
 */
export function RunAutomatedSteps({
  plan,
  canRun,
  previewAction: previewActionOfAll,
  runAction: runActionOfAll,
}: {
  plan: { steps: PlannedStep[]; stopsAt: (PlannedStep & { why: "console" | "input" }) | null };
  canRun: boolean;
  previewAction: PreviewAction;
  runAction: RunAction;
}) {
  const previewAction = useFederationAction(previewActionOfAll);
  const runAction = useFederationAction(runActionOfAll);
  const [preview, setPreview] = useState<ActionResult<Preview> | null>(null);
  const running = useActionForm(runAction);
  const live = useSetupLive();
  const key = plan.steps.map((s) => s.id).join(",");
  const busy = running.isPending || live.run?.status === "running";

  // The preview of this batch, read once per batch (a read: it changes nothing and leaves no audit row); not while
  // a run is moving through it (the page refreshes as each step settles), but for the batch it stops before.
  useEffect(() => {
    if (!canRun || !key || busy) return;
    let current = true;
    previewAction(null, new FormData())
      .then((result) => current && setPreview(result))
      .catch(() => current && setPreview({ ok: false, formError: "Could not read the preview. Reload the page to try again." }));
    return () => {
      current = false;
    };
  }, [canRun, key, busy, previewAction]);

  const previewed = preview?.ok ? preview.data.steps.filter((s) => key.split(",").includes(s.id)) : [];
  const ready = previewed.length > 0 && previewed.map((s) => s.id).join(",") === key;
  const stop = plan.stopsAt;
  return (
    <section aria-labelledby="run-automated-title" data-testid="run-automated" className="rounded-xl border border-sky-200 bg-sky-50/60 px-5 py-4 shadow-sm">
      <h2 id="run-automated-title" className="text-base font-semibold text-slate-900">
        Run automated steps
      </h2>
      {plan.steps.length === 0 ? (
        <p className="mt-1 text-sm text-slate-700">
          {stop ? (
            <>
              Nothing for the portal to do by itself right now. Next:{" "}
              <a className="font-medium underline" href={`#step-${stop.id}`}>
                {stop.number}. {stop.title}
              </a>{" "}
              — {WHY[stop.why]}.
            </>
          ) : (
            "Every step is done."
          )}
        </p>
      ) : (
        <div className="mt-2 space-y-3 text-sm">
          <p className="text-slate-700">
            The portal can do the next {plan.steps.length} step{plan.steps.length === 1 ? "" : "s"} by itself, in order
            {stop ? (
              <>
                , up to{" "}
                <a className="font-medium underline" href={`#step-${stop.id}`}>
                  {stop.number}. {stop.title}
                </a>{" "}
                ({WHY[stop.why]})
              </>
            ) : null}
            . It stops at the first failure.
          </p>
          <ol className="space-y-2">
            {plan.steps.map((step) => {
              const changes = previewed.find((p) => p.id === step.id)?.changes;
              return (
                <li key={step.id} className="rounded-md bg-white px-3 py-2 ring-1 ring-sky-100">
                  <p className="font-medium text-slate-900">
                    {step.number}. {step.title}
                  </p>
                  {changes ? (
                    <ul className="mt-1 list-disc space-y-0.5 pl-4 text-xs text-slate-700">
                      {changes.map((change) => (
                        <li key={change}>{change}</li>
                      ))}
                    </ul>
                  ) : canRun ? (
                    <p className="mt-1 text-xs text-slate-500">Reading what it would change…</p>
                  ) : null}
                  <StepProgressLine step={step.id} waiting={false} />
                </li>
              );
            })}
          </ol>
          {preview && !preview.ok ? <FormStatus state={preview} /> : null}
          {canRun ? (
            <form onSubmit={running.onSubmit} className="flex flex-wrap items-center gap-3">
              <input type="hidden" name="steps" value={ready ? key : ""} />
              <Button type="submit" disabled={!ready || busy}>
                Run these {plan.steps.length} step{plan.steps.length === 1 ? "" : "s"}
              </Button>
              {running.isPending ? <span className="text-xs text-slate-600">Running on the server; each step reports below as it goes.</span> : null}
            </form>
          ) : null}
        </div>
      )}
      <div className="mt-2">
        <FormStatus state={running.state} />
      </div>
    </section>
  );
}
