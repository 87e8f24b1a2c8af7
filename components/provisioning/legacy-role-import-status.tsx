import Link from "next/link";
import { STATUS_DOT, STATUS_LABEL } from "@/components/setup/status";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { FederationFacts } from "@/lib/setup/facts";
import { federationQuery } from "@/lib/setup/federation-id";
import type { StepState } from "@/lib/setup/store";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A legacy app's side of the status page: there is no user provisioning, only Entra's role import (AWS → Entra), so
 * this shows what the role-import step last ran or checked: its state, the account and key it reads with, the roles
 * imported and the ones skipped with why. Stored results only (a GET calls nothing); "Verify again" lives on Setup.
 */
export function LegacyRoleImportStatus({
  federationId,
  appLabel,
  facts,
  step,
}: {
  federationId: string;
  appLabel: string;
  facts: FederationFacts;
  step: StepState | null;
}) {
  const status = step?.status ?? "not-started";
  const recorded = facts.roleImport;
  const checked = step?.lastCheck;
  const href = `/setup${federationQuery(federationId)}#step-role-import`;
  return (
    <Card
      title={`Role import — ${appLabel}`}
      description="Legacy apps have no user provisioning: Entra imports the account's IAM roles (those trusting exactly one SAML provider) as the app's roles, every cycle, with the role-manager key."
    >
      <div className="space-y-3 text-sm" data-testid="legacy-role-import">
        <p className="flex items-center gap-2">
          <span aria-hidden="true" className={cn("size-2.5 rounded-full", STATUS_DOT[status])} />
          <span className="font-medium text-slate-900">Role import step: {STATUS_LABEL[status]}</span>
          {step?.doneAt ? <span className="text-slate-600">· done {when.format(step.doneAt)} UTC</span> : null}
        </p>
        {step?.error ? <p className="text-red-800">{step.error}</p> : null}
        {checked ? (
          <p className={checked.result === "ok" ? "text-emerald-800" : checked.result === "failed" ? "text-red-800" : "text-amber-800"}>
            Last check {when.format(checked.at)} UTC: {checked.result === "ok" ? "as recorded" : checked.result === "failed" ? "failed" : "could not verify"}
            {checked.message ? ` — ${checked.message}` : ""}
          </p>
        ) : null}
        {recorded ? (
          <>
            <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
              <dt className="text-slate-600">AWS account</dt>
              <dd className="font-mono text-xs text-slate-900">{recorded.accountId}</dd>
              <dt className="text-slate-600">Job</dt>
              <dd className="font-mono text-xs text-slate-900">{recorded.jobId}</dd>
              <dt className="text-slate-600">Access key</dt>
              <dd className="font-mono text-xs text-slate-900">{recorded.accessKeyId}</dd>
            </dl>
            <div>
              <p className="font-medium text-slate-900">
                {recorded.imported.length} role{recorded.imported.length === 1 ? "" : "s"} imported
              </p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5 font-mono text-xs text-slate-800">
                {recorded.imported.map((r) => (
                  <li key={r.id}>{r.value.split(",")[0]}</li>
                ))}
              </ul>
            </div>
            {recorded.skipped.length ? (
              <div>
                <p className="font-medium text-amber-900">{recorded.skipped.length} skipped</p>
                <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-slate-800">
                  {recorded.skipped.map((r) => (
                    <li key={r.roleArn}>
                      <span className="font-mono">{r.roleArn}</span>: {r.reason}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </>
        ) : (
          <p className="text-slate-700">The role import is not set up yet.</p>
        )}
        <Link href={href} className="inline-block font-medium text-sky-800 underline">
          Open the role import step (run or verify it again)
        </Link>
      </div>
    </Card>
  );
}
