"use client";

import { useEffect, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

type Links = { url: string; links: { label: string; url: string }[] };
type Action = (previous: ActionResult<Links> | null, form: FormData) => Promise<ActionResult<Links>>;

/**
 * An export of the configuration history: a POST that is audited and returns signed links; the browser then fetches
 * the first file (a GET that only reads) and lists every link, valid for 10 minutes.
 */
export function HistoryExport({
  action,
  label,
  pendingLabel,
  name,
  children,
}: {
  action: Action;
  label: string;
  pendingLabel: string;
  name: string;
  children?: ReactNode;
}) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const url = state?.ok ? state.data.url : undefined;
  useEffect(() => {
    if (url) window.location.assign(url);
  }, [url]);
  return (
    <form onSubmit={onSubmit} aria-label={name} className="mt-3 flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-3">
        {children}
        <Button type="submit" variant="secondary" disabled={isPending}>
          {isPending ? pendingLabel : label}
        </Button>
      </div>
      {state?.ok ? (
        <p className="text-xs text-slate-600" role="status">
          {state.message} Download:{" "}
          {state.data.links.map((l, i) => (
            <span key={l.url}>
              {i ? ", " : ""}
              <a className="text-sky-800 underline" href={l.url}>
                {l.label}
              </a>
            </span>
          ))}{" "}
          (the links work for 10 minutes).
        </p>
      ) : null}
      {state && !state.ok ? <FormStatus state={state} listFieldErrors /> : null}
    </form>
  );
}
