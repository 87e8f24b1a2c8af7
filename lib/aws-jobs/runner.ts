import "server-only";
import { randomUUID } from "node:crypto";
import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribePermissionSetProvisioningStatusCommand,
  ListAccountAssignmentsCommand,
  ProvisionPermissionSetCommand,
} from "@aws-sdk/client-sso-admin";
import { appendAuditEvent, type AuditInput } from "../audit/append";
import { CONFLICT_BACKOFF, POLL_BACKOFF, backoffDelay, callAws, sleep, type Backoff } from "../aws/call";
import type { AwsClientOptions, AwsClients } from "../aws/clients";
import { AwsGatewayError, isAwsGatewayError } from "../aws/errors";
import { asAsyncStatus, type AsyncStatus } from "../aws/poll";
import { mapLimit } from "../concurrency";
import type { Database } from "../db";
import { awsJobContextColumn, awsJobOperationParamsColumn } from "../federation/columns";
import { toProblem } from "../problems/problem";
import { requestIdsInScope, withRequestScope } from "../request-context";
import { emitAwsJobProgress } from "./events";
import {
  claimAwsJob,
  readAwsJobProgress,
  releaseAwsJob,
  renewAwsJobLease,
  type AwsJobOperationKind,
  type AwsJobOperationParams,
  type AwsJobProgress,
} from "./store";
import { TokenBucket } from "./token-bucket";

/**
 * IAM Identity Center's documented limits (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html):
 * 20 requests per second across its APIs, and at most 10 CreateAccountAssignment/DeleteAccountAssignment
 * operations outstanding. We pace ourselves a little below the first so the SDK's throttling retries stay rare.
 */
export const JOB_LIMITS = { ratePerSecond: 18, burst: 10, maxOutstanding: 10 } as const;
export const JOB_LEASE_MS = 30_000;
/**
 * The clients a job runs with: the SDK's standard retry (throttling is retried with backoff). Not "adaptive": its
 * client-side rate limiter halves the send rate on each throttle, while the job already paces itself below the limit.
 */
export const JOB_CLIENT_OPTIONS: AwsClientOptions = { retryMode: "standard", maxAttempts: 5 };

export interface RunAwsJobOptions {
  clients: AwsClients;
  leaseMs?: number;
  ratePerSecond?: number;
  burst?: number;
  maxOutstanding?: number;
  /** Waits between status polls once the first poll (at the learned completion time) found it still running. */
  pollBackoff?: Backoff;
  conflictBackoff?: Backoff;
  /** Called with the counts by status as operations move (at most every 200 ms, and at the end). */
  onProgress?: (progress: AwsJobProgress) => void;
  /** Who runs it (for the lease); a fresh id by default. */
  owner?: string;
}

export type RunAwsJobResult =
  | { ok: true; progress: AwsJobProgress }
  | { ok: false; reason: "held"; leaseUntil: Date | null }
  | { ok: false; reason: "finished"; progress: AwsJobProgress | null }
  | { ok: false; reason: "lease-lost"; progress: AwsJobProgress | null };

class LeaseLost extends Error {}

/**
 * The limit is per instance, not per job: jobs running at once in this process share one bucket. (Replicas each
 * pace themselves; what they add together is absorbed by the SDK's throttling retries.)
 */
const buckets = new Map<string, TokenBucket>();
function bucketFor(instanceArn: string, rate: number, burst: number): TokenBucket {
  const key = `${instanceArn}|${rate}|${burst}`;
  let bucket = buckets.get(key);
  if (!bucket) buckets.set(key, (bucket = new TokenBucket(rate, burst)));
  return bucket;
}

/** Throttling or an outage that outlasted the SDK's retries: worth another try after a wait. */
const isRetryable = (error: unknown) => isAwsGatewayError(error, "throttled") || isAwsGatewayError(error, "unavailable");

/**
 * When to look first. The async operations of one instance take about the same time, so the first status call goes
 * out just after the longest time at which a recent operation was still seen running (a lower bound of the duration).
 * When that first look still finds it running, the bound moves up by a step; so the estimate settles just above the
 * real duration and most operations are seen finished on their first poll.
 */
class CompletionEstimate {
  private stillRunning: number[] = [];
  constructor(private readonly initialMs: number) {}
  get firstPollMs() {
    return this.stillRunning.length ? Math.max(...this.stillRunning) + 25 : this.initialMs;
  }
  get stepMs() {
    return Math.max(50, Math.round(this.firstPollMs / 20));
  }
  /** An operation submitted `elapsedMs` ago was still IN_PROGRESS. */
  sawRunning(elapsedMs: number) {
    this.stillRunning.push(elapsedMs);
    // Only recent operations count: AWS's pace changes over a long job.
    if (this.stillRunning.length > 30) this.stillRunning.shift();
  }
}

interface OperationRow {
  id: string;
  kind: string;
  status: string;
  asyncRequestId: string | null;
  submittedAt: Date | null;
  attempts: number;
  params: string;
}

type Settled = { status: "succeeded"; outcome: "created" | "deleted" | "provisioned" | "already-existed" | "reconciled" } | { status: "failed"; error: string };

/**
 * Runs a persisted job to its end, within Identity Center's limits, resumable after a crash: an operation already
 * submitted is polled by its recorded request id; one caught between "submitting" and "submitted" is looked up in
 * ListAccountAssignments before it is sent again. Exactly one runner holds a job at a time (a lease in the database).
 */
export async function runAwsJob(database: Database, jobId: string, options: RunAwsJobOptions): Promise<RunAwsJobResult> {
  const leaseMs = options.leaseMs ?? JOB_LEASE_MS;
  const claim = await claimAwsJob(database, jobId, leaseMs, options.owner ?? String(randomUUID()));
  if (!claim.ok) {
    if (claim.status === "succeeded" || claim.status === "failed")
      return { ok: false, reason: "finished", progress: await readAwsJobProgress(database, jobId) };
    return { ok: false, reason: "held", leaseUntil: claim.holder?.leaseUntil ?? null };
  }
  const owner = claim.owner;
  const job = await database.awsJob.findUniqueOrThrow({ where: { id: jobId } });
  const { instanceArn, actorRole } = awsJobContextColumn.decode(job.context);
  const { clients } = options;
  const bucket = bucketFor(instanceArn, options.ratePerSecond ?? JOB_LIMITS.ratePerSecond, options.burst ?? JOB_LIMITS.burst);
  const pollBackoff = options.pollBackoff ?? POLL_BACKOFF;
  const conflictBackoff = options.conflictBackoff ?? CONFLICT_BACKOFF;
  const estimate = new CompletionEstimate(1_000);

  let lost = false;
  const heartbeat = setInterval(
    () => {
      void renewAwsJobLease(database, jobId, owner, leaseMs).then(
        (kept) => (lost ||= !kept),
        () => undefined,
      );
    },
    Math.max(200, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref?.();
  const guard = () => {
    if (lost) throw new LeaseLost("another runner took the job");
  };

  let lastEmit = 0;
  let emitting: Promise<void> | null = null;
  const progress = async (force = false) => {
    if (!force && (emitting || performance.now() - lastEmit < 200)) return;
    lastEmit = performance.now();
    const run = (async () => {
      const p = await readAwsJobProgress(database, jobId);
      if (p) {
        emitAwsJobProgress(p);
        options.onProgress?.(p);
      }
    })();
    emitting = run;
    try {
      await run;
    } finally {
      emitting = null;
    }
  };

  // Appends go one at a time: they extend one hash chain, and concurrent appends would only retry each other.
  let auditQueue: Promise<unknown> = Promise.resolve();
  const inQueue = (event: Omit<AuditInput, "actor" | "role">) => {
    const appended = auditQueue.then(() => appendAuditEvent(database, { actor: job.createdBy, role: actorRole, ...event }));
    auditQueue = appended.catch(() => undefined);
    return appended;
  };
  const auditTarget = (params: AwsJobOperationParams) =>
    [params.accountId, params.permissionSetArn.split("/").pop(), params.label ?? params.principalId].filter(Boolean).join(" · ");
  /** Before an operation's first call to AWS: what it will do, linked to its outcome row by the operation's id. */
  const auditIntent = (operationId: string, kind: string, params: AwsJobOperationParams) =>
    inQueue({ action: `aws.${kind}`, target: auditTarget(params), after: { jobId, will: kind }, result: "intent", correlationId: operationId });
  // Registered inside the operation's request scope, so the row carries that operation's request ids.
  const audit = (operationId: string, kind: string, params: AwsJobOperationParams, settled: Settled, asyncRequestId: string | null) =>
    inQueue({
      action: `aws.${kind}`,
      target: auditTarget(params),
      after: { jobId, asyncRequestId, ...(settled.status === "succeeded" ? { outcome: settled.outcome } : {}) },
      result: settled.status === "succeeded" ? "success" : "failure",
      error: settled.status === "failed" ? settled.error : undefined,
      correlationId: operationId,
    });

  const paced = async <T extends { $metadata: { requestId?: string } }>(operation: string, send: () => Promise<T>) => {
    guard();
    await bucket.take();
    return callAws(operation, send);
  };
  const lastRequestId = () => requestIdsInScope().at(-1) ?? null;
  const update = async (id: string, data: Parameters<Database["awsJobOperation"]["update"]>[0]["data"]) => {
    guard();
    await database.awsJobOperation.update({ where: { id }, data: { ...data, requestId: lastRequestId() } });
  };

  const isAssigned = async (p: AwsJobOperationParams): Promise<boolean> => {
    let token: string | undefined;
    do {
      const page = await paced("ListAccountAssignments", () =>
        clients.sso.send(
          new ListAccountAssignmentsCommand({ InstanceArn: instanceArn, AccountId: p.accountId, PermissionSetArn: p.permissionSetArn, NextToken: token }),
        ),
      );
      if ((page.AccountAssignments ?? []).some((a) => a.PrincipalType === p.principalType && a.PrincipalId === p.principalId)) return true;
      token = page.NextToken;
    } while (token);
    return false;
  };

  const submit = async (kind: AwsJobOperationKind, p: AwsJobOperationParams): Promise<string> => {
    const base = { InstanceArn: instanceArn, PermissionSetArn: p.permissionSetArn, TargetId: p.accountId, TargetType: "AWS_ACCOUNT" as const };
    const who = { PrincipalType: p.principalType, PrincipalId: p.principalId };
    let id: string | undefined;
    if (kind === "create-assignment") {
      const out = await paced("CreateAccountAssignment", () => clients.sso.send(new CreateAccountAssignmentCommand({ ...base, ...who })));
      id = out.AccountAssignmentCreationStatus?.RequestId;
    } else if (kind === "delete-assignment") {
      const out = await paced("DeleteAccountAssignment", () => clients.sso.send(new DeleteAccountAssignmentCommand({ ...base, ...who })));
      id = out.AccountAssignmentDeletionStatus?.RequestId;
    } else {
      const out = await paced("ProvisionPermissionSet", () => clients.sso.send(new ProvisionPermissionSetCommand(base)));
      id = out.PermissionSetProvisioningStatus?.RequestId;
    }
    if (!id) throw new AwsGatewayError({ kind: "unknown", operation: kind, message: "AWS accepted the request but returned no request id." });
    return id;
  };

  const describe = async (kind: AwsJobOperationKind, asyncId: string): Promise<{ status: AsyncStatus; failureReason?: string }> => {
    if (kind === "create-assignment") {
      const s = (
        await paced("DescribeAccountAssignmentCreationStatus", () =>
          clients.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: instanceArn, AccountAssignmentCreationRequestId: asyncId })),
        )
      ).AccountAssignmentCreationStatus;
      return { status: asAsyncStatus(s?.Status), failureReason: s?.FailureReason };
    }
    if (kind === "delete-assignment") {
      const s = (
        await paced("DescribeAccountAssignmentDeletionStatus", () =>
          clients.sso.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: instanceArn, AccountAssignmentDeletionRequestId: asyncId })),
        )
      ).AccountAssignmentDeletionStatus;
      return { status: asAsyncStatus(s?.Status), failureReason: s?.FailureReason };
    }
    const s = (
      await paced("DescribePermissionSetProvisioningStatus", () =>
        clients.sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: instanceArn, ProvisionPermissionSetRequestId: asyncId })),
      )
    ).PermissionSetProvisioningStatus;
    return { status: asAsyncStatus(s?.Status), failureReason: s?.FailureReason };
  };

  /** Polls AWS's async status by the recorded id (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_DescribeAccountAssignmentCreationStatus.html). */
  const poll = async (kind: AwsJobOperationKind, asyncId: string, submittedAt: number, fresh: boolean): Promise<Settled> => {
    const elapsed = () => Date.now() - submittedAt;
    if (fresh) await sleep(Math.max(0, estimate.firstPollMs - elapsed()));
    for (let polls = 1; ; polls++) {
      let current: { status: AsyncStatus; failureReason?: string };
      try {
        current = await describe(kind, asyncId);
      } catch (error) {
        // Throttling the SDK's own retries did not absorb: the operation is still there; ask again later.
        if (!isRetryable(error) || elapsed() > pollBackoff.timeoutMs) throw error;
        await sleep(backoffDelay(conflictBackoff, polls));
        continue;
      }
      if (current.status !== "IN_PROGRESS") {
        if (current.status === "FAILED") return { status: "failed", error: `AWS reported the operation failed: ${current.failureReason ?? "no reason given"}` };
        return { status: "succeeded", outcome: kind === "create-assignment" ? "created" : kind === "delete-assignment" ? "deleted" : "provisioned" };
      }
      if (fresh) estimate.sawRunning(elapsed());
      const wait = polls <= 10 ? estimate.stepMs : backoffDelay(pollBackoff, polls - 11);
      if (elapsed() + wait > pollBackoff.timeoutMs)
        throw new AwsGatewayError({
          kind: "timeout",
          operation: kind,
          message: `AWS had not finished after ${Math.round(elapsed() / 1000)} s. It carries on in AWS; running the job again checks it by its request id.`,
        });
      await sleep(wait);
    }
  };

  // Two operations on the same (account, permission set) would only conflict in AWS: they run one after the other.
  const lanes = new Map<string, Promise<unknown>>();
  const inLane = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = lanes.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => undefined);
    lanes.set(key, tail);
    try {
      return await mine;
    } finally {
      if (lanes.get(key) === tail) lanes.delete(key);
    }
  };

  const finishing = new Set<Promise<void>>();
  const runOperation = (row: OperationRow) =>
    withRequestScope(
      async () => {
        const kind = row.kind as AwsJobOperationKind;
        const p = awsJobOperationParamsColumn.decode(row.params);
        const isAssignment = kind !== "provision-permission-set";
        let asyncId = row.asyncRequestId;
        let settled: Settled;
        try {
          settled = await inLane(`${p.accountId}|${p.permissionSetArn}`, async (): Promise<Settled> => {
            if (row.status === "submitted" && asyncId) {
              // Submitted before a restart: AWS knows it by this id; never send it again.
              return poll(kind, asyncId, row.submittedAt?.getTime() ?? Date.now(), false);
            }
            // "submitting" means a previous runner may have sent it without recording the answer: look first.
            let look = row.status === "submitting" && isAssignment;
            // A fresh operation's intent is on the log before AWS hears of it (a resumed one wrote it already).
            if (row.status === "pending") await auditIntent(row.id, kind, p);
            const started = Date.now();
            for (let attempt = 0; ; attempt++) {
              if (look) {
                const present = await isAssigned(p);
                if (present === (kind === "create-assignment"))
                  return { status: "succeeded", outcome: row.status === "submitting" ? "reconciled" : "already-existed" };
              }
              await update(row.id, { status: "submitting", attempts: { increment: 1 } });
              try {
                asyncId = await submit(kind, p);
              } catch (error) {
                // The SDK does not retry ConflictException (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreateAccountAssignment.html
                // lists it); AWS asks callers to retry later. Another write to the same assignment may be in flight, so look again first.
                if (isAwsGatewayError(error, "conflict") || isRetryable(error)) {
                  const wait = backoffDelay(conflictBackoff, attempt);
                  if (Date.now() - started + wait > conflictBackoff.timeoutMs) throw error;
                  look = isAssignment;
                  await sleep(wait);
                  continue;
                }
                if (kind === "delete-assignment" && isAwsGatewayError(error, "not-found")) return { status: "succeeded", outcome: "already-existed" };
                throw error;
              }
              const submittedAt = Date.now();
              // Recorded before the first poll: a crash from here on resumes by polling this id.
              await update(row.id, { status: "submitted", asyncRequestId: asyncId, submittedAt: new Date(submittedAt) });
              void progress();
              return poll(kind, asyncId, submittedAt, true);
            }
          });
        } catch (error) {
          if (error instanceof LeaseLost) throw error;
          if (isAwsGatewayError(error, "timeout")) return "unsettled" as const;
          settled = { status: "failed", error: toProblem(error)?.message ?? (error instanceof Error ? error.message : String(error)) };
        }
        // Recording the end happens beside the next operation, not before it: AWS's slot is already free. A crash
        // before this write leaves the operation "submitted", and the next runner polls it again by its id.
        const recorded = (async () => {
          await update(row.id, {
            status: settled.status,
            outcome: settled.status === "succeeded" ? settled.outcome : null,
            error: settled.status === "failed" ? settled.error : null,
            finishedAt: new Date(),
          });
          await audit(row.id, kind, p, settled, asyncId);
          void progress();
        })();
        finishing.add(recorded);
        void recorded.finally(() => finishing.delete(recorded)).catch(() => undefined);
        return settled.status;
      },
      { actor: { email: job.createdBy, role: actorRole } },
    );

  try {
    const open = await database.awsJobOperation.findMany({
      where: { jobId, status: { in: ["pending", "submitting", "submitted"] } },
      orderBy: { seq: "asc" },
      select: { id: true, kind: true, status: true, asyncRequestId: true, submittedAt: true, attempts: true, params: true },
    });
    // Already-submitted operations first: they hold AWS's outstanding slots until they are seen finished.
    open.sort((a, b) => Number(b.status === "submitted") - Number(a.status === "submitted"));
    await progress(true);
    const outcomes = await mapLimit(open, options.maxOutstanding ?? JOB_LIMITS.maxOutstanding, runOperation);
    while (finishing.size) await Promise.all([...finishing]);
    await auditQueue;
    const unsettled = outcomes.filter((o) => o === "unsettled").length;
    const failed = await database.awsJobOperation.count({ where: { jobId, status: "failed" } });
    const total = await database.awsJobOperation.count({ where: { jobId } });
    if (unsettled)
      await releaseAwsJob(database, jobId, owner, {
        status: "pending",
        error: `${unsettled} operation(s) still running in AWS; run the job again to check them.`,
      });
    else if (failed) await releaseAwsJob(database, jobId, owner, { status: "failed", error: `${failed} of ${total} operations failed.` });
    else await releaseAwsJob(database, jobId, owner, { status: "succeeded" });
    lastEmit = 0;
    await progress(true);
    const final = await readAwsJobProgress(database, jobId);
    if (!final) throw new Error(`job ${jobId} vanished`);
    return { ok: true, progress: final };
  } catch (error) {
    if (error instanceof LeaseLost) return { ok: false, reason: "lease-lost", progress: await readAwsJobProgress(database, jobId) };
    // Anything else (the database went away…): leave the lease to run out; the next runner resumes.
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}
