"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { Role } from "@/lib/auth/permissions";

type SwitchRole = (previous: ActionResult<{ role: Role }> | null, form: FormData) => Promise<ActionResult<{ role: Role }>>;

/** Sandbox mode's stand-in for sign-in: act as a sandbox admin, helpdesk or auditor. */
export function RoleSwitcher({ role, action }: { role: Role; action: SwitchRole }) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <label htmlFor="sandbox-role" className="text-xs text-slate-300">
        Acting as
      </label>
      <select
        id="sandbox-role"
        name="role"
        defaultValue={role}
        disabled={isPending}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="rounded-md border-0 bg-white/10 py-1 pr-7 pl-2 text-sm text-white ring-1 ring-white/20 [&>option]:text-slate-900"
      >
        <option value="admin">Admin</option>
        <option value="helpdesk">Helpdesk</option>
        <option value="auditor">Auditor</option>
      </select>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-300">
          {state.formError}
        </span>
      ) : null}
    </form>
  );
}
