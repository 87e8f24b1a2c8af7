"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { AwsConnectionView, EntraConnectionView } from "@/lib/settings/connections";
import { Field, inputClass } from "../forms/field";
import { fieldErrors, FormStatus } from "../forms/form-status";
import { useActionForm } from "../forms/use-action-form";
import { Button } from "../ui/button";
import { Card } from "../ui/card";

type SaveAction<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

interface SandboxValues {
  tenantId: string;
  clientId: string;
  region: string;
  identityStoreId: string;
}

function ModeChoice({
  name,
  mode,
  onChange,
  sandboxAllowed,
  disabled,
}: {
  name: string;
  mode: string;
  onChange: (mode: "sandbox" | "custom") => void;
  sandboxAllowed: boolean;
  disabled: boolean;
}) {
  const option = (value: "sandbox" | "custom", title: string, detail: string, enabled: boolean) => (
    <label
      className={`flex flex-1 cursor-pointer gap-3 rounded-lg p-3 ring-1 ${mode === value ? "bg-sky-50 ring-2 ring-sky-600" : "ring-slate-300"} ${enabled ? "" : "cursor-not-allowed opacity-50"}`}
    >
      <input
        type="radio"
        name={name}
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
    <fieldset>
      <legend className="sr-only">Connection</legend>
      <div className="flex flex-col gap-3 sm:flex-row">
        {option("sandbox", "Use the sandbox", sandboxAllowed ? "The built-in sandbox cloud (default)." : "Not available in live mode.", sandboxAllowed)}
        {option("custom", "Use my own", "A real tenant or account.", true)}
      </div>
    </fieldset>
  );
}

export function EntraConnectionForm<T>({
  current,
  action,
  sandbox,
  sandboxAllowed,
  canEdit,
}: {
  current: EntraConnectionView;
  action: SaveAction<T>;
  sandbox: SandboxValues;
  sandboxAllowed: boolean;
  canEdit: boolean;
}) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const [mode, setMode] = useState<"sandbox" | "custom">(current.useSandbox && sandboxAllowed ? "sandbox" : "custom");
  const [credentialType, setCredentialType] = useState(current.credentialType);
  const custom = mode === "custom";
  const disabled = !canEdit || isPending;
  const errors = (name: string) => fieldErrors(state, name);
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-[var(--color-entra)]" /> Microsoft Entra ID
        </span>
      }
      description="The tenant whose users sign in to AWS, and the app registration the portal uses to call Microsoft Graph (app-only)."
    >
      <form onSubmit={onSubmit} className="space-y-4" aria-label="Entra connection">
        <ModeChoice name="mode" mode={mode} onChange={setMode} sandboxAllowed={sandboxAllowed} disabled={disabled} />
        {custom ? (
          <>
            <Field id="entra-tenant" label="Directory (tenant) ID" hint="A GUID, or a domain such as contoso.onmicrosoft.com." errors={errors("tenantId")}>
              <input
                id="entra-tenant"
                name="tenantId"
                defaultValue={current.tenantId}
                disabled={disabled}
                className={inputClass}
                aria-invalid={Boolean(errors("tenantId"))}
              />
            </Field>
            <Field id="entra-client" label="Application (client) ID" errors={errors("clientId")}>
              <input
                id="entra-client"
                name="clientId"
                defaultValue={current.clientId}
                disabled={disabled}
                className={inputClass}
                aria-invalid={Boolean(errors("clientId"))}
              />
            </Field>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-800">Credential</legend>
              <div className="flex gap-4 text-sm">
                {(["secret", "certificate"] as const).map((type) => (
                  <label key={type} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="credentialType"
                      value={type}
                      checked={credentialType === type}
                      onChange={() => setCredentialType(type)}
                      disabled={disabled}
                    />
                    {type === "secret" ? "Client secret" : "Certificate"}
                  </label>
                ))}
              </div>
            </fieldset>
            {credentialType === "secret" ? (
              <Field
                id="entra-secret"
                label="Client secret value"
                hint={
                  current.hasSecret && current.credentialType === "secret"
                    ? "A secret is stored (encrypted). Leave blank to keep it."
                    : "Stored encrypted; never shown again."
                }
                errors={errors("clientSecret")}
              >
                <input
                  id="entra-secret"
                  name="clientSecret"
                  type="password"
                  autoComplete="off"
                  disabled={disabled}
                  className={inputClass}
                  aria-invalid={Boolean(errors("clientSecret"))}
                />
              </Field>
            ) : (
              <>
                {current.certificate ? (
                  <p className="rounded-md bg-slate-50 p-2 text-xs text-slate-600 ring-1 ring-slate-200">
                    Stored certificate {current.certificate.thumbprint.slice(0, 16)}… ({current.certificate.subject}), valid until{" "}
                    {current.certificate.notAfter.slice(0, 10)}. Leave blank to keep it.
                  </p>
                ) : null}
                <Field id="entra-cert" label="Certificate (PEM)" errors={errors("certificatePem")}>
                  <textarea
                    id="entra-cert"
                    name="certificatePem"
                    rows={4}
                    disabled={disabled}
                    className={`${inputClass} font-mono text-xs`}
                    aria-invalid={Boolean(errors("certificatePem"))}
                  />
                </Field>
                <Field id="entra-key" label="Private key (PEM)" hint="Stored encrypted; never shown again." errors={errors("privateKeyPem")}>
                  <textarea
                    id="entra-key"
                    name="privateKeyPem"
                    rows={4}
                    disabled={disabled}
                    className={`${inputClass} font-mono text-xs`}
                    aria-invalid={Boolean(errors("privateKeyPem"))}
                  />
                </Field>
              </>
            )}
          </>
        ) : (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3 text-xs ring-1 ring-slate-200">
            <dt className="text-slate-500">Sandbox tenant</dt>
            <dd className="font-mono">{sandbox.tenantId}</dd>
            <dt className="text-slate-500">Graph app</dt>
            <dd className="font-mono">{sandbox.clientId}</dd>
          </dl>
        )}
        <FormStatus state={state} />
        {canEdit ? (
          <Button type="submit" disabled={isPending}>
            {isPending ? "Saving…" : "Save Entra connection"}
          </Button>
        ) : (
          <p className="text-xs text-slate-500">Read-only: only admins change connections.</p>
        )}
      </form>
    </Card>
  );
}

export function AwsConnectionForm<T>({
  current,
  action,
  sandbox,
  sandboxAllowed,
  canEdit,
}: {
  current: AwsConnectionView;
  action: SaveAction<T>;
  sandbox: SandboxValues;
  sandboxAllowed: boolean;
  canEdit: boolean;
}) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const [mode, setMode] = useState<"sandbox" | "custom">(current.useSandbox && sandboxAllowed ? "sandbox" : "custom");
  const [source, setSource] = useState(current.credentialSource);
  const disabled = !canEdit || isPending;
  const errors = (name: string) => fieldErrors(state, name);
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-[var(--color-aws)]" /> AWS
        </span>
      }
      description="The region of your IAM Identity Center instance and how the portal gets AWS credentials. No access keys are stored here."
    >
      <form onSubmit={onSubmit} className="space-y-4" aria-label="AWS connection">
        <ModeChoice name="mode" mode={mode} onChange={setMode} sandboxAllowed={sandboxAllowed} disabled={disabled} />
        {mode === "custom" ? (
          <>
            <Field id="aws-region" label="Region" hint="Where IAM Identity Center is enabled, e.g. eu-west-1." errors={errors("region")}>
              <input
                id="aws-region"
                name="region"
                defaultValue={current.region}
                disabled={disabled}
                className={inputClass}
                aria-invalid={Boolean(errors("region"))}
              />
            </Field>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-800">Credentials</legend>
              <div className="flex flex-col gap-2 text-sm">
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="credentialSource"
                    value="default-chain"
                    checked={source === "default-chain"}
                    onChange={() => setSource("default-chain")}
                    disabled={disabled}
                  />
                  Default credential chain (environment, instance or task role)
                </label>
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="credentialSource"
                    value="assume-role"
                    checked={source === "assume-role"}
                    onChange={() => setSource("assume-role")}
                    disabled={disabled}
                  />
                  Assume a role
                </label>
              </div>
            </fieldset>
            {source === "assume-role" ? (
              <>
                <Field id="aws-role" label="Role ARN" errors={errors("roleArn")}>
                  <input
                    id="aws-role"
                    name="roleArn"
                    defaultValue={current.roleArn}
                    disabled={disabled}
                    className={inputClass}
                    aria-invalid={Boolean(errors("roleArn"))}
                  />
                </Field>
                <Field id="aws-external-id" label="External ID (optional)" errors={errors("externalId")}>
                  <input
                    id="aws-external-id"
                    name="externalId"
                    defaultValue={current.externalId}
                    disabled={disabled}
                    className={inputClass}
                    aria-invalid={Boolean(errors("externalId"))}
                  />
                </Field>
              </>
            ) : null}
          </>
        ) : (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3 text-xs ring-1 ring-slate-200">
            <dt className="text-slate-500">Sandbox region</dt>
            <dd className="font-mono">{sandbox.region}</dd>
            <dt className="text-slate-500">Identity store</dt>
            <dd className="font-mono">{sandbox.identityStoreId}</dd>
          </dl>
        )}
        <FormStatus state={state} />
        {canEdit ? (
          <Button type="submit" disabled={isPending}>
            {isPending ? "Saving…" : "Save AWS connection"}
          </Button>
        ) : (
          <p className="text-xs text-slate-500">Read-only: only admins change connections.</p>
        )}
      </form>
    </Card>
  );
}
