"use client";

import { useState } from "react";
import { inputClass } from "../forms/field";
import { StepActions, type StepActionsProps } from "./step-actions-client";
import { FieldErrors, invalid } from "./step-inputs-client";

/** Legacy mode, SAML step: which instance of the app this is in the tenant (its identifier suffix) and the session length. */
export function LegacySamlStepInput({ instance, sessionDuration, ...props }: StepActionsProps & { instance: number; sessionDuration: number }) {
  const [instanceText, setInstanceText] = useState(String(instance));
  const [durationText, setDurationText] = useState(String(sessionDuration));
  const payload = JSON.stringify({ instance: instanceText.trim(), sessionDuration: durationText.trim() });
  const ids = { instance: `${props.step}-instance-error`, sessionDuration: `${props.step}-session-duration-error` };
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {(errors) =>
        props.canRun ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="block text-sm">
              <span className="font-medium text-slate-800">Instance in this tenant</span>
              <input
                className={`${inputClass} mt-1`}
                inputMode="numeric"
                value={instanceText}
                onChange={(e) => setInstanceText(e.target.value)}
                {...invalid(errors, "instance", ids.instance)}
              />
              <span className="mt-1 block text-xs text-slate-600">1 for the first AWS Single-Account Access app; 2, 3 … add #2, #3 to the identifier.</span>
              <FieldErrors id={ids.instance} errors={errors.instance} />
            </label>
            <label className="block text-sm">
              <span className="font-medium text-slate-800">SessionDuration (seconds)</span>
              <input
                className={`${inputClass} mt-1`}
                inputMode="numeric"
                value={durationText}
                onChange={(e) => setDurationText(e.target.value)}
                {...invalid(errors, "sessionDuration", ids.sessionDuration)}
              />
              <span className="mt-1 block text-xs text-slate-600">900 (15 minutes) to 43,200 (12 hours).</span>
              <FieldErrors id={ids.sessionDuration} errors={errors.sessionDuration} />
            </label>
          </div>
        ) : null
      }
    </StepActions>
  );
}

/** "123456789012 RoleName" per line → member accounts; a line without a role uses the default one. */
function parseAccountLines(text: string, defaultRole: string) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [accountId = "", assumeRoleName] = line.split(/\s+/);
      return { accountId, assumeRoleName: assumeRoleName ?? defaultRole };
    });
}

/** Legacy mode, provider step: the provider's name and the member accounts beside the management account. */
export function LegacyAccountsStepInput({
  providerName,
  managementAccount,
  memberAccounts,
  defaultRole,
  fixedAccount,
  ...props
}: StepActionsProps & {
  providerName: string;
  managementAccount: string | null;
  memberAccounts: { accountId: string; assumeRoleName: string }[];
  defaultRole: string;
  /** An app added for one account: it reaches that account only, so there is no list to edit. */
  fixedAccount: { accountId: string; assumeRoleName: string } | null;
}) {
  const [name, setName] = useState(providerName);
  const [members, setMembers] = useState(memberAccounts.map((a) => `${a.accountId} ${a.assumeRoleName}`).join("\n"));
  const payload = JSON.stringify(
    fixedAccount ? { providerName: name.trim() } : { providerName: name.trim(), memberAccounts: parseAccountLines(members, defaultRole) },
  );
  const ids = { providerName: `${props.step}-provider-name-error`, memberAccounts: `${props.step}-member-accounts-error` };
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {(errors) => {
        const listErrors = [
          ...(errors.memberAccounts ?? []),
          ...Object.entries(errors)
            .filter(([path]) => path.startsWith("memberAccounts."))
            .map(([path, messages]) => `line ${Number(path.split(".")[1]) + 1}: ${messages.join("; ")}`),
        ];
        return props.canRun ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="block text-sm">
              <span className="font-medium text-slate-800">Provider name</span>
              <input
                className={`${inputClass} mt-1`}
                value={name}
                onChange={(e) => setName(e.target.value)}
                {...invalid(errors, "providerName", ids.providerName)}
              />
              <FieldErrors id={ids.providerName} errors={errors.providerName} />
            </label>
            {fixedAccount ? (
              <div className="text-sm">
                <p className="font-medium text-slate-800">Account</p>
                <p className="mt-1 font-mono text-xs text-slate-800">{fixedAccount.accountId}</p>
                <p className="mt-1 text-xs text-slate-600">
                  This app is for this account only (one app per account);{" "}
                  {fixedAccount.accountId === managementAccount
                    ? "the portal's own credentials reach it."
                    : `the portal reaches it through the role ${fixedAccount.assumeRoleName}.`}
                </p>
                <FieldErrors id={ids.memberAccounts} errors={listErrors.length ? listErrors : undefined} />
              </div>
            ) : (
              <label className="block text-sm">
                <span className="font-medium text-slate-800">Member accounts (one per line: account ID, then the role to assume)</span>
                <textarea
                  className={`${inputClass} mt-1 font-mono text-xs`}
                  rows={3}
                  value={members}
                  onChange={(e) => setMembers(e.target.value)}
                  placeholder={`111122223333 ${defaultRole}`}
                  {...(listErrors.length ? { "aria-invalid": true as const, "aria-describedby": ids.memberAccounts } : {})}
                />
                <span className="mt-1 block text-xs text-slate-600">
                  The management account{managementAccount ? ` (${managementAccount})` : ""} is always included, with the portal&apos;s own credentials.
                </span>
                <FieldErrors id={ids.memberAccounts} errors={listErrors.length ? listErrors : undefined} />
              </label>
            )}
          </div>
        ) : null;
      }}
    </StepActions>
  );
}

/** Legacy mode, roles step: "RoleName: policy ARN, policy ARN" per line. */
export function LegacyRolesStepInput({ roles, ...props }: StepActionsProps & { roles: { name: string; managedPolicyArns: string[] }[] }) {
  const [text, setText] = useState(roles.map((r) => `${r.name}: ${r.managedPolicyArns.join(", ")}`).join("\n"));
  const parsed = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = "", policies = ""] = line.split(/:(.*)/s);
      return {
        name: name.trim(),
        managedPolicyArns: policies
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean),
      };
    });
  const id = `${props.step}-roles-error`;
  return (
    <StepActions {...props} payload={props.canRun ? JSON.stringify({ roles: parsed }) : undefined}>
      {(errors) => {
        const messages = Object.entries(errors)
          .filter(([path]) => path === "roles" || path.startsWith("roles."))
          .map(([path, list]) => (path === "roles" ? list.join("; ") : `line ${Number(path.split(".")[1]) + 1}: ${list.join("; ")}`));
        return props.canRun ? (
          <label className="block text-sm">
            <span className="font-medium text-slate-800">Roles (one per line — name: managed policy ARNs, comma-separated)</span>
            <textarea
              className={`${inputClass} mt-1 font-mono text-xs`}
              rows={Math.max(3, parsed.length + 1)}
              value={text}
              onChange={(e) => setText(e.target.value)}
              {...(messages.length ? { "aria-invalid": true as const, "aria-describedby": id } : {})}
            />
            <span className="mt-1 block text-xs text-slate-600">
              Created in every account under the path /entra-saml/; the preview shows the exact trust policy.
            </span>
            <FieldErrors id={id} errors={messages.length ? messages : undefined} />
          </label>
        ) : null;
      }}
    </StepActions>
  );
}

/** Legacy mode, assignments step: "user@… or group name: RoleName" per line. */
export function LegacyAssignmentsStepInput({
  assignments,
  roles,
  ...props
}: StepActionsProps & { assignments: { principal: string; role: string }[]; roles: string[] }) {
  const [text, setText] = useState(assignments.map((a) => `${a.principal}: ${a.role}`).join("\n"));
  const parsed = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(":");
      return at < 0 ? { principal: line, role: "" } : { principal: line.slice(0, at).trim(), role: line.slice(at + 1).trim() };
    });
  const id = `${props.step}-assignments-error`;
  return (
    <StepActions {...props} payload={props.canRun && parsed.length ? JSON.stringify({ assignments: parsed }) : undefined}>
      {(errors) => {
        const messages = Object.entries(errors)
          .filter(([path]) => path === "assignments" || path.startsWith("assignments."))
          .map(([path, list]) => (path === "assignments" ? list.join("; ") : `line ${Number(path.split(".")[1]) + 1}: ${list.join("; ")}`));
        return props.canRun ? (
          <label className="block text-sm">
            <span className="font-medium text-slate-800">Assignments (one per line — user UPN or group name: role)</span>
            <textarea
              className={`${inputClass} mt-1 font-mono text-xs`}
              rows={Math.max(3, parsed.length + 1)}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Project Readers: EntraReadOnly"
              {...(messages.length ? { "aria-invalid": true as const, "aria-describedby": id } : {})}
            />
            <span className="mt-1 block text-xs text-slate-600">{roles.length ? `Imported roles: ${roles.join(", ")}.` : "No roles imported yet."}</span>
            <FieldErrors id={id} errors={messages.length ? messages : undefined} />
          </label>
        ) : null;
      }}
    </StepActions>
  );
}

/**
 * Legacy mode, role import: by default the portal creates the role manager's key; an admin who already created one
 * in the IAM console (the tutorial's way) may give it instead. Checked with Entra's Test Connection before it is used.
 */
export function LegacyRoleImportStepInput(props: StepActionsProps) {
  const [accessKeyId, setAccessKeyId] = useState("");
  const [secretAccessKey, setSecretAccessKey] = useState("");
  const typed = accessKeyId.trim() || secretAccessKey.trim();
  const payload = JSON.stringify(typed ? { accessKeyId: accessKeyId.trim(), secretAccessKey: secretAccessKey.trim() } : {});
  const ids = { accessKeyId: `${props.step}-access-key-id-error`, secretAccessKey: `${props.step}-secret-access-key-error` };
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {(errors) =>
        props.canRun ? (
          <details className="rounded-md p-3 text-sm ring-1 ring-slate-200" open={Boolean(errors.accessKeyId || errors.secretAccessKey) || undefined}>
            <summary className="cursor-pointer font-medium text-slate-800">Use an access key you already created in IAM (optional)</summary>
            <p className="mt-1 text-xs text-slate-600">
              Leave empty and the portal creates the key. A key you give must belong to EntraRoleManager; Entra&apos;s Test Connection checks it before anything is saved.
            </p>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              <label className="block">
                <span className="font-medium text-slate-800">Access key ID</span>
                <input
                  className={`${inputClass} mt-1 font-mono text-xs`}
                  autoComplete="off"
                  spellCheck={false}
                  value={accessKeyId}
                  onChange={(e) => setAccessKeyId(e.target.value)}
                  placeholder="AKIA…"
                  {...invalid(errors, "accessKeyId", ids.accessKeyId)}
                />
                <FieldErrors id={ids.accessKeyId} errors={errors.accessKeyId} />
              </label>
              <label className="block">
                <span className="font-medium text-slate-800">Secret access key</span>
                <input
                  className={`${inputClass} mt-1 font-mono text-xs`}
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  value={secretAccessKey}
                  onChange={(e) => setSecretAccessKey(e.target.value)}
                  {...invalid(errors, "secretAccessKey", ids.secretAccessKey)}
                />
                <span className="mt-1 block text-xs text-slate-600">Stored encrypted, never shown again.</span>
                <FieldErrors id={ids.secretAccessKey} errors={errors.secretAccessKey} />
              </label>
            </div>
          </details>
        ) : null
      }
    </StepActions>
  );
}
