import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Database } from "../db";
import { awsJobContextColumn, awsJobOperationParamsColumn, type awsJobOperationParamsSchema } from "../federation/columns";

export type AwsJobOperationKind = "create-assignment" | "delete-assignment" | "provision-permission-set";
export type AwsJobOperationStatus = "pending" | "submitting" | "submitted" | "succeeded" | "failed";
export type AwsJobStatus = "pending" | "running" | "succeeded" | "failed";
export type AwsJobOperationParams = z.infer<typeof awsJobOperationParamsSchema>;

export interface NewAwsJobOperation {
  kind: AwsJobOperationKind;
  params: AwsJobOperationParams;
}

export interface NewAwsJob {
  kind: string;
  title: string;
  federationId?: string;
  instanceArn: string;
  actor: { email: string; role?: string };
  operations: NewAwsJobOperation[];
}

/** The same change twice in one job is one operation: the key names the kind and its whole target. */
export function operationKey(op: NewAwsJobOperation): string {
  const p = op.params;
  return [op.kind, p.accountId, p.permissionSetArn, p.principalType ?? "", p.principalId ?? ""].join("|");
}

/** Persists a job with its operations (all pending), in one transaction. */
export async function createAwsJob(database: Database, job: NewAwsJob): Promise<{ jobId: string; operations: number }> {
  const jobId = randomUUID();
  const seen = new Set<string>();
  const rows = job.operations.flatMap((op) => {
    const key = operationKey(op);
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ id: randomUUID(), jobId, seq: seen.size, kind: op.kind, key, params: awsJobOperationParamsColumn.encode(op.params) }];
  });
  await database.$transaction([
    database.awsJob.create({
      data: {
        id: jobId,
        kind: job.kind,
        title: job.title,
        federationId: job.federationId ?? null,
        context: awsJobContextColumn.encode({ instanceArn: job.instanceArn, actorRole: job.actor.role ?? "admin" }),
        createdBy: job.actor.email,
        status: rows.length ? "pending" : "succeeded",
        finishedAt: rows.length ? null : new Date(),
      },
    }),
    database.awsJobOperation.createMany({ data: rows }),
  ]);
  return { jobId, operations: rows.length };
}

export type JobClaim = { ok: true; owner: string } | { ok: false; holder: { owner: string | null; leaseUntil: Date | null } | null; status?: string };

/**
 * Takes the job for one runner, across processes and replicas: a conditional update that only matches while
 * nobody holds an unexpired lease (the same pattern as claimStep in lib/setup/store.ts, on SQLite and PostgreSQL).
 */
export async function claimAwsJob(database: Database, jobId: string, leaseMs: number, owner: string = randomUUID()): Promise<JobClaim> {
  const now = new Date();
  const claimed = await database.awsJob.updateMany({
    where: { id: jobId, status: { in: ["pending", "running"] }, OR: [{ leaseOwner: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), status: "running", runs: { increment: 1 } },
  });
  if (claimed.count === 1) return { ok: true, owner };
  const row = await database.awsJob.findUnique({ where: { id: jobId }, select: { leaseOwner: true, leaseUntil: true, status: true } });
  return { ok: false, holder: row ? { owner: row.leaseOwner, leaseUntil: row.leaseUntil } : null, status: row?.status };
}

/** Pushes the lease forward; false when another runner took the job (this one must stop). */
export async function renewAwsJobLease(database: Database, jobId: string, owner: string, leaseMs: number): Promise<boolean> {
  const renewed = await database.awsJob.updateMany({
    where: { id: jobId, leaseOwner: owner },
    data: { leaseUntil: new Date(Date.now() + leaseMs) },
  });
  return renewed.count === 1;
}

/** Ends the run: the job's final status when every operation settled, else back to pending for the next runner. */
export async function releaseAwsJob(database: Database, jobId: string, owner: string, final: { status: AwsJobStatus; error?: string | null }) {
  const settled = final.status === "succeeded" || final.status === "failed";
  await database.awsJob.updateMany({
    where: { id: jobId, leaseOwner: owner },
    data: { leaseOwner: null, leaseUntil: null, status: final.status, error: final.error ?? null, finishedAt: settled ? new Date() : null },
  });
}

export interface AwsJobProgress {
  jobId: string;
  title: string;
  status: AwsJobStatus;
  createdBy: string;
  total: number;
  byStatus: Record<AwsJobOperationStatus, number>;
  /** The first few failures, in plain language. */
  failures: { label: string; error: string }[];
  leaseUntil: Date | null;
  /** When the job was created and when it settled (null while it runs): the page shows the elapsed time. */
  createdAt: Date;
  finishedAt: Date | null;
}

/** Counts by status, for the page (polled, or refreshed on each progress event). */
export async function readAwsJobProgress(database: Database, jobId: string): Promise<AwsJobProgress | null> {
  const job = await database.awsJob.findUnique({ where: { id: jobId } });
  if (!job) return null;
  const groups = await database.awsJobOperation.groupBy({ by: ["status"], where: { jobId }, _count: { _all: true } });
  const byStatus: Record<AwsJobOperationStatus, number> = { pending: 0, submitting: 0, submitted: 0, succeeded: 0, failed: 0 };
  for (const g of groups) byStatus[g.status as AwsJobOperationStatus] = g._count._all;
  const failed = await database.awsJobOperation.findMany({ where: { jobId, status: "failed" }, orderBy: { seq: "asc" }, take: 5 });
  return {
    jobId,
    title: job.title,
    status: job.status as AwsJobStatus,
    createdBy: job.createdBy,
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    failures: failed.map((f) => {
      const p = awsJobOperationParamsColumn.decode(f.params);
      return { label: `${f.kind} ${p.label ?? p.principalId ?? ""} in ${p.accountId}`, error: f.error ?? "failed" };
    }),
    leaseUntil: job.leaseUntil,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

export const progressLine = (p: Pick<AwsJobProgress, "total" | "byStatus">) =>
  `${p.byStatus.succeeded} of ${p.total} done` +
  (p.byStatus.submitted + p.byStatus.submitting ? `, ${p.byStatus.submitted + p.byStatus.submitting} in AWS` : "") +
  (p.byStatus.failed ? `, ${p.byStatus.failed} failed` : "");
