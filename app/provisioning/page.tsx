import Link from "next/link";
import { AreaPage } from "@/components/shell/area-states";
import { AwsAccessTokensScreen } from "@/components/console/aws-identity-center-screens";
import { CertificateRollover } from "@/components/provisioning/certificate-rollover-client";
import { CycleChart } from "@/components/provisioning/cycle-chart";
import { ExpiryWatch } from "@/components/provisioning/expiry-watch";
import { TokenRotation } from "@/components/provisioning/token-rotation-client";
import { consoleValuesFrom } from "@/components/setup/console-values";
import { LiveUpdates } from "@/components/provisioning/live-updates-client";
import { ProvisioningActions } from "@/components/provisioning/provisioning-actions-client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { RESTART_SCOPES } from "@/lib/entra/provisioning-job-control";
import type { ProvisioningJob, TaskExecution } from "@/lib/entra/provisioning-job";
import { cycleKind, describeJobHealth, explainQuarantine, isCycleRunning, nextCycleEta } from "@/lib/provisioning/job-state";
import { LOG_ACTIONS, LOG_RESULTS, listLogEntries, loadProvisioningStatus, type LogRow, type PollState } from "@/lib/provisioning/status";
import { translateProvisioningError } from "@/lib/helpdesk/translate";
import { expiryWatch } from "@/lib/provisioning/expiry";
import { rotationStatus } from "@/lib/setup/rotate-scim-token";
import { DEFAULT_FEDERATION, loadFacts } from "@/lib/setup/store";
import {
  activateRolloverCertificateAction,
  confirmOldScimTokenRetiredAction,
  startCertificateRolloverAction,
  pauseProvisioningAction,
  provisionOnDemandAction,
  restartProvisioningAction,
  rotateScimTokenAction,
  searchProvisioningGroupsAction,
  searchProvisioningUsersAction,
  startProvisioningAction,
} from "./actions";

export const metadata = { title: "Provisioning" };
export const dynamic = "force-dynamic";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const fmt = (iso: string | null | undefined) => (iso ? `${when.format(new Date(iso))} UTC` : "never");

function duration(from: string | null, to: string | null): string {
  if (!from || !to) return "";
  const s = Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000));
  return s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

function relative(iso: string, now: Date): string {
  const min = Math.round((new Date(iso).getTime() - now.getTime()) / 60_000);
  if (Math.abs(min) < 1) return "now";
  return min > 0 ? `in about ${min} min` : `${-min} min ago`;
}

function ago(iso: string, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  return s < 60 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `at ${fmt(iso)}`;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function Execution({ execution }: { execution: TaskExecution | null }) {
  if (!execution) return <>never</>;
  return (
    <>
      {fmt(execution.timeBegan)}
      {execution.timeEnded ? ` · took ${duration(execution.timeBegan, execution.timeEnded)}` : ""} ·{" "}
      {execution.state === "Succeeded" ? "succeeded" : execution.state === "EntryLevelErrors" ? "finished with entry errors" : execution.state === "Failed" ? "failed" : "unknown"}
      {cycleKind(execution) === "unknown" ? "" : ` · ${cycleKind(execution)} cycle`}
      {" · "}
      {execution.countImported} processed, {execution.countExported} exported
    </>
  );
}

const POLL_HINT: Record<string, string> = {
  "not-found": "The AWS app or its provisioning job no longer exists in Entra (deleted there?). Run Setup again: step 2 finds or recreates the app, step 10 the job.",
  forbidden: "The portal's Graph app lost a permission it needs. Check Setup step 0 and grant it again with admin consent.",
  auth: "Entra no longer accepts the portal's Graph app credentials (expired client secret?). Update them in Settings → Connections.",
  throttled: "Graph is limiting how often the portal may read. The poller slows down and retries by itself; nothing to do.",
};

/** Said above the job when the last poll failed: the status shown is the last one read, since when, and what to do. */
function PollProblem({ poll }: { poll: PollState | null }) {
  if (!poll?.error) return null;
  return (
    <Notice tone="warn" title={`Microsoft Graph has not answered the poller since ${fmt(poll.errorSince ?? poll.checkedAt)}`} className="mb-4">
      <p data-testid="poll-problem" data-kind={poll.errorKind ?? ""}>
        {poll.error} The status below is the last one read.
      </p>
      {poll.errorKind && POLL_HINT[poll.errorKind] ? <p className="mt-1">{POLL_HINT[poll.errorKind]}</p> : null}
      <p className="mt-1 text-xs">Last attempt {fmt(poll.checkedAt)}.</p>
    </Notice>
  );
}

function JobStatus({ job, takenAt, poll }: { job: ProvisioningJob; takenAt: string; poll: PollState | null }) {
  const now = new Date();
  const view = describeJobHealth(job);
  const { status } = job;
  const last = status.lastExecution;
  const running = isCycleRunning(job) ? status.progress[0] : undefined;
  const eta = nextCycleEta(job, now);
  const quarantine = status.quarantine ? explainQuarantine(status.quarantine, last?.error ?? null) : null;
  return (
    <Card
      title="Synchronization job"
      description={`Last changed ${fmt(takenAt)}${poll && !poll.error ? `; checked against Microsoft Graph ${ago(poll.checkedAt, now)}` : ""}.`}
    >
      <PollProblem poll={poll} />
      <div className="flex flex-wrap items-center gap-3" data-testid="job-health" data-health={view.health}>
        <Badge tone={view.tone} className="px-3 py-1 text-sm">
          {view.label}
        </Badge>
        <p className="text-sm text-slate-700">{view.summary}</p>
      </div>
      {running ? (
        <div className="mt-4">
          <div className="flex justify-between text-xs text-slate-600">
            <span>Current cycle</span>
            <span>
              {running.completedUnits} of {running.totalUnits} {running.units.toLowerCase() || "entries"}
            </span>
          </div>
          <div
            role="progressbar"
            aria-label="Current cycle"
            aria-valuemin={0}
            aria-valuemax={running.totalUnits}
            aria-valuenow={running.completedUnits}
            className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200"
          >
            <div className="h-full bg-sky-600" style={{ width: `${Math.round((running.completedUnits / Math.max(1, running.totalUnits)) * 100)}%` }} />
          </div>
        </div>
      ) : null}
      {quarantine && status.quarantine ? (
        <Notice tone="bad" title={`Quarantined: ${quarantine.title}`} className="mt-4">
          <p>{quarantine.meaning}</p>
          <p className="mt-1">
            <strong>Fix:</strong> {quarantine.fix}
          </p>
          <p className="mt-1 text-xs">
            Reason {status.quarantine.reason}
            {status.quarantine.error?.code ? ` · error ${status.quarantine.error.code}` : ""} · since {fmt(status.quarantine.currentBegan)}
            {status.quarantine.nextAttempt ? ` · next attempt ${fmt(status.quarantine.nextAttempt)}` : ""}
          </p>
          {!status.quarantine.error?.code ? null : (
            <p className="mt-1">
              <Link href="/setup#step-scim-endpoint" className="font-medium underline">
                Open Setup step 9 (SCIM endpoint and token)
              </Link>
            </p>
          )}
        </Notice>
      ) : null}
      {!quarantine && last?.state === "Failed" && last.error ? (
        <Notice tone="warn" title="The last cycle failed" className="mt-4">
          {last.error.code}
        </Notice>
      ) : null}
      <dl className="mt-5 grid gap-4 sm:grid-cols-2">
        <Fact label="Last cycle" testId="last-cycle">
          <Execution execution={last} />
        </Fact>
        <Fact label="Last successful cycle">
          <Execution execution={status.lastSuccessfulExecution} />
        </Fact>
        <Fact label="Next cycle (about every 40 minutes)" testId="next-cycle">
          {eta ? `${fmt(eta.toISOString())} (${relative(eta.toISOString(), now)})` : view.health === "paused" || view.health === "disabled" ? "none: the job is not running" : "after the first cycle"}
        </Fact>
        <Fact label="Steady state">
          {status.steadyStateLastAchievedTime ? `last reached ${fmt(status.steadyStateLastAchievedTime)}` : "not reached yet"}
          {status.steadyStateFirstAchievedTime ? ` · first ${fmt(status.steadyStateFirstAchievedTime)}` : ""}
        </Fact>
        <Fact label="Escrows and errors" testId="escrows">
          {last?.countEscrowed ?? 0} waiting to be retried · {status.countSuccessiveCompleteFailures} failed cycles in a row
          {status.escrowsPruned ? " · old escrows were pruned" : ""}
        </Fact>
        <Fact label="In AWS by object type">
          {status.synchronizedEntryCountByType.length ? (
            <ul>
              {status.synchronizedEntryCountByType.map((e) => (
                <li key={e.key}>
                  {e.key.split(" to ")[0]}s: {e.value}
                </li>
              ))}
            </ul>
          ) : (
            "none yet"
          )}
        </Fact>
      </dl>
    </Card>
  );
}

/** The error in plain words first (known codes), Entra's own reason and code beneath it as evidence. */
function LogError({ row }: { row: LogRow }) {
  if (!row.errorCode && !row.errorReason) return null;
  const plain = translateProvisioningError(row.errorCode);
  return (
    <>
      {plain.known ? <span className="block">{plain.cause}</span> : null}
      <span className={plain.known ? "block text-xs text-slate-500" : "block"}>
        {row.errorReason ?? row.errorCode}
        {row.errorCode && row.errorReason ? ` (${row.errorCode})` : ""}
      </span>
      {plain.known ? <span className="block text-xs text-slate-600">Fix: {plain.remedy}</span> : row.recommendedAction ? <span className="block text-xs text-slate-500">{row.recommendedAction}</span> : null}
    </>
  );
}

const TONE: Record<string, "good" | "warn" | "bad" | "neutral"> = { success: "good", warning: "warn", failure: "bad", skipped: "neutral" };

function LogTable({ rows, total, page, pages, filters, federationId }: { rows: LogRow[]; total: number; page: number; pages: number; filters: Record<string, string>; federationId: string }) {
  const link = (p: number) => {
    const q = new URLSearchParams({ ...filters, page: String(p) });
    if (federationId !== DEFAULT_FEDERATION) q.set("federation", federationId);
    return `/provisioning?${q.toString()}#log`;
  };
  return (
    <Card title="Provisioning log" description="Copied from Microsoft Graph as cycles run (Graph keeps entries only briefly). Newest first.">
      <form method="get" action="/provisioning#log" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the provisioning log">
        {federationId !== DEFAULT_FEDERATION ? <input type="hidden" name="federation" value={federationId} /> : null}
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-800">User</span>
          <input name="user" defaultValue={filters.user} className="mt-1 w-56 rounded-md px-2 py-1.5 ring-1 ring-slate-300" placeholder="name or UPN" />
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-800">Action</span>
          <select name="action" defaultValue={filters.action ?? ""} className="mt-1 rounded-md px-2 py-1.5 ring-1 ring-slate-300">
            <option value="">any</option>
            {LOG_ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-800">Result</span>
          <select name="result" defaultValue={filters.result ?? ""} className="mt-1 rounded-md px-2 py-1.5 ring-1 ring-slate-300">
            <option value="">any</option>
            {LOG_RESULTS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-white px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50">
          Filter
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">No entries{Object.values(filters).some(Boolean) ? " match these filters" : " copied yet"}.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" id="log">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">When (UTC)</th>
                <th className="py-2 pr-3">Who</th>
                <th className="py-2 pr-3">Action</th>
                <th className="py-2 pr-3">Result</th>
                <th className="py-2">What went wrong</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="py-2 pr-3 whitespace-nowrap">{r.at.replace("T", " ").slice(0, 19)}</td>
                  <td className="py-2 pr-3">
                    {r.who}
                    {r.target && r.target !== r.who ? <span className="block text-xs text-slate-500">{r.target}</span> : null}
                  </td>
                  <td className="py-2 pr-3">{r.action}</td>
                  <td className="py-2 pr-3">
                    <Badge tone={TONE[r.status] ?? "neutral"}>{r.status}</Badge>
                  </td>
                  <td className="py-2 text-slate-700">
                    <LogError row={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="mt-3 flex items-center justify-between text-sm" aria-label="Log pages">
        <span className="text-slate-600">
          {total} entries · page {page} of {pages}
        </span>
        <span className="flex gap-3">
          {page > 1 ? <Link href={link(page - 1)}>Newer</Link> : null}
          {page < pages ? <Link href={link(page + 1)}>Older</Link> : null}
        </span>
      </nav>
    </Card>
  );
}

export default async function ProvisioningPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await pageAccess("provisioning.view");
  if (access.state !== "allowed") return <AreaPage href="/provisioning" access={access} />;
  const params = await searchParams;
  const federationId = first(params.federation) || DEFAULT_FEDERATION;
  const status = await loadProvisioningStatus(db(), federationId);

  if (status.state === "not-configured")
    return (
      <AreaPage href="/provisioning" access={access}>
        <Notice tone="info" title="Provisioning is not set up yet">
          The status appears here once Setup has created the provisioning job and saved the SCIM token.{" "}
          <Link href="/setup" className="font-medium underline">
            Go to Setup
          </Link>
        </Notice>
      </AreaPage>
    );

  const snapshotId = status.state === "ready" ? status.snapshot.id : 0;
  const live = <LiveUpdates federationId={federationId} snapshotId={snapshotId} />;
  if (status.state === "waiting")
    return (
      <AreaPage href="/provisioning" access={access} actions={live}>
        <PollProblem poll={status.poll} />
        <Notice tone="info" title="Reading the job for the first time">
          The portal reads the synchronization job in the background; its status appears here within seconds.
        </Notice>
      </AreaPage>
    );

  const filters = Object.fromEntries(
    (["user", "action", "result"] as const).flatMap((k) => {
      const v = first(params[k])?.trim();
      return v ? [[k, v]] : [];
    }),
  );
  const logs = await listLogEntries(db(), federationId, { ...filters, page: Number(first(params.page) ?? "1") || 1 });
  const canOperate = can(access.session.role, "provisioning.operate");
  const facts = await loadFacts(db(), federationId);
  const expiry = expiryWatch(facts);
  const rotation = canOperate ? await rotationStatus({ database: db(), federationId, facts }) : null;
  const consoleValues = consoleValuesFrom(facts, {});
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");
  const currentToken = { created: day(rotation?.tokenCreatedAt ?? null), expires: day(rotation?.tokenExpiresAt ?? null), current: true };
  const oldToken = { created: "(earlier)", expires: "(sooner)", current: false };

  return (
    <AreaPage href="/provisioning" access={access} actions={live}>
      <div className="space-y-6">
        <JobStatus job={status.snapshot.status} takenAt={status.snapshot.takenAt} poll={status.poll} />
        <Card title="Recent cycles" description="Entries processed and errors per cycle, oldest on the left.">
          <CycleChart cycles={status.cycles} />
        </Card>
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
          <div id="rotate-token">
            <Card
              title="Rotate the SCIM access token"
              description="AWS tokens last one year and cannot be generated through an API: you generate the new one in the AWS console, the portal does the rest and checks each step."
            >
              <TokenRotation
                federationId={federationId}
                oldTokenPending={rotation.oldTokenPending}
                rotate={rotateScimTokenAction}
                retire={confirmOldScimTokenRetiredAction}
                generateScreen={<AwsAccessTokensScreen values={consoleValues} highlight="generate" tokens={[currentToken]} />}
                deleteScreen={<AwsAccessTokensScreen values={consoleValues} highlight="delete" tokens={[{ ...oldToken }, { ...currentToken }]} />}
              />
            </Card>
          </div>
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
              />
            </Card>
          </div>
        ) : null}
        <LogTable rows={logs.rows} total={logs.total} page={logs.page} pages={logs.pages} filters={filters} federationId={federationId} />
      </div>
    </AreaPage>
  );
}
