import "server-only";
import type { Database } from "../db";
import { onAwsJobProgress } from "./events";
import { readAwsJobProgress, type AwsJobProgress } from "./store";

/** How often a watcher checks the database: the job may run on another replica (or in the resumer of one). */
export const WATCH_CHECK_MS = 2_000;

/** What the page gets: counts and times, never who created the job or the operations' parameters beyond labels. */
export interface AwsJobProgressView {
  jobId: string;
  title: string;
  status: AwsJobProgress["status"];
  total: number;
  done: number;
  failed: number;
  inFlight: number;
  failures: { label: string; error: string }[];
  createdAt: string;
  finishedAt: string | null;
}

export function progressView(p: AwsJobProgress): AwsJobProgressView {
  return {
    jobId: p.jobId,
    title: p.title,
    status: p.status,
    total: p.total,
    done: p.byStatus.succeeded,
    failed: p.byStatus.failed,
    inFlight: p.byStatus.submitting + p.byStatus.submitted,
    failures: p.failures,
    createdAt: p.createdAt.toISOString(),
    finishedAt: p.finishedAt?.toISOString() ?? null,
  };
}

export type JobTarget = { jobId: string } | { kind: string; federationId: string | null };

/** The job a watcher follows: the one named, or the newest of a kind (a step's job that may not exist yet). */
async function resolveJob(database: Database, target: JobTarget): Promise<string | null> {
  if ("jobId" in target) return target.jobId;
  const row = await database.awsJob.findFirst({
    where: { kind: target.kind, ...(target.federationId ? { federationId: target.federationId } : {}) },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return row?.id ?? null;
}

/**
 * Calls `onProgress` whenever the followed job's progress changes: at once for a runner in this process
 * (lib/aws-jobs/events.ts), within WATCH_CHECK_MS for one on another replica (the lib/provisioning/watch.ts pattern).
 * Following a kind, it moves on to a newer job of that kind when one is created.
 */
export function watchAwsJob(database: () => Database, target: JobTarget, onProgress: (view: AwsJobProgressView) => void, checkMs = WATCH_CHECK_MS): () => void {
  let last = "";
  let current: string | null = "jobId" in target ? target.jobId : null;
  let checking: Promise<void> | null = null;
  let stopped = false;
  const emit = (p: AwsJobProgress | null) => {
    if (!p || stopped) return;
    const view = progressView(p);
    const text = JSON.stringify(view);
    if (text === last) return;
    last = text;
    onProgress(view);
  };
  const check = () => {
    if (checking) return checking;
    checking = (async () => {
      try {
        current = await resolveJob(database(), target);
        if (current) emit(await readAwsJobProgress(database(), current));
      } catch {
        // the next check tries again
      } finally {
        checking = null;
      }
    })();
    return checking;
  };
  const unsubscribe = onAwsJobProgress(null, (p) => {
    if (p.jobId === current) emit(p);
    else if (!("jobId" in target)) void check();
  });
  void check();
  const timer = setInterval(() => void check(), checkMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
  };
}
