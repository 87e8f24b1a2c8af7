"use client";

import { useState } from "react";
import { inputClass } from "../forms/field";
import { MetadataDropZone } from "../metadata/metadata-drop-zone-client";
import { StepActions, type StepActionsProps, type StepFieldErrors } from "./step-actions-client";

/** A field's own errors, right under it; the input points at it with aria-describedby. */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <span id={id} className="mt-1 block text-xs font-medium text-red-700">
      {errors.join("; ")}
    </span>
  );
}

/** Props for an input that may be in error: aria-invalid and the id of its message. */
export const invalid = (errors: StepFieldErrors, path: string, id: string) => (errors[path]?.length ? { "aria-invalid": true as const, "aria-describedby": id } : {});

/**
 * The SCIM endpoint and the access token, pasted from the AWS console (the token is shown there once) in either
 * order: checked as soon as both are there.
 */
export function ScimStepInput(props: StepActionsProps) {
  const [endpoint, setEndpoint] = useState("");
  const [token, setToken] = useState("");
  const payload = endpoint.trim() && token.trim() ? JSON.stringify({ endpoint: endpoint.trim(), token: token.trim() }) : null;
  const ids = { endpoint: `${props.step}-endpoint-error`, token: `${props.step}-token-error` };
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined} autoRun>
      {(errors) =>
        props.canRun ? (
          <div className="grid gap-3">
            <div>
              <label className="block text-sm">
                <span className="font-medium text-slate-800">SCIM endpoint</span>
                <input
                  className={`${inputClass} mt-1 font-mono text-xs`}
                  value={endpoint}
                  onChange={(e) => setEndpoint(e.target.value)}
                  placeholder="https://scim.eu-west-1.amazonaws.com/…/scim/v2/"
                  {...invalid(errors, "endpoint", ids.endpoint)}
                />
              </label>
              <FieldErrors id={ids.endpoint} errors={errors.endpoint} />
            </div>
            <div>
              <label className="block text-sm">
                <span className="font-medium text-slate-800">Access token</span>
                <input
                  className={`${inputClass} mt-1 font-mono text-xs`}
                  type="password"
                  autoComplete="off"
                  value={token}
                  onChange={(e) => setToken(e.target.value)}
                  {...invalid(errors, "token", ids.token)}
                />
                <span className="mt-1 block text-xs text-slate-500">
                  Checked with a SCIM call, stored encrypted, never shown again. It expires after one year.
                </span>
              </label>
              <FieldErrors id={ids.token} errors={errors.token} />
            </div>
          </div>
        ) : null
      }
    </StepActions>
  );
}

/**
 * Entra's accidental-deletion prevention, written with the provisioning credentials: on by default, with a threshold
 * the admin chooses (https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions).
 */
export function ProvisioningCredentialsStepInput({
  threshold,
  entraDefault,
  ...props
}: StepActionsProps & { threshold: { enabled: boolean; value: number }; entraDefault: number }) {
  const [enabled, setEnabled] = useState(threshold.enabled);
  const [value, setValue] = useState(String(threshold.value));
  const number = Number(value);
  const valid = !enabled || (Number.isInteger(number) && number >= 1);
  const payload = valid ? JSON.stringify({ deleteThresholdEnabled: enabled, deleteThreshold: enabled ? number : threshold.value }) : null;
  const id = `${props.step}-deleteThreshold-error`;
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {(errors) =>
        props.canRun ? (
          <fieldset className="grid gap-2 text-sm">
            <legend className="font-medium text-slate-800">Accidental-deletion prevention</legend>
            <label className="flex items-center gap-2 text-slate-800">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              Hold a cycle that would delete or disable too many users and groups in AWS
            </label>
            <label className="block">
              <span className="text-slate-800">Threshold (deletions or disables in one cycle)</span>
              <input
                className={`${inputClass} mt-1 w-40`}
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                disabled={!enabled}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                {...invalid(errors, "deleteThreshold", id)}
              />
              <span className="mt-1 block text-xs text-slate-500">
                Entra&apos;s default is {entraDefault}. Above it, Entra quarantines the job and deletes nothing until you allow the deletions on
                the provisioning page.
              </span>
            </label>
            <FieldErrors id={id} errors={errors.deleteThreshold} />
          </fieldset>
        ) : null
      }
    </StepActions>
  );
}

interface PermissionSetRow {
  name: string;
  label: string;
  managedPolicyArn: string;
}

const POLICIES = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
  "arn:aws:iam::aws:policy/job-function/Billing",
  "arn:aws:iam::aws:policy/SecurityAudit",
];

/** The project roles as permission sets, editable before they are created. */
export function PermissionSetsStepInput({ defaults, ...props }: StepActionsProps & { defaults: readonly PermissionSetRow[] }) {
  const [rows, setRows] = useState(defaults.map((d) => ({ ...d })));
  const update = (index: number, patch: Partial<PermissionSetRow>) => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const payload = JSON.stringify({ sets: rows.map(({ name, managedPolicyArn }) => ({ name, managedPolicyArn })) });
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {(errors) => (
        <>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Permission sets to create</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 font-medium">
                  Project role
                </th>
                <th scope="col" className="py-1 font-medium">
                  Permission set name
                </th>
                <th scope="col" className="py-1 font-medium">
                  AWS managed policy
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const ids = { name: `${props.step}-${index}-name-error`, policy: `${props.step}-${index}-policy-error` };
                return (
                  <tr key={row.label}>
                    <td className="py-1 pr-2 align-top text-slate-700">{row.label}</td>
                    <td className="py-1 pr-2 align-top">
                      <input
                        aria-label={`${row.label} name`}
                        className={`${inputClass} py-1 text-xs`}
                        value={row.name}
                        disabled={!props.canRun}
                        onChange={(e) => update(index, { name: e.target.value })}
                        {...invalid(errors, `sets.${index}.name`, ids.name)}
                      />
                      <FieldErrors id={ids.name} errors={errors[`sets.${index}.name`]} />
                    </td>
                    <td className="py-1 align-top">
                      <select
                        aria-label={`${row.label} policy`}
                        className={`${inputClass} py-1 text-xs`}
                        value={row.managedPolicyArn}
                        disabled={!props.canRun}
                        onChange={(e) => update(index, { managedPolicyArn: e.target.value })}
                        {...invalid(errors, `sets.${index}.managedPolicyArn`, ids.policy)}
                      >
                        {POLICIES.map((arn) => (
                          <option key={arn} value={arn}>
                            {arn.replace("arn:aws:iam::aws:policy/", "")}
                          </option>
                        ))}
                      </select>
                      <FieldErrors id={ids.policy} errors={errors[`sets.${index}.managedPolicyArn`]} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <FieldErrors id={`${props.step}-sets-error`} errors={errors.sets} />
        </>
      )}
    </StepActions>
  );
}

/**
 * Nothing to enter unless Entra holds several apps from the template under the name: then the step stops and the
 * admin names the appId to keep here (the portal never picks one of them itself).
 */
export function GalleryAppStepInput(props: StepActionsProps) {
  const [keepAppId, setKeepAppId] = useState("");
  const payload = keepAppId.trim() ? JSON.stringify({ keepAppId: keepAppId.trim() }) : undefined;
  const id = `${props.step}-keepAppId-error`;
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {(errors) =>
        props.canRun ? (
          <details className="text-sm" open={Boolean(errors.keepAppId?.length)}>
            <summary className="cursor-pointer text-xs font-medium text-slate-700">Several apps with this name? Name the one to keep</summary>
            <label className="mt-2 block">
              <span className="font-medium text-slate-800">appId of the app to keep</span>
              <input
                className={`${inputClass} mt-1 font-mono text-xs`}
                value={keepAppId}
                onChange={(e) => setKeepAppId(e.target.value)}
                placeholder="00000000-0000-0000-0000-000000000000"
                {...invalid(errors, "keepAppId", id)}
              />
            </label>
            <FieldErrors id={id} errors={errors.keepAppId} />
          </details>
        ) : null
      }
    </StepActions>
  );
}

/** The AWS service provider metadata, dropped, picked or pasted; checked in the browser first, then used at once. */
export function AwsMetadataStepInput({ sandbox, ...props }: StepActionsProps & { sandbox: boolean }) {
  const [xml, setXml] = useState<string | null>(null);
  return (
    <StepActions {...props} payload={props.canRun ? (xml ? JSON.stringify({ xml }) : null) : undefined} autoRun>
      {(errors) =>
        props.canRun ? (
          <div>
            <MetadataDropZone expected="sp" label="AWS SAML metadata" sandbox={sandbox} acceptAtOnce onAccepted={(text) => setXml(text)} onCleared={() => setXml(null)} />
            <FieldErrors id={`${props.step}-xml-error`} errors={errors.xml} />
          </div>
        ) : null
      }
    </StepActions>
  );
}

/** The optional switch for group provisioning; running the step applies it and re-reads the mapping. */
export function MappingsStepInput({ groupSync, ...props }: StepActionsProps & { groupSync: boolean | null }) {
  const [enabled, setEnabled] = useState(groupSync ?? true);
  return (
    <StepActions {...props} payload={props.canRun ? JSON.stringify({ groupSync: enabled }) : undefined}>
      {(errors) =>
        props.canRun ? (
          <div>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              Provision Microsoft Entra ID groups to AWS (turn off to send users only)
            </label>
            <FieldErrors id={`${props.step}-groupSync-error`} errors={errors.groupSync} />
          </div>
        ) : null
      }
    </StepActions>
  );
}

/** Who is in scope: group display names or user UPNs, one per line. */
export function ScopeStepInput({ suggestion, ...props }: StepActionsProps & { suggestion: string }) {
  const [text, setText] = useState(suggestion);
  const principals = text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const errorId = `${props.step}-principals-error`;
  return (
    <StepActions {...props} payload={props.canRun ? (principals.length ? JSON.stringify({ principals }) : null) : undefined}>
      {(errors) => {
        // One line's error (principals.2) belongs to the same box as the list's own.
        const messages = Object.entries(errors).flatMap(([path, list]) => (path === "principals" || path.startsWith("principals.") ? list : []));
        return props.canRun ? (
          <div>
            <label className="block text-sm">
              <span className="font-medium text-slate-800">Groups or users to assign (one per line)</span>
              <textarea
                className={`${inputClass} mt-1 text-xs`}
                rows={3}
                value={text}
                onChange={(e) => setText(e.target.value)}
                {...(messages.length ? { "aria-invalid": true as const, "aria-describedby": errorId } : {})}
              />
              <span className="mt-1 block text-xs text-slate-500">
                Assign groups directly: members of a group nested inside an assigned group are not provisioned.
              </span>
            </label>
            <FieldErrors id={errorId} errors={messages} />
          </div>
        ) : null;
      }}
    </StepActions>
  );
}

/** The user to provision on demand. */
export function ProveUserStepInput({ suggestion, ...props }: StepActionsProps & { suggestion: string }) {
  const [upn, setUpn] = useState(suggestion);
  const errorId = `${props.step}-userPrincipalName-error`;
  return (
    <StepActions {...props} payload={props.canRun ? (upn.trim() ? JSON.stringify({ userPrincipalName: upn.trim() }) : null) : undefined}>
      {(errors) =>
        props.canRun ? (
          <div>
            <label className="block text-sm">
              <span className="font-medium text-slate-800">User principal name</span>
              <input
                className={`${inputClass} mt-1 text-xs`}
                value={upn}
                onChange={(e) => setUpn(e.target.value)}
                placeholder="someone@contoso.com"
                {...invalid(errors, "userPrincipalName", errorId)}
              />
            </label>
            <FieldErrors id={errorId} errors={errors.userPrincipalName} />
          </div>
        ) : null
      }
    </StepActions>
  );
}
