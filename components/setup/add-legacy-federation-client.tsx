"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Field, inputClass } from "../forms/field";
import { FormStatus, fieldErrors } from "../forms/form-status";
import { useActionForm } from "../forms/use-action-form";
import { Button } from "../ui/button";

type Action = (previous: ActionResult<{ federationId: string }> | null, form: FormData) => Promise<ActionResult<{ federationId: string }>>;

/**
 * "Add an app for another AWS account": a legacy federation of its own for that account; its checklist opens once added.
 * Beside an IAM Identity Center federation (which already reaches every account of the organization) it is folded
 * away and says when a legacy app is still the right tool.
 */
export function AddLegacyFederation({
  action,
  defaultRole,
  besideIdentityCenter = false,
}: {
  action: Action;
  defaultRole: string;
  besideIdentityCenter?: boolean;
}) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const router = useRouter();
  const added = state?.ok ? state.data.federationId : null;
  useEffect(() => {
    if (added) router.push(`/setup?federation=${encodeURIComponent(added)}`);
  }, [added, router]);
  const accountErrors = fieldErrors(state, "accountId");
  const roleErrors = fieldErrors(state, "assumeRoleName");
  const form = (
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
  if (!besideIdentityCenter) return form;
  return (
    <details className="mt-4 text-sm" data-testid="add-legacy-beside-identity-center">
      <summary className="cursor-pointer font-medium text-sky-800">Add a legacy app for an AWS account that must keep IAM roles</summary>
      <p className="mt-2 max-w-3xl text-xs text-slate-600">
        IAM Identity Center already reaches every account of your organization. A legacy app (Microsoft&apos;s AWS Single-Account Access: a SAML provider and
        IAM roles in one account) is for an account that must stay on IAM roles, for example one outside the organization. It gets its own checklist.
      </p>
      {form}
    </details>
  );
}
