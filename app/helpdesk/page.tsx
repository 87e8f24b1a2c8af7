import Link from "next/link";
import { notFound } from "next/navigation";
import { FederationSwitcher } from "@/components/provisioning/federation-switcher";
import { AreaPage } from "@/components/shell/area-states";
import { HelpdeskPolicyForm } from "@/components/helpdesk/policy-client";
import { UserSearch } from "@/components/helpdesk/user-search-client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { recentDiagnoses } from "@/lib/helpdesk/store";
import { getHelpdeskPolicy } from "@/lib/settings/helpdesk-policy";
import { federationFromSearchParam } from "@/lib/setup/federation-id";
import { federationExists, listFederations } from "@/lib/setup/federations";
import { loadChecklist } from "@/lib/setup/store";
import { diagnoseUserAction, searchHelpdeskUsersAction, updateHelpdeskPolicyAction } from "./actions";

export const metadata = { title: "Helpdesk" };
export const dynamic = "force-dynamic";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const TONE = { good: "good", warn: "warn", bad: "bad" } as const;

export default async function HelpdeskPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await pageAccess("helpdesk.view");
  if (access.state !== "allowed") return <AreaPage href="/helpdesk" access={access} />;
  const role = access.session.role;
  // Which app's users to check (`?federation=`; absent: the first). An unknown one is not found, never a crash.
  const selected = federationFromSearchParam((await searchParams).federation);
  if (!selected.ok || !(await federationExists(db(), selected.id))) notFound();
  const federationId = selected.id;
  const [{ facts, mode }, recent, policy, federations] = await Promise.all([
    loadChecklist(db(), federationId),
    recentDiagnoses(db(), federationId),
    getHelpdeskPolicy(db()),
    listFederations(db()),
  ]);
  const legacy = mode === "legacy-iam";
  // Identity Center: the app, its provisioning job and the instance; legacy: the app and its imported roles.
  const configured = legacy ? Boolean(facts.app && facts.roleImport) : Boolean(facts.app && facts.job && facts.instance);
  const started = federations.filter((f) => f.started || f.id === federationId);
  return (
    <AreaPage
      href="/helpdesk"
      access={access}
      // A legacy app provisions nobody: its question is whether the user's role assignment reaches an IAM role.
      description={legacy ? "Can this user sign in to AWS through this app? If not, why not, and what fixes it." : undefined}
    >
      <div className="space-y-6">
        {started.length > 1 ? <FederationSwitcher federations={started} current={federationId} basePath="/helpdesk" /> : null}
        {!configured ? (
          <Notice tone="warn" title="The federation is not set up yet">
            {legacy
              ? "The helpdesk check needs the legacy AWS app in Entra and its imported IAM roles."
              : "The helpdesk check needs the AWS app and its provisioning job in Entra and the IAM Identity Center instance."}{" "}
            An admin finishes{" "}
            <Link href="/setup" className="underline">
              Setup
            </Link>{" "}
            first.
          </Notice>
        ) : null}
        <Card
          title={legacy ? "Can this user sign in to AWS through this app?" : "Has this user been provisioned to AWS?"}
          description={
            legacy
              ? "Search by UPN, e-mail or name; the check runs every step from the user's role assignment in Entra to the IAM role and SAML provider in AWS and says what fixes what."
              : "Search by UPN, e-mail or name; the check runs every step from Entra to the AWS access portal and says what fixes what."
          }
        >
          {can(role, "helpdesk.diagnose") ? (
            <UserSearch federationId={federationId} search={searchHelpdeskUsersAction} diagnose={diagnoseUserAction} />
          ) : (
            <p className="text-sm text-slate-600">Your role can open diagnosis links others share, but not run new checks.</p>
          )}
        </Card>
        <Card title="Recent checks">
          {recent.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {recent.map((d) => (
                <li key={d.shortId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link href={`/helpdesk/d/${d.shortId}`} className="font-medium text-sky-800 underline">
                    {d.userPrincipalName ?? d.query}
                  </Link>
                  <span className="flex items-center gap-2 text-xs text-slate-600">
                    <Badge tone={TONE[d.tone as keyof typeof TONE] ?? "neutral"}>{d.tone === "good" ? "OK" : d.tone === "warn" ? "Check" : "Problem"}</Badge>
                    {when.format(new Date(d.createdAt))} UTC · {d.createdBy} · {d.shortId}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">No checks yet.</p>
          )}
        </Card>
        {/* Provisioning on demand exists for Identity Center apps only (a legacy app provisions no users). */}
        {can(role, "helpdesk.policy.update") && (federations.length === 0 || federations.some((f) => f.mode !== "legacy-iam")) ? (
          <Card title="Provision on demand from the helpdesk" description="Admins can always provision a user on demand from a diagnosis. Allow helpdesk too?">
            <HelpdeskPolicyForm allowed={policy.helpdeskMayProvisionOnDemand} action={updateHelpdeskPolicyAction} />
          </Card>
        ) : null}
      </div>
    </AreaPage>
  );
}
