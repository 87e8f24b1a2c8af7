"use client";

import { useState } from "react";
import { inputClass } from "../forms/field";
import { StepActions, type StepActionsProps, type StepFieldErrors } from "./step-actions-client";

interface GrantRow {
  group: string;
  permissionSet: string;
  targets: readonly string[];
}

/** Account ids and OU ids as typed: separated by commas, spaces or new lines. */
const parseTargets = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);

function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <span id={id} className="mt-1 block text-xs font-medium text-red-700">
      {errors.join("; ")}
    </span>
  );
}

const invalid = (errors: StepFieldErrors, path: string, id: string) => (errors[path]?.length ? { "aria-invalid": true as const, "aria-describedby": id } : {});
const targetErrors = (errors: StepFieldErrors, index: number) =>
  Object.entries(errors)
    .filter(([path]) => path === `grants.${index}.targets` || path.startsWith(`grants.${index}.targets.`))
    .flatMap(([, list]) => list);

/**
 * For each project group: the permission set it gets (the matching one proposed) and the accounts or OUs (an OU
 * brings every account under it, nested OUs included). In sandbox mode every member account is suggested.
 */
export function AccountAccessStepInput({
  grants,
  permissionSets,
  suggestedAccounts,
  ...props
}: StepActionsProps & { grants: readonly GrantRow[]; permissionSets: readonly string[]; suggestedAccounts: readonly string[] }) {
  const [rows, setRows] = useState(grants.map((g) => ({ group: g.group, permissionSet: g.permissionSet, targets: g.targets.join(", ") })));
  const update = (index: number, patch: Partial<(typeof rows)[number]>) => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const payload = JSON.stringify({ grants: rows.map((r) => ({ group: r.group, permissionSet: r.permissionSet, targets: parseTargets(r.targets) })) });
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {(errors) => (
        <div className="grid gap-3">
          {rows.map((row, index) => {
            const ids = { set: `${props.step}-${index}-set-error`, targets: `${props.step}-${index}-targets-error` };
            const tErrors = targetErrors(errors, index);
            return (
              <fieldset key={row.group} className="grid gap-1 rounded-md p-2 ring-1 ring-slate-200">
                <legend className="px-1 text-sm font-medium text-slate-800">{row.group}</legend>
                <label className="block text-xs">
                  <span className="text-slate-600">Permission set</span>
                  <select
                    aria-label={`${row.group} permission set`}
                    className={`${inputClass} mt-1 py-1 text-xs`}
                    value={row.permissionSet}
                    disabled={!props.canRun}
                    onChange={(e) => update(index, { permissionSet: e.target.value })}
                    {...invalid(errors, `grants.${index}.permissionSet`, ids.set)}
                  >
                    {permissionSets.map((name) => (
                      <option key={name} value={name}>
                        {name}
                      </option>
                    ))}
                  </select>
                </label>
                <FieldErrors id={ids.set} errors={errors[`grants.${index}.permissionSet`]} />
                <label className="block text-xs">
                  <span className="text-slate-600">Accounts and OUs (account ids, ou-… ids; an OU brings all its accounts)</span>
                  <textarea
                    aria-label={`${row.group} accounts`}
                    className={`${inputClass} mt-1 font-mono text-xs`}
                    rows={2}
                    value={row.targets}
                    disabled={!props.canRun}
                    onChange={(e) => update(index, { targets: e.target.value })}
                    {...(tErrors.length ? { "aria-invalid": true as const, "aria-describedby": ids.targets } : {})}
                  />
                </label>
                <FieldErrors id={ids.targets} errors={tErrors.length ? tErrors : undefined} />
              </fieldset>
            );
          })}
          {suggestedAccounts.length ? (
            <p className="text-xs text-slate-500">
              Sandbox: every member account is suggested ({suggestedAccounts.join(", ")}). Nothing is removed: existing assignments are kept.
            </p>
          ) : (
            <p className="text-xs text-slate-500">Nothing is removed: existing assignments are kept.</p>
          )}
        </div>
      )}
    </StepActions>
  );
}
