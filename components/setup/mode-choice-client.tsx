"use client";

import type { ActionResult } from "@/lib/actions/result";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

export interface ModeOption {
  mode: string;
  title: string;
  recommended: boolean;
  summary: string;
  costs: string[];
}

/**
 * How this federation is set up: asked while its checklist has not been started. Each option says what it is for
 * and what it costs; the current one is marked, the other is a button.
 */
export function ModeChoice<T>({
  options,
  current,
  open,
  canChoose,
  action,
}: {
  options: ModeOption[];
  current: string;
  open: boolean;
  canChoose: boolean;
  action: Action<T>;
}) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const currentTitle = options.find((o) => o.mode === current)?.title ?? current;
  if (!open)
    return (
      <p className="mb-4 text-sm text-slate-700">
        This federation follows the <strong>{currentTitle}</strong> checklist (chosen when it was created; it stays once a step has run).
      </p>
    );
  return (
    <section aria-labelledby="mode-choice-title" className="mb-6 rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <h2 id="mode-choice-title" className="text-base font-semibold text-slate-900">
        How should Entra ID federate with AWS?
      </h2>
      <p className="mt-1 text-sm text-slate-600">Choose before the first step; the checklist below follows the choice.</p>
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        {options.map((option) => (
          <form key={option.mode} onSubmit={onSubmit} className={`rounded-lg p-3 ring-1 ${option.mode === current ? "bg-sky-50 ring-sky-300" : "ring-slate-200"}`}>
            <input type="hidden" name="mode" value={option.mode} />
            <h3 className="text-sm font-semibold text-slate-900">
              {option.title}
              {option.recommended ? <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800">Recommended</span> : null}
            </h3>
            <p className="mt-1 text-sm text-slate-700">{option.summary}</p>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-xs text-slate-600">
              {option.costs.map((cost) => (
                <li key={cost}>{cost}</li>
              ))}
            </ul>
            <div className="mt-3">
              {option.mode === current ? (
                <p className="text-xs font-medium text-sky-800">Current choice</p>
              ) : canChoose ? (
                <Button type="submit" variant="secondary" disabled={isPending}>
                  {isPending ? "Choosing…" : `Use ${option.title}`}
                </Button>
              ) : null}
            </div>
          </form>
        ))}
      </div>
      <FormStatus state={state} />
    </section>
  );
}
