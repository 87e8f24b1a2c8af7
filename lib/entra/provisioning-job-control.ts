import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";
import { getProvisioningJob, jobPath, type JobRef, type ProvisioningJob } from "./provisioning-job";

/** The job as read before the change (for the audit row's before) and as read after it. */
export type JobControlResult = { changed: boolean; before: ProvisioningJob; job: ProvisioningJob };

/**
 * Step 12 / status page "start". Graph warns that calling start on a running job can stop it (https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-start), so a job
 * that is already active is left alone; a paused or quarantined one is started (which also clears quarantine).
 */
export async function startProvisioningJob(gateway: GraphGateway, ref: JobRef): Promise<JobControlResult> {
  const before = await getProvisioningJob(gateway, ref);
  if (before.job.status.code === "NotConfigured")
    throw new EntraGatewayError({
      kind: "validation",
      operation: "StartSynchronizationJob",
      message:
        "Provisioning cannot start before the tenant URL and secret token are saved (Setup: “Provisioning: Automatic, Tenant URL, Secret Token, Test Connection”).",
    });
  if (before.job.status.code === "Active" && before.job.schedule.state === "Active") return { changed: false, before: before.job, job: before.job };
  await callGraph(gateway, "StartSynchronizationJob", () => gateway.api(`${jobPath(ref)}/start`).post({}));
  const after = await getProvisioningJob(gateway, ref);
  return { changed: true, before: before.job, job: after.job };
}

export async function pauseProvisioningJob(gateway: GraphGateway, ref: JobRef): Promise<JobControlResult> {
  const before = await getProvisioningJob(gateway, ref);
  if (before.job.status.code === "Paused" || before.job.schedule.state === "Paused") return { changed: false, before: before.job, job: before.job };
  await callGraph(gateway, "PauseSynchronizationJob", () => gateway.api(`${jobPath(ref)}/pause`).post({}));
  const after = await getProvisioningJob(gateway, ref);
  return { changed: true, before: before.job, job: after.job };
}

/** synchronizationJobRestartCriteria.resetScope values the portal offers (None and ConnectorDataStore are for Microsoft Support). */
export type RestartScope = "Watermark" | "Escrows" | "QuarantineState" | "Full" | "ForceDeletes";

/** What each scope does, for the confirmation dialog (https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-restart). */
export const RESTART_SCOPES: Record<RestartScope, string> = {
  Watermark: "Forget the incremental watermark: the next cycle re-evaluates every user and group (an initial cycle).",
  Escrows: "Drop the entries waiting to be retried after errors; they are re-tried from scratch.",
  QuarantineState: "Lift quarantine so the job runs at the normal pace again.",
  Full: "All of the above: a complete restart of provisioning.",
  ForceDeletes: "Push the deletions held back by the accidental-deletion threshold.",
};

/** Restart with a reset scope; an empty list is the portal's "Restart provisioning" (QuarantineState, Watermark, Escrows). */
export async function restartProvisioningJob(gateway: GraphGateway, ref: JobRef, scope: RestartScope[] = []): Promise<JobControlResult> {
  const unknown = scope.filter((s) => !(s in RESTART_SCOPES));
  if (unknown.length)
    throw new EntraGatewayError({ kind: "validation", operation: "RestartSynchronizationJob", message: `Unknown reset scope: ${unknown.join(", ")}.` });
  const resetScope = (scope.length ? [...new Set(scope)] : ["QuarantineState", "Watermark", "Escrows"]).join(", ");
  const before = await getProvisioningJob(gateway, ref);
  await callGraph(gateway, "RestartSynchronizationJob", () => gateway.api(`${jobPath(ref)}/restart`).post({ criteria: { resetScope } }));
  const after = await getProvisioningJob(gateway, ref);
  return { changed: true, before: before.job, job: after.job };
}
