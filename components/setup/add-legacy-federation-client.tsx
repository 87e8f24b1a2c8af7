"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Field, inputClass } from "../forms/field";
import { FormStatus, fieldErrors } from "../forms/form-status";
import { useActionForm } from "../forms/use-action-form";
import { Button } from "../ui/button";

type Action = (previous: ActionResult<{ federationId: string }> | null, form: FormData) => Promise<ActionResult<{ federationId: string }>>;

/** "Add an app for another AWS account": a legacy federation of its own for that account; its checklist opens once added. */
export function AddLegacyFederation({ action, defaultRole }: { action: Action; defaultRole: string }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const router = useRouter();
  const added = state?.ok ? state.data.federationId : null;
  useEffect(() => {
    if (added) router.push(`/setup?federation=${encodeURIComponent(added)}`);
  }, [added, router]);
  const accountErrors = fieldErrors(state, "accountId");
  const roleErrors = fieldErrors(state, "assumeRoleName");
  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" aria-labelledby="add-legacy-title">
      <h3 id="add-legacy-title" className="text-sm font-semibold text-slate-900">
        Add an app for another AWS account
      </h3>
      <p className="text-xs text-slate-600">
        Microsoft&apos;s tutorial advises one app per account: the new app gets its own identifier (#2, #3 …), certificate, SAML provider, roles and
        role-manager key in that account, and its own checklist. Nothing changes in Entra or AWS until you run its steps.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="add-legacy-account" label="AWS account ID" hint="12 digits" errors={accountErrors}>
          <input
            id="add-legacy-account"
            name="accountId"
            inputMode="numeric"
            className={`${inputClass} font-mono`}
            placeholder="111122223333"
            aria-invalid={accountErrors ? true : undefined}
            aria-describedby={accountErrors ? "add-legacy-account-error" : "add-legacy-account-hint"}
          />
        </Field>
        <Field id="add-legacy-role" label="Role the portal assumes in it" hint="Not used when it is the portal's own account." errors={roleErrors}>
          <input
            id="add-legacy-role"
            name="assumeRoleName"
            defaultValue={defaultRole}
            className={inputClass}
            aria-invalid={roleErrors ? true : undefined}
            aria-describedby={roleErrors ? "add-legacy-role-error" : "add-legacy-role-hint"}
          />
        </Field>
      </div>
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? "Adding…" : "Add the app"}
      </Button>
      <FormStatus state={state && !state.ok && state.fieldErrors ? { ok: false } : state} />
    </form>
  );
}
