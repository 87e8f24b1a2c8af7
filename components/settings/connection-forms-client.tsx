"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { useAdoptEarlyChoice } from "@/components/forms/use-adopt-early-choice";
import type { ActionResult } from "@/lib/actions/result";
import type { AwsConnectionView, EntraConnectionView } from "@/lib/settings/connections";
import { Field, inputClass } from "../forms/field";
import { fieldErrors, FormStatus } from "../forms/form-status";
import { useActionForm } from "../forms/use-action-form";
import { Button } from "../ui/button";
import { Card } from "../ui/card";

type SaveAction<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
type Mode = "sandbox" | "custom";

interface SandboxValues {
  tenantId: string;
  clientId: string;
  region: string;
  identityStoreId: string;
}

interface FormProps<T, V> {
  current: V;
  action: SaveAction<T>;
  sandbox: SandboxValues;
  sandboxAllowed: boolean;
  canEdit: boolean;
}

/** A text input or textarea with its label, hint and own field errors. */
function TextField(props: {
  id: string;
  name: string;
  label: string;
  state: ActionResult | null;
  disabled: boolean;
  hint?: ReactNode;
  defaultValue?: string;
  type?: "text" | "password";
  multiline?: boolean;
}) {
  const errors = fieldErrors(props.state, props.name);
  const shared = { id: props.id, name: props.name, disabled: props.disabled, "aria-invalid": Boolean(errors) };
  return (
    <Field id={props.id} label={props.label} hint={props.hint} errors={errors}>
      {props.multiline ? (
        <textarea {...shared} rows={4} className={`${inputClass} font-mono text-xs`} />
      ) : (
        <input {...shared} type={props.type ?? "text"} autoComplete="off" defaultValue={props.defaultValue} className={inputClass} />
      )}
    </Field>
  );
}

function RadioGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  disabled,
}: {
  legend: string;
  name: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  disabled: boolean;
}) {
  const ref = useAdoptEarlyChoice(value, onChange);
  return (
    <fieldset className="space-y-2" ref={ref}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-2">
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} disabled={disabled} />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ModeChoice({ mode, onChange, sandboxAllowed, disabled }: { mode: Mode; onChange: (mode: Mode) => void; sandboxAllowed: boolean; disabled: boolean }) {
  const ref = useAdoptEarlyChoice(mode, onChange);
  const option = (value: Mode, title: string, detail: string, enabled: boolean) => (
    <label
      className={`flex flex-1 cursor-pointer gap-3 rounded-lg p-3 ring-1 ${mode === value ? "bg-sky-50 ring-2 ring-sky-600" : "ring-slate-300"} ${enabled ? "" : "cursor-not-allowed opacity-50"}`}
    >
      <input
        type="radio"
        name="mode"
        value={value}
        checked={mode === value}
        disabled={!enabled || disabled}
        onChange={() => onChange(value)}
        className="mt-1"
      />
      <span>
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span className="block text-xs text-slate-600">{detail}</span>
      </span>
    </label>
  );
  return (
    <fieldset ref={ref}>
      <legend className="sr-only">Connection</legend>
      <div className="flex flex-col gap-3 sm:flex-row">
        {option("sandbox", "Use the sandbox", sandboxAllowed ? "The built-in sandbox cloud (default)." : "Not available in live mode.", sandboxAllowed)}
        {option("custom", "Use my own", "A real tenant or account.", true)}
      </div>
    </fieldset>
  );
}

/** The frame both connection forms share: title, sandbox-or-own choice, status and save button. */
function ConnectionFrame(props: {
  title: string;
  /** "Entra" or "AWS": names the form and its save button. */
  short: string;
  swatch: string;
  description: string;
  state: ActionResult | null;
  isPending: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  canEdit: boolean;
  mode: Mode;
  setMode: (mode: Mode) => void;
  sandboxAllowed: boolean;
  sandboxFacts: [string, string][];
  children: ReactNode;
}) {
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          <span aria-hidden="true" className={`size-2.5 rounded-sm ${props.swatch}`} /> {props.title}
        </span>
      }
      description={props.description}
    >
      <form onSubmit={props.onSubmit} className="space-y-4" aria-label={`${props.short} connection`}>
        <ModeChoice mode={props.mode} onChange={props.setMode} sandboxAllowed={props.sandboxAllowed} disabled={!props.canEdit || props.isPending} />
        {props.mode === "custom" ? (
          props.children
        ) : (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3 text-xs ring-1 ring-slate-200">
            {props.sandboxFacts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd className="font-mono">{value}</dd>
              </div>
            ))}
          </dl>
        )}
        <FormStatus state={props.state} />
        {props.canEdit ? (
          <Button type="submit" disabled={props.isPending}>
            {props.isPending ? "Saving…" : `Save ${props.short} connection`}
          </Button>
        ) : (
          <p className="text-xs text-slate-500">Read-only: only admins change connections.</p>
        )}
      </form>
    </Card>
  );
}

const initialMode = (useSandbox: boolean, sandboxAllowed: boolean): Mode => (useSandbox && sandboxAllowed ? "sandbox" : "custom");

export function EntraConnectionForm<T>({ current, action, sandbox, sandboxAllowed, canEdit }: FormProps<T, EntraConnectionView>) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const [mode, setMode] = useState(initialMode(current.useSandbox, sandboxAllowed));
  const [credentialType, setCredentialType] = useState(current.credentialType);
  const disabled = !canEdit || isPending;
  const field = { state, disabled };
  const keepsSecret = current.hasSecret && current.credentialType === "secret";
  return (
    <ConnectionFrame
      title="Microsoft Entra ID"
      short="Entra"
      swatch="bg-[var(--color-entra)]"
      description="The tenant whose users sign in to AWS, and the app registration the portal uses to call Microsoft Graph (app-only)."
      {...{ state, isPending, onSubmit, canEdit, mode, setMode, sandboxAllowed }}
      sandboxFacts={[
        ["Sandbox tenant", sandbox.tenantId],
        ["Graph app", sandbox.clientId],
      ]}
    >
      <TextField
        {...field}
        id="entra-tenant"
        name="tenantId"
        label="Directory (tenant) ID"
        hint="A GUID, or a domain such as contoso.onmicrosoft.com."
        defaultValue={current.tenantId}
      />
      <TextField {...field} id="entra-client" name="clientId" label="Application (client) ID" defaultValue={current.clientId} />
      <RadioGroup
        legend="Credential"
        name="credentialType"
        value={credentialType}
        onChange={setCredentialType}
        disabled={disabled}
        options={[
          { value: "secret", label: "Client secret" },
          { value: "certificate", label: "Certificate" },
        ]}
      />
      {credentialType === "secret" ? (
        <TextField
          {...field}
          id="entra-secret"
          name="clientSecret"
          label="Client secret value"
          type="password"
          hint={keepsSecret ? "A secret is stored (encrypted). Leave blank to keep it." : "Stored encrypted; never shown again."}
        />
      ) : (
        <>
          {current.certificate ? (
            <p className="rounded-md bg-slate-50 p-2 text-xs text-slate-600 ring-1 ring-slate-200">
              Stored certificate {current.certificate.thumbprint.slice(0, 16)}… ({current.certificate.subject}), valid until{" "}
              {current.certificate.notAfter.slice(0, 10)}. Leave blank to keep it.
            </p>
          ) : null}
          <TextField {...field} id="entra-cert" name="certificatePem" label="Certificate (PEM)" multiline />
          <TextField {...field} id="entra-key" name="privateKeyPem" label="Private key (PEM)" hint="Stored encrypted; never shown again." multiline />
        </>
      )}
    </ConnectionFrame>
  );
}

export function AwsConnectionForm<T>({ current, action, sandbox, sandboxAllowed, canEdit }: FormProps<T, AwsConnectionView>) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const [mode, setMode] = useState(initialMode(current.useSandbox, sandboxAllowed));
  const [source, setSource] = useState(current.credentialSource);
  const disabled = !canEdit || isPending;
  const field = { state, disabled };
  return (
    <ConnectionFrame
      title="AWS"
      short="AWS"
      swatch="bg-[var(--color-aws)]"
      description="The region of your IAM Identity Center instance and how the portal gets AWS credentials. No access keys are stored here."
      {...{ state, isPending, onSubmit, canEdit, mode, setMode, sandboxAllowed }}
      sandboxFacts={[
        ["Sandbox region", sandbox.region],
        ["Identity store", sandbox.identityStoreId],
      ]}
    >
      <TextField
        {...field}
        id="aws-region"
        name="region"
        label="Region"
        hint="Where IAM Identity Center is enabled, e.g. eu-west-1."
        defaultValue={current.region}
      />
      <RadioGroup
        legend="Credentials"
        name="credentialSource"
        value={source}
        onChange={setSource}
        disabled={disabled}
        options={[
          { value: "default-chain", label: "Default credential chain (environment, instance or task role)" },
          { value: "assume-role", label: "Assume a role" },
        ]}
      />
      {source === "assume-role" ? (
        <>
          <TextField {...field} id="aws-role" name="roleArn" label="Role ARN" defaultValue={current.roleArn} />
          <TextField {...field} id="aws-external-id" name="externalId" label="External ID (optional)" defaultValue={current.externalId} />
        </>
      ) : null}
    </ConnectionFrame>
  );
}
