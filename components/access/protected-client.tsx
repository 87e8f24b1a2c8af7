"use client";

import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/** Admin: name a break-glass user (or another group) that no portal action may change. */
export function AddProtectedForm({ action }: { action: Action<{ added: boolean }> }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="space-y-2" aria-label="Protect a principal">
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="block text-xs text-slate-600">Kind</span>
          <select name="type" defaultValue="USER" className="mt-0.5 rounded-md border border-slate-300 px-2 py-1 text-sm">
            <option value="USER">User</option>
            <option value="GROUP">Group</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-xs text-slate-600">User name or group name in AWS</span>
          <input name="name" required className="mt-0.5 w-72 rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </label>
        <label className="text-sm">
          <span className="block text-xs text-slate-600">Why (optional)</span>
          <input name="note" className="mt-0.5 w-72 rounded-md border border-slate-300 px-2 py-1 text-sm" placeholder="break-glass account" />
        </label>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Protect"}
        </Button>
      </div>
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} /> : null}
    </form>
  );
}

export function UnprotectButton({ type, name, action }: { type: "USER" | "GROUP"; name: string; action: Action<{ removed: boolean }> }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="inline">
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="name" value={name} />
      <Button type="submit" variant="secondary" disabled={isPending} className="px-2 py-0.5 text-xs" aria-label={`Stop protecting ${name}`}>
        Stop protecting
      </Button>
      {state && !state.ok ? <Notice tone="bad" title={state.formError} /> : null}
    </form>
  );
}
