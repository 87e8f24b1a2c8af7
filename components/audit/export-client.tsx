"use client";

import { useEffect } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { AuditFilter } from "@/lib/audit/list";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

type Action = (previous: ActionResult<{ url: string }> | null, form: FormData) => Promise<ActionResult<{ url: string }>>;

/**
 * "Export": a POST that signs a checkpoint and is audited, then the browser fetches the file from the
 * signed link it returns (a GET that only reads). The export holds the events the filter shows.
 */
export function AuditExport({ filter, action }: { filter: AuditFilter; action: Action }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const url = state?.ok ? state.data.url : undefined;
  useEffect(() => {
    if (url) window.location.assign(url);
  }, [url]);
  return (
    <form onSubmit={onSubmit} aria-label="Export audit events" className="flex flex-col items-end gap-2">
      {Object.entries(filter).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <div className="flex items-center gap-2">
        <label className="text-sm text-slate-700">
          <span className="sr-only">Export format</span>
          <select name="format" defaultValue="csv" className="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm text-slate-900">
            <option value="csv">CSV</option>
            <option value="ndjson">NDJSON</option>
          </select>
        </label>
        <Button type="submit" variant="secondary" disabled={isPending}>
          {isPending ? "Exporting…" : Object.keys(filter).length ? "Export filtered events" : "Export all events"}
        </Button>
      </div>
      {state?.ok && url ? (
        <p className="max-w-xs text-right text-xs text-slate-600" role="status">
          {state.message}{" "}
          <a className="text-sky-800 underline" href={url}>
            Download again
          </a>{" "}
          (the link works for 10 minutes).
        </p>
      ) : null}
      {state && !state.ok ? <FormStatus state={state} /> : null}
    </form>
  );
}
