"use client";

import { useState, type ComponentProps } from "react";
import { inputClass } from "../forms/field";
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
            <input className={`${inputClass} mt-1 font-mono text-xs`} value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="https://scim.eu-west-1.amazonaws.com/…/scim/v2/" />
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-800">Access token</span>
            <input className={`${inputClass} mt-1 font-mono text-xs`} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
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
                <input aria-label={`${row.label} name`} className={`${inputClass} py-1 text-xs`} value={row.name} disabled={!props.canRun} onChange={(e) => update(index, { name: e.target.value })} />
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

/** Step 4 (until the drop zone lands): the AWS metadata file picked or pasted. */
export function XmlStepInput({ label, ...props }: ActionsProps & { label: string }) {
  const [xml, setXml] = useState("");
  const payload = xml.trim() ? JSON.stringify({ xml }) : null;
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {props.canRun ? (
        <label className="block text-sm">
          <span className="font-medium text-slate-800">{label}</span>
          <input
            type="file"
            accept=".xml,application/xml,text/xml"
            className="mt-1 block text-xs"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (file) setXml(file.size > 512 * 1024 ? "" : await file.text());
            }}
          />
          <textarea className={`${inputClass} mt-2 font-mono text-xs`} rows={3} placeholder="…or paste the XML" value={xml} onChange={(e) => setXml(e.target.value)} />
        </label>
      ) : null}
    </StepActions>
  );
}
