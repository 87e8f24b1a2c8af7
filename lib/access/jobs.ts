import "server-only";
import { createAwsClients, resolveAwsTarget } from "../aws/clients";
import { JOB_CLIENT_OPTIONS, runAwsJob } from "../aws-jobs/runner";
import { createAwsJob, readAwsJobProgress, type AwsJobProgress, type NewAwsJobOperation } from "../aws-jobs/store";
import { env } from "../config/env";
import type { Database } from "../db";
import { log } from "../log";
import { getAwsConnection } from "../settings/connections";

/** The jobs the Access area starts (AwsJob.kind). */
export const ACCESS_JOB_KINDS = ["access-bulk", "access-ou-rules"] as const;
export type AccessJobKind = (typeof ACCESS_JOB_KINDS)[number];

/**
 * Runs a persisted job in this process, in the background: the action that starts it answers at once and the page
 * follows the progress (app/aws-jobs/events). The job holds a lease, so a second launch (another tab, another
 * replica) finds it held and does nothing; after a crash the lease runs out and "Resume" launches it again.
 */
export function launchAwsJob(database: Database, jobId: string): Promise<void> {
  return (async () => {
    const clients = createAwsClients(resolveAwsTarget(await getAwsConnection(database), env()), JOB_CLIENT_OPTIONS);
    try {
      const result = await runAwsJob(database, jobId, { clients });
      log("info", "aws job ended", { jobId, result: result.ok ? result.progress.status : result.reason });
    } finally {
      clients.destroy();
    }
  })().catch((error: unknown) => log("error", "aws job stopped", { jobId, error: error instanceof Error ? error.message : String(error) }));
}

export async function startAccessJob(
  database: Database,
  job: { kind: AccessJobKind; title: string; instanceArn: string; actor: { email: string; role: string }; operations: NewAwsJobOperation[] },
): Promise<{ jobId: string; operations: number }> {
  const created = await createAwsJob(database, job);
  if (created.operations) void launchAwsJob(database, created.jobId);
  return created;
}

/** The Access area's recent jobs, newest first, with their progress. */
export async function recentAccessJobs(database: Database, take = 5): Promise<(AwsJobProgress & { kind: string; createdAt: Date; resumable: boolean })[]> {
  const jobs = await database.awsJob.findMany({ where: { kind: { in: [...ACCESS_JOB_KINDS] } }, orderBy: { createdAt: "desc" }, take });
  const now = Date.now();
  const out = [];
  for (const job of jobs) {
    const progress = await readAwsJobProgress(database, job.id);
    if (!progress) continue;
    const open = job.status === "pending" || job.status === "running";
    const resumable = open && (!job.leaseUntil || job.leaseUntil.getTime() < now);
    out.push({ ...progress, kind: job.kind, createdAt: job.createdAt, resumable });
  }
  return out;
}
