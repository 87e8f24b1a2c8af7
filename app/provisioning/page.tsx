import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { FederationSwitcher } from "@/components/provisioning/federation-switcher";
import { LegacyRoleImportStatus } from "@/components/provisioning/legacy-role-import-status";
import { AreaPage } from "@/components/shell/area-states";
import { CertificateRollover } from "@/components/provisioning/certificate-rollover-client";
import { ExpiryWatch } from "@/components/provisioning/expiry-watch";
import { livePartsOf } from "@/components/provisioning/live-parts";
import { LiveIndicator, LivePart, LiveProvisioning } from "@/components/provisioning/live-updates-client";
import { LogTable } from "@/components/provisioning/log-table";
import { PollProblem } from "@/components/provisioning/poll-problem";
import { ProvisioningActions } from "@/components/provisioning/provisioning-actions-client";
import { TokenRotationCard } from "@/components/provisioning/token-rotation-card";
import { DriftNotice } from "@/components/history/drift-notice";
import { consoleValuesFrom } from "@/components/setup/console-values";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { RESTART_SCOPES } from "@/lib/entra/provisioning-job-control";
import { decodeLogKey, listLogEntries, loadProvisioningStatus } from "@/lib/provisioning/status";
import { expiryWatch } from "@/lib/provisioning/expiry";
import { rotationStatus } from "@/lib/setup/rotate-scim-token";
import { stepHref, stepRef } from "@/lib/setup/step-ref";
import { federationFromSearchParam } from "@/lib/setup/federation-id";
import { appLabelOf, federationExists, listFederations } from "@/lib/setup/federations";
import { loadChecklist, loadFactsForRender } from "@/lib/setup/store";
import {
  activateRolloverCertificateAction,
  confirmOldScimTokenRetiredAction,
  startCertificateRolloverAction,
  pauseProvisioningAction,
  provisionOnDemandAction,
  provisioningLivePartsAction,
  restartProvisioningAction,
  rotateScimTokenAction,
  searchProvisioningGroupsAction,
  searchProvisioningUsersAction,
  startProvisioningAction,
} from "./actions";

export const metadata = { title: "Provisioning" };
export const dynamic = "force-dynamic";

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ProvisioningPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await pageAccess("provisioning.view");
  if (access.state !== "allowed") return <AreaPage href="/provisioning" access={access} />;
  const params = await searchParams;
  // Which federation: `?federation=` (absent: the first one); an id the portal does not have is not found.
  const selected = federationFromSearchParam(params.federation);
  if (!selected.ok || !(await federationExists(db(), selected.id))) notFound();
  const federationId = selected.id;
  // The apps with something to show: a federation whose checklist has started.
  const federations = (await listFederations(db())).filter((f) => f.started || f.id === federationId);
  const switcher = federations.length > 1 ? <FederationSwitcher federations={federations} current={federationId} /> : null;
  const legacy = federations.find((f) => f.id === federationId)?.mode === "legacy-iam";
  if (legacy) return <LegacyStatusPage access={access} federationId={federationId} switcher={switcher} params={params} />;
  const status = await loadProvisioningStatus(db(), federationId);

  if (status.state === "not-configured")
    return (
      <AreaPage href="/provisioning" access={access}>
        {switcher}
        <Notice tone="info" title="Provisioning is not set up yet">
          The status appears here once Setup has created the provisioning job and saved the SCIM token.{" "}
          <Link href="/setup" className="font-medium underline">
            Go to Setup
          </Link>
        </Notice>
      </AreaPage>
    );

  const snapshotId = status.state === "ready" ? status.snapshot.id : 0;
  if (status.state === "waiting")
    return (
      <LiveProvisioning federationId={federationId} snapshotId={snapshotId}>
        <AreaPage href="/provisioning" access={access} actions={<LiveIndicator />}>
          <PollProblem poll={status.poll} />
          <Notice tone="info" title="Reading the job for the first time">
            The portal reads the synchronization job in the background; its status appears here within seconds.
          </Notice>
        </AreaPage>
      </LiveProvisioning>
    );

  const { filters, cursor, logs } = await logPageOf(federationId, params);
  const canOperate = can(access.session.role, "provisioning.operate");
  const facts = await loadFactsForRender(db(), federationId);
  const expiry = expiryWatch(facts, new Date(), { federationId, mode: "identity-center" });
  const rotation = canOperate ? await rotationStatus({ database: db(), federationId, facts }) : null;
  const parts = livePartsOf(status, facts.deletionThreshold ?? null);

  return (
    <LiveProvisioning federationId={federationId} snapshotId={snapshotId} load={provisioningLivePartsAction}>
      <AreaPage href="/provisioning" access={access} actions={<LiveIndicator />}>
        <div className="space-y-6">
          {switcher}
          <LivePart name="job">{parts.job}</LivePart>
          <DriftNotice federationId={federationId} canOpen={can(access.session.role, "audit.view")} />
          <LivePart name="chart">{parts.chart}</LivePart>
          <ExpiryWatch items={expiry} canRenew={canOperate} />
          {canOperate ? (
            <Card title="Actions" description="Each action shows what it will do and asks for confirmation; all are recorded in the audit log.">
              <ProvisioningActions
                federationId={federationId}
                start={startProvisioningAction}
                pause={pauseProvisioningAction}
                restart={restartProvisioningAction}
                search={searchProvisioningUsersAction}
                searchGroups={searchProvisioningGroupsAction}
                provision={provisionOnDemandAction}
                scopes={Object.entries(RESTART_SCOPES).map(([scope, explanation]) => ({ scope, explanation }))}
              />
            </Card>
          ) : null}
          {rotation ? (
            <TokenRotationCard
              federationId={federationId}
              rotation={rotation}
              consoleValues={consoleValuesFrom(facts, {})}
              rotate={rotateScimTokenAction}
              retire={confirmOldScimTokenRetiredAction}
            />
          ) : null}
          {can(access.session.role, "setup.run") ? (
            <div id="rollover-certificate">
              <Card
                title="Roll over the SAML signing certificate"
                description="Entra's signing certificate lasts up to three years. AWS accepts the new one only through a metadata upload in its console, so the portal does the Entra side and hands you the file."
              >
                <CertificateRollover
                  federationId={federationId}
                  current={facts.signing ? { thumbprint: facts.signing.thumbprint, notAfter: facts.signing.notAfter } : null}
                  add={startCertificateRolloverAction}
                  activate={activateRolloverCertificateAction}
                  metadataStep={{ ref: stepRef("federation-metadata"), href: stepHref("federation-metadata") }}
                  uploadStep={{ ref: stepRef("idp-metadata-upload"), href: stepHref("idp-metadata-upload") }}
                  testStep={{ ref: stepRef("test-sign-in"), href: stepHref("test-sign-in") }}
                />
              </Card>
            </div>
          ) : null}
          <LogTable page={logs} oldest={Boolean(cursor && "last" in cursor)} filters={filters} federationId={federationId} />
        </div>
      </AreaPage>
    </LiveProvisioning>
  );
}

type SearchParams = Record<string, string | string[] | undefined>;

/** The log's filters and page from the URL, and that page of entries. */
async function logPageOf(federationId: string, params: SearchParams) {
  const filters = Object.fromEntries(
    (["user", "action", "result"] as const).flatMap((k) => {
      const v = first(params[k])?.trim();
      return v ? [[k, v]] : [];
    }),
  );
  const after = decodeLogKey(first(params.after));
  const before = decodeLogKey(first(params.before));
  const cursor = after ? { after } : before ? { before } : first(params.last) ? { last: true as const } : undefined;
  return { filters, cursor, logs: await listLogEntries(db(), federationId, { ...filters, cursor }) };
}

const LEGACY_DESCRIPTION = "Live status of a legacy app's role-import job: Entra reads the AWS account's IAM roles as the app's roles every cycle.";

/**
 * A legacy app provisions no users: its status is its role-import job's, read by the same background poller (the
 * job's health and cycles live, its log of roles imported and skipped), beside what Setup last recorded.
 */
async function LegacyStatusPage({
  access,
  federationId,
  switcher,
  params,
}: {
  access: Extract<Awaited<ReturnType<typeof pageAccess>>, { state: "allowed" }>;
  federationId: string;
  switcher: ReactNode;
  params: SearchParams;
}) {
  const [checklist, status] = await Promise.all([loadChecklist(db(), federationId), loadProvisioningStatus(db(), federationId)]);
  const step = checklist.steps.find((s) => s.id === "role-import")?.state ?? null;
  const recorded = (
    <LegacyRoleImportStatus federationId={federationId} appLabel={appLabelOf(checklist.mode, checklist.facts)} facts={checklist.facts} step={step} />
  );
  const expiry = (
    <ExpiryWatch items={expiryWatch(checklist.facts, new Date(), { federationId, mode: checklist.mode })} canRenew={can(access.session.role, "setup.run")} />
  );
  if (status.state === "not-configured")
    return (
      <AreaPage href="/provisioning" access={access} description={LEGACY_DESCRIPTION}>
        <div className="space-y-6">
          {switcher}
          {recorded}
          {expiry}
        </div>
      </AreaPage>
    );
  if (status.state === "waiting")
    return (
      <LiveProvisioning federationId={federationId} snapshotId={0}>
        <AreaPage href="/provisioning" access={access} description={LEGACY_DESCRIPTION} actions={<LiveIndicator />}>
          <div className="space-y-6">
            {switcher}
            <PollProblem poll={status.poll} job="role-import" />
            <Notice tone="info" title="Reading the role-import job for the first time">
              The portal reads the job in the background; its status appears here within seconds.
            </Notice>
            {recorded}
            {expiry}
          </div>
        </AreaPage>
      </LiveProvisioning>
    );
  const { filters, cursor, logs } = await logPageOf(federationId, params);
  const parts = livePartsOf(status, null);
  return (
    <LiveProvisioning federationId={federationId} snapshotId={status.snapshot.id} load={provisioningLivePartsAction}>
      <AreaPage href="/provisioning" access={access} description={LEGACY_DESCRIPTION} actions={<LiveIndicator />}>
        <div className="space-y-6">
          {switcher}
          <LivePart name="job">{parts.job}</LivePart>
          <DriftNotice federationId={federationId} canOpen={can(access.session.role, "audit.view")} />
          {recorded}
          <LivePart name="chart">{parts.chart}</LivePart>
          {expiry}
          <LogTable page={logs} oldest={Boolean(cursor && "last" in cursor)} filters={filters} federationId={federationId} subject="role" />
        </div>
      </AreaPage>
    </LiveProvisioning>
  );
}
