import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { CheckChain } from "@/components/helpdesk/check-chain";
import { ProvisionOnDemand } from "@/components/helpdesk/provision-client";
import { RerunDiagnosis } from "@/components/helpdesk/rerun-client";
import { CopyButton } from "@/components/metadata/copy-button-client";
import { AreaPage } from "@/components/shell/area-states";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db";
import { shownDiagnosis } from "@/lib/helpdesk/open";
import { loadDiagnosis } from "@/lib/helpdesk/store";
import type { DiagnosisReport } from "@/lib/helpdesk/types";
import { cycleCadence } from "@/lib/provisioning/job-state";
import { latestCycleInterval } from "@/lib/provisioning/status";
import { getHelpdeskPolicy } from "@/lib/settings/helpdesk-policy";
import { helpdeskProvisionOnDemandAction, rerunDiagnosisAction } from "../../actions";

export const metadata = { title: "Helpdesk diagnosis" };
export const dynamic = "force-dynamic";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const fmt = (iso: string) => `${when.format(new Date(iso))} UTC`;

function Outcome({ report, label }: { report: DiagnosisReport; label?: string }) {
  if (report.outcome === "diagnosed") return <CheckChain checks={report.checks} label={label} />;
  const tone = report.outcome === "deleted-user" ? "bad" : "warn";
  return (
    <Notice tone={tone} title="What this means">
      {report.message ? <p>{report.message}</p> : null}
      {report.candidates?.length ? (
        <ul className="mt-2 list-disc pl-5">
          {report.candidates.map((c) => (
            <li key={c.id}>
              {c.displayName ?? c.userPrincipalName} — {c.userPrincipalName}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-2">
        <Link href="/helpdesk" className="underline">
          Search again
        </Link>
      </p>
    </Notice>
  );
}

/**
 * A diagnosis link shows what is stored and changes nothing (no Graph or AWS call, no audit row): opening it is a GET.
 * "Re-run now" is the POST that checks again.
 */
export default async function DiagnosisPage({ params }: { params: Promise<{ shortId: string }> }) {
  const access = await pageAccess("helpdesk.view");
  if (access.state !== "allowed") return <AreaPage href="/helpdesk" access={access} title="Helpdesk diagnosis" />;
  const { shortId } = await params;
  const stored = await loadDiagnosis(db(), shortId);
  if (!stored) notFound();
  const session = access.session;

  const shown = shownDiagnosis(stored);
  const live = shown.report;
  const mayRerun = can(session.role, "helpdesk.diagnose");

  const h = await headers();
  const origin = env().IB_PUBLIC_URL?.replace(/\/+$/, "") ?? `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`;
  const link = `${origin}/helpdesk/d/${shortId}`;
  const [policy, cycleInterval] = await Promise.all([getHelpdeskPolicy(db()), latestCycleInterval(db(), stored.federationId)]);
  const mayProvision = can(session.role, "helpdesk.provision") && (session.role === "admin" || policy.helpdeskMayProvisionOnDemand);
  const subject = live.subject.displayName ? `${live.subject.displayName} (${live.subject.userPrincipalName ?? stored.query})` : (live.subject.userPrincipalName ?? stored.query);

  return (
    <AreaPage href="/helpdesk" access={access} title={`Diagnosis: ${subject}`}>
      <div className="space-y-6">
        <Notice tone={live.headline.tone} title={live.headline.text}>
          <p data-testid="diagnosis-meta">
            {shown.rerun ? `Re-run ${fmt(live.takenAt)} by ${shown.by}.` : `Taken ${fmt(live.takenAt)}.`} Diagnosis {shortId}, created {fmt(stored.createdAt)} by {stored.createdBy}.
          </p>
          {mayRerun ? (
            <div className="mt-3">
              <RerunDiagnosis shortId={shortId} action={rerunDiagnosisAction} />
            </div>
          ) : null}
        </Notice>
        {live.problems.map((p) => (
          <Notice key={`${p.source}-${p.kind}`} tone="warn" title={p.source === "aws" ? "AWS did not answer: the AWS lines are unknown" : "Microsoft Entra did not answer part of the check"}>
            {p.message}
            {p.requestId ? ` (request id ${p.requestId})` : ""}
          </Notice>
        ))}
        <Card
          title="Checks"
          description={
            live.chain === "legacy-iam"
              ? "From Entra to the IAM role in the AWS account (legacy per-account mode), in the order a sign-in depends on them."
              : "From Entra to the AWS access portal, in the order a user's access depends on them."
          }
        >
          <Outcome report={live} />
        </Card>
        {live.outcome === "diagnosed" && live.chain !== "legacy-iam" && live.subject.userPrincipalName ? (
          <Card title="Provision on demand" description={`Push this user to AWS now instead of waiting for the next cycle (cycles run ${cycleCadence(cycleInterval)}).`}>
            {mayProvision ? (
              <ProvisionOnDemand shortId={shortId} userPrincipalName={live.subject.userPrincipalName} action={helpdeskProvisionOnDemandAction} />
            ) : (
              <p className="text-sm text-slate-600">
                {session.role === "helpdesk" ? "An admin has not allowed helpdesk to provision on demand; ask an admin." : "Only admins (and helpdesk, if an admin allows it) can provision on demand."}
              </p>
            )}
          </Card>
        ) : null}
        <Card title="Share">
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <code className="rounded bg-slate-100 px-2 py-1" data-testid="share-link">
              {link}
            </code>
            <CopyButton value={link} label="Copy link" />
          </div>
          <p className="mt-2 text-xs text-slate-600">
            Opening the link shows the result stored above; {mayRerun ? "“Re-run now” checks again." : "helpdesk and admins can check again."} Checked in {live.timing.wallMs} ms, {live.timing.criticalPathRoundTrips} upstream round trip{live.timing.criticalPathRoundTrips === 1 ? "" : "s"} on the critical path.
          </p>
          {shown.rerun ? (
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer text-slate-700">
                Stored copy, taken {fmt(stored.report.takenAt)}: {stored.report.headline.text}
              </summary>
              <div className="mt-3">
                <Outcome report={stored.report} label="Checks in the stored copy" />
              </div>
            </details>
          ) : null}
        </Card>
      </div>
    </AreaPage>
  );
}
