"use client";

import { useState, type ComponentProps } from "react";
import { inputClass } from "../forms/field";
import { MetadataDropZone } from "../metadata/metadata-drop-zone-client";
import { StepActions } from "./step-actions-client";

type ActionsProps = Omit<ComponentProps<typeof StepActions>, "payload" | "children">;

/** Step 8: the SCIM endpoint and the access token, pasted from the AWS console (the token is shown there once). */
export function ScimStepInput(props: ActionsProps) {
  const [endpoint, setEndpoint] = useState("");
  const [token, setToken] = useState("");
  const payload = endpoint.trim() && token.trim() ? JSON.stringify({ endpoint: endpoint.trim(), token: token.trim() }) : null;
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {props.canRun ? (
        <div className="grid gap-3">
          <label className="block text-sm">
            <span className="font-medium text-slate-800">SCIM endpoint</span>
            <input
              className={`${inputClass} mt-1 font-mono text-xs`}
              value={endpoint}
              onChange={(e) => setEndpoint(e.target.value)}
              placeholder="https://scim.eu-west-1.amazonaws.com/…/scim/v2/"
            />
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-800">Access token</span>
            <input
              className={`${inputClass} mt-1 font-mono text-xs`}
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
            <span className="mt-1 block text-xs text-slate-500">Checked with a SCIM call, stored encrypted, never shown again. It expires after one year.</span>
          </label>
        </div>
      ) : null}
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

/** Step 14: the project roles as permission sets, editable before they are created. */
export function PermissionSetsStepInput({ defaults, ...props }: ActionsProps & { defaults: readonly PermissionSetRow[] }) {
  const [rows, setRows] = useState(defaults.map((d) => ({ ...d })));
  const update = (index: number, patch: Partial<PermissionSetRow>) => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const payload = JSON.stringify({ sets: rows.map(({ name, managedPolicyArn }) => ({ name, managedPolicyArn })) });
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
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
          {rows.map((row, index) => (
            <tr key={row.label}>
              <td className="py-1 pr-2 text-slate-700">{row.label}</td>
              <td className="py-1 pr-2">
                <input
                  aria-label={`${row.label} name`}
                  className={`${inputClass} py-1 text-xs`}
                  value={row.name}
                  disabled={!props.canRun}
                  onChange={(e) => update(index, { name: e.target.value })}
                />
              </td>
              <td className="py-1">
                <select
                  aria-label={`${row.label} policy`}
                  className={`${inputClass} py-1 text-xs`}
                  value={row.managedPolicyArn}
                  disabled={!props.canRun}
                  onChange={(e) => update(index, { managedPolicyArn: e.target.value })}
                >
                  {POLICIES.map((arn) => (
                    <option key={arn} value={arn}>
                      {arn.replace("arn:aws:iam::aws:policy/", "")}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </StepActions>
  );
}

/** Step 4: the AWS service provider metadata, dropped, picked or pasted; checked in the browser first. */
export function AwsMetadataStepInput(props: ActionsProps) {
  const [xml, setXml] = useState<string | null>(null);
  return (
    <StepActions {...props} payload={props.canRun ? (xml ? JSON.stringify({ xml }) : null) : undefined}>
      {props.canRun ? <MetadataDropZone expected="sp" label="AWS SAML metadata" onAccepted={(text) => setXml(text)} onCleared={() => setXml(null)} /> : null}
    </StepActions>
  );
}

/** Step 10: the optional switch for group provisioning; running the step applies it and re-reads the mapping. */
export function MappingsStepInput({ groupSync, ...props }: ActionsProps & { groupSync: boolean | null }) {
  const [enabled, setEnabled] = useState(groupSync ?? true);
  return (
    <StepActions {...props} payload={props.canRun ? JSON.stringify({ groupSync: enabled }) : undefined}>
      {props.canRun ? (
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Provision Microsoft Entra ID groups to AWS (turn off to send users only)
        </label>
      ) : null}
    </StepActions>
  );
}

/** Step 11: who is in scope: group display names or user UPNs, one per line. */
export function ScopeStepInput({ suggestion, ...props }: ActionsProps & { suggestion: string }) {
  const [text, setText] = useState(suggestion);
  const principals = text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <StepActions {...props} payload={props.canRun ? (principals.length ? JSON.stringify({ principals }) : null) : undefined}>
      {props.canRun ? (
        <label className="block text-sm">
          <span className="font-medium text-slate-800">Groups or users to assign (one per line)</span>
          <textarea className={`${inputClass} mt-1 text-xs`} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          <span className="mt-1 block text-xs text-slate-500">
            Assign groups directly: members of a group nested inside an assigned group are not provisioned.
          </span>
        </label>
      ) : null}
    </StepActions>
  );
}

/** Step 13: the user to provision on demand. */
export function ProveUserStepInput({ suggestion, ...props }: ActionsProps & { suggestion: string }) {
  const [upn, setUpn] = useState(suggestion);
  return (
    <StepActions {...props} payload={props.canRun ? (upn.trim() ? JSON.stringify({ userPrincipalName: upn.trim() }) : null) : undefined}>
      {props.canRun ? (
        <label className="block text-sm">
          <span className="font-medium text-slate-800">User principal name</span>
          <input className={`${inputClass} mt-1 text-xs`} value={upn} onChange={(e) => setUpn(e.target.value)} placeholder="someone@contoso.com" />
        </label>
      ) : null}
    </StepActions>
  );
}
