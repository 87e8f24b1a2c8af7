import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { ProvisioningJob } from "@/lib/entra/provisioning-job";
import type { DeletionThreshold } from "@/lib/entra/provisioning-secrets";
import { cycleCadence, describeJobHealth, explainQuarantine, isCycleRunning, nextCycleEta } from "@/lib/provisioning/job-state";
import type { JobKind } from "@/lib/provisioning/configured-jobs";
import type { PollState } from "@/lib/provisioning/status";
import { stepHref, stepRef } from "@/lib/setup/step-ref";
import { Execution } from "./execution";
import { Fact } from "./fact";
import { formatAgo, formatRelative, formatUtc } from "./format";
import { PollProblem } from "./poll-problem";
import { BarFill } from "@/components/ui/bar-fill";

/** The synchronization job as last read: its health, the running cycle, quarantine, and the facts about its cycles. */
export function JobStatus({
  job,
  takenAt,
  poll,
  deletionThreshold = null,
  kind = "provisioning",
}: {
  job: ProvisioningJob;
  /** A legacy app's role-import job has no users to delete and nothing in the identity store: those facts are left out. */
  kind?: JobKind;
  takenAt: string;
  poll: PollState | null;
  /** Entra's accidental-deletion threshold as the admin chose it in Setup; null when it was never set by the portal. */
  deletionThreshold?: DeletionThreshold | null;
}) {
  const now = new Date();
  const view = describeJobHealth(job);
  const { status } = job;
  const last = status.lastExecution;
  const running = isCycleRunning(job) ? status.progress[0] : undefined;
  const eta = nextCycleEta(job, now);
  const quarantine = status.quarantine
    ? explainQuarantine(
        status.quarantine,
        last?.error ?? null,
        {
          threshold: deletionThreshold,
          held: status.quarantine.reason === "TooManyDeletes" ? (last?.countEscrowed ?? null) : null,
        },
        kind,
      )
    : null;
  const tooManyDeletes = status.quarantine?.reason === "TooManyDeletes";
  const stopped = view.health === "paused" || view.health === "disabled";
  return (
    <Card
      title={kind === "role-import" ? "Role-import job" : "Synchronization job"}
      description={`Last changed ${formatUtc(takenAt)}${poll && !poll.error ? `; checked against Microsoft Graph ${formatAgo(poll.checkedAt, now)}` : ""}.`}
    >
      <PollProblem poll={poll} job={kind} />
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
            <BarFill percent={(running.completedUnits / Math.max(1, running.totalUnits)) * 100} fillClass="fill-sky-600" />
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
            {status.quarantine.error?.code ? ` · error ${status.quarantine.error.code}` : ""} · since {formatUtc(status.quarantine.currentBegan)}
            {status.quarantine.nextAttempt ? ` · next attempt ${formatUtc(status.quarantine.nextAttempt)}` : ""}
          </p>
          {!status.quarantine.error?.code || tooManyDeletes ? null : (
            <p className="mt-1">
              <Link href={stepHref("scim-endpoint")} className="font-medium underline">
                Open Setup {stepRef("scim-endpoint")}
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
        <Fact label={`Next cycle (${cycleCadence(job.schedule.interval)})`} testId="next-cycle">
          {eta
            ? `${formatUtc(eta.toISOString())} (${formatRelative(eta.toISOString(), now)})`
            : stopped
              ? "none: the job is not running"
              : last
                ? "when Entra schedules it"
                : "after the first cycle"}
        </Fact>
        <Fact label="Steady state">
          {status.steadyStateLastAchievedTime ? `last reached ${formatUtc(status.steadyStateLastAchievedTime)}` : "not reached yet"}
          {status.steadyStateFirstAchievedTime ? ` · first ${formatUtc(status.steadyStateFirstAchievedTime)}` : ""}
        </Fact>
        <Fact label="Escrows and errors" testId="escrows">
          {last?.countEscrowed ?? 0} waiting to be retried · {status.countSuccessiveCompleteFailures} failed cycles in a row
          {status.escrowsPruned ? " · old escrows were pruned" : ""}
        </Fact>
        {kind === "provisioning" ? (
          <>
            <Fact label="Accidental-deletion prevention" testId="deletion-threshold">
              {deletionThreshold ? (
                deletionThreshold.enabled ? (
                  `On: a cycle that would delete or disable more than ${deletionThreshold.value} users and groups is held until you allow it`
                ) : (
                  "Off: Entra pushes any number of deletions"
                )
              ) : (
                <>not set by the portal yet (Setup {stepRef("provisioning-credentials")} switches it on)</>
              )}
              {" · "}
              <Link href={stepHref("provisioning-credentials")} className="underline">
                change
              </Link>
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
          </>
        ) : null}
      </dl>
    </Card>
  );
}
