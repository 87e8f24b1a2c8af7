import "server-only";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import { isEntraGatewayError } from "../entra/errors";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { listProvisioningLogs, type ProvisioningLogEntry as GraphLogEntry } from "../entra/list-provisioning-logs";
import { getProvisioningJob, type ProvisioningJob } from "../entra/provisioning-job";
import { logDetailsColumn, snapshotStatusColumn } from "../federation/columns";
import { log } from "../log";
import { toProblem } from "../problems/problem";
import { requestIdsInScope, withRequestScope } from "../request-context";
import { listWatchedJobs, type ConfiguredJob } from "./configured-jobs";
import { emitSnapshotStored } from "./events";
import { describeJobHealth } from "./job-state";
import { logUserKey } from "./status";

/** Logs are throttled at 5 requests per 10 s (https://learn.microsoft.com/graph/throttling-limits): read them when the job moved, else rarely. */
const LOG_REFRESH_MS = 5 * 60_000;
/** The logs allow 5 reads per 10 s: the background poller, reading the job every second, reads them every 2 s at most. */
export const LOG_MIN_INTERVAL_MS = 2_000;
/** Entries can land a little after the cycle that wrote them; re-read this far back and let the ids dedupe. */
const LOG_OVERLAP_MS = 10 * 60_000;
/** Entries copied per poll; a larger backlog (an initial cycle of a big tenant) is copied over the next polls. */
const LOG_BATCH = 2_000;

export interface FederationPoll {
  federationId: string;
  /** A new snapshot was stored (the job differs from the last one stored). */
  changed: boolean;
  snapshotId: number | null;
  logsCopied: number;
  /** More log entries wait to be copied: poll again soon. */
  logBacklog?: boolean;
  /** Plain-language failure, for the log; the page keeps showing the last snapshot. */
  error?: string;
}

export interface PollResult {
  federations: FederationPoll[];
  /** Graph throttled us even after the gateway's own retries: wait at least this long before the next poll. */
  retryAfterMs?: number;
}

const lastLogCopy = new Map<string, number>();
/** The job changed since the logs were last read: read them as soon as LOG_MIN_INTERVAL_MS allows. */
const logPending = new Set<string>();
/** Where the copy stopped when a batch was full: the next poll continues from here, oldest first. */
const logCursor = new Map<string, string>();

export interface PollOptions {
  federationId?: string;
  /** Log entries copied per poll (tests use a small one to exercise the backlog). */
  logBatch?: number;
  /** Read the logs at most this often (the background poller: LOG_MIN_INTERVAL_MS); a change waits for it. */
  logMinIntervalMs?: number;
  gateway?: GraphGateway;
  now?: () => Date;
}

/**
 * One poll: read each configured job through the Graph gateway (which retries 429s honouring Retry-After),
 * store a snapshot only when something changed, and copy new provisioning log entries (deduplicated by id).
 */
export async function pollProvisioningOnce(database: Database, options: PollOptions = {}): Promise<PollResult> {
  const jobs = await listWatchedJobs(database, options.federationId);
  const result: PollResult = { federations: [] };
  if (!jobs.length) return result;
  const gateway = options.gateway ?? (await entraGatewayFor(database));
  const now = options.now ?? (() => new Date());
  for (const job of jobs) {
    // Each poll of each federation is one request scope: a failure's log line names the Graph requests of that poll.
    await withRequestScope(
      async () => {
        try {
          result.federations.push(await pollJob(database, gateway, job, now, { batch: options.logBatch ?? LOG_BATCH, minIntervalMs: options.logMinIntervalMs ?? 0 }));
          await recordPoll(database, job.federationId, now(), null);
        } catch (error) {
          const problem = isEntraGatewayError(error) ? toProblem(error) : null;
          if (!isEntraGatewayError(error) || !problem) throw error;
          if (error.kind === "throttled") result.retryAfterMs = Math.max(result.retryAfterMs ?? 0, (error.retryAfterSeconds ?? 30) * 1000);
          const firstOfRun = await recordPoll(database, job.federationId, now(), { message: problem.message, kind: problem.kind });
          // Logged once per run of failures, not every poll: the page shows it, and a throttled poller retries quietly.
          if (firstOfRun)
            log("warn", "provisioning poll failed", {
              federationId: job.federationId,
              kind: problem.kind,
              operation: problem.operation,
              transient: problem.transient,
              requestId: problem.requestId,
              requestIds: requestIdsInScope(),
              detail: error.detail,
            });
          result.federations.push({ federationId: job.federationId, changed: false, snapshotId: null, logsCopied: 0, error: problem.message });
        }
      },
      { actor: { email: "system:provisioning-poller" } },
    );
  }
  return result;
}

/** Keeps when the job was last read and, while Graph fails, since when and why. True for the first failure of a run. */
async function recordPoll(database: Database, federationId: string, at: Date, failure: { message: string; kind: string } | null): Promise<boolean> {
  const previous = await database.provisioningPollState.findUnique({ where: { federationId }, select: { errorSince: true } });
  const data = failure
    ? { checkedAt: at, error: failure.message, errorKind: failure.kind, errorSince: previous?.errorSince ?? at }
    : { checkedAt: at, error: null, errorKind: null, errorSince: null };
  await database.provisioningPollState.upsert({ where: { federationId }, create: { federationId, ...data }, update: data });
  return Boolean(failure) && !previous?.errorSince;
}

async function pollJob(database: Database, gateway: GraphGateway, ref: ConfiguredJob, now: () => Date, logs: { batch: number; minIntervalMs: number }): Promise<FederationPoll> {
  const { job } = await getProvisioningJob(gateway, ref);
  const status = snapshotStatusColumn.encode(job);
  const latest = await database.provisioningSnapshot.findFirst({ where: { federationId: ref.federationId }, orderBy: { id: "desc" }, select: { id: true, status: true } });
  let snapshotId = latest?.id ?? null;
  const changed = latest?.status !== status;
  if (changed) logPending.add(ref.federationId);
  const copyLogs = async () => {
    const lastCopy = lastLogCopy.get(ref.federationId) ?? 0;
    const wanted = logPending.has(ref.federationId) || logCursor.has(ref.federationId) || now().getTime() - lastCopy >= LOG_REFRESH_MS;
    if (!wanted || now().getTime() - lastCopy < logs.minIntervalMs) return 0;
    const copied = await copyLogEntries(database, gateway, ref, logs.batch);
    lastLogCopy.set(ref.federationId, now().getTime());
    logPending.delete(ref.federationId);
    return copied;
  };

  // The first snapshot turns a status page that is waiting for it into the whole page, log included, in one
  // re-render (components/provisioning/live-updates-client.tsx), and an open page notices a stored snapshot by its
  // row as well as by the event (watch.ts): its cycle's log entries are copied before it is stored. A failed copy
  // does not hold the job's status back; it fails the poll once the snapshot is stored, as it does below.
  let logsCopied = 0;
  let firstCopyFailure: { error: unknown } | undefined;
  if (!latest) {
    try {
      logsCopied = await copyLogs();
    } catch (error) {
      firstCopyFailure = { error };
    }
  }
  if (changed) snapshotId = (await database.provisioningSnapshot.create({ data: snapshotData(ref.federationId, job, status, now()), select: { id: true } })).id;
  // Announced at once: an open page swaps in the job's status and chart from the snapshot alone; the log entries
  // of later cycles (a slower read of a throttled API) follow and show on the page's next render.
  if (changed && snapshotId !== null) emitSnapshotStored({ federationId: ref.federationId, snapshotId });
  if (firstCopyFailure) throw firstCopyFailure.error;
  if (latest) logsCopied = await copyLogs();
  return { federationId: ref.federationId, changed, snapshotId, logsCopied, logBacklog: logCursor.has(ref.federationId) || logPending.has(ref.federationId) };
}

const dateOrNull = (iso: string | null) => (iso ? new Date(iso) : null);

function snapshotData(federationId: string, job: ProvisioningJob, status: string, takenAt: Date) {
  const last = job.status.lastExecution;
  return {
    federationId,
    takenAt,
    code: job.status.code,
    health: describeJobHealth(job).health,
    status,
    cycleId: last?.activityIdentifier ?? null,
    cycleState: last?.state ?? null,
    cycleBegan: dateOrNull(last?.timeBegan ?? null),
    cycleEnded: dateOrNull(last?.timeEnded ?? null),
    countImported: last?.countImported ?? 0,
    countExported: last?.countExported ?? 0,
    countEscrowed: last?.countEscrowed ?? 0,
    countImportedDeltas: last?.countImportedDeltas ?? null,
    countSuccessiveCompleteFailures: job.status.countSuccessiveCompleteFailures,
  };
}

/**
 * Copies provisioning log entries without a gap (Graph keeps them for a limited time: what is skipped is lost).
 * Usually one newest-first page over the window since just before the newest entry stored is all there is, late
 * arrivals included. When that page is full, more landed than one batch (a big cycle): a cursor then walks
 * forward, oldest first, from the newest entry stored before, one batch per poll, until it reaches the present.
 */
async function copyLogEntries(database: Database, gateway: GraphGateway, ref: ConfiguredJob, batch: number): Promise<number> {
  const list = (since: string | undefined, oldestFirst: boolean) => listProvisioningLogs(gateway, { servicePrincipalId: ref.servicePrincipalId, since, maxItems: batch, oldestFirst });
  const cursor = logCursor.get(ref.federationId);
  if (cursor !== undefined) {
    const walk = await list(cursor || undefined, true);
    const last = walk.entries.at(-1)?.activityDateTime;
    if (walk.truncated && last && last !== cursor) logCursor.set(ref.federationId, last);
    else logCursor.delete(ref.federationId);
    return storeEntries(database, ref.federationId, walk.entries);
  }
  const newest = (await database.provisioningLogEntry.findFirst({ where: { federationId: ref.federationId }, orderBy: { activityDateTime: "desc" }, select: { activityDateTime: true } }))
    ?.activityDateTime;
  const recent = await list(newest ? new Date(newest.getTime() - LOG_OVERLAP_MS).toISOString() : undefined, false);
  // "" walks from the oldest entry Graph still has (nothing was stored yet).
  if (recent.truncated) logCursor.set(ref.federationId, newest?.toISOString() ?? "");
  return storeEntries(database, ref.federationId, recent.entries);
}

async function storeEntries(database: Database, federationId: string, entries: GraphLogEntry[]): Promise<number> {
  const valid = entries.filter((e) => e.id && e.activityDateTime);
  if (!valid.length) return 0;
  // Which are stored already: an entry's time never changes, so they are among the ids stored over the batch's time
  // span — a range over the (federationId, activityDateTime, id) index with four parameters. Asking for the ids
  // themselves (`id IN` up to 2,000 values) held the server's only thread for 50–900 ms at 100,000 entries, and the
  // status page's renders waited behind it. An id stored under another federation is caught by the fallback below.
  const times = valid.map((e) => new Date(e.activityDateTime).getTime());
  const existing = await database.provisioningLogEntry.findMany({
    where: { federationId, activityDateTime: { gte: new Date(Math.min(...times)), lte: new Date(Math.max(...times)) } },
    select: { id: true },
  });
  const known = new Set(existing.map((e) => e.id));
  const fresh = [...new Map(valid.filter((e) => !known.has(e.id)).map((e) => [e.id, e])).values()];
  if (!fresh.length) return 0;
  try {
    return (await database.provisioningLogEntry.createMany({ data: fresh.map((e) => logRow(federationId, e)) })).count;
  } catch (error) {
    // Another writer (an action's immediate poll) copied some first: the id is the dedupe key, so go one by one.
    if ((error as { code?: unknown }).code !== "P2002") throw error;
  }
  let copied = 0;
  for (const entry of fresh) {
    try {
      await database.provisioningLogEntry.create({ data: logRow(federationId, entry) });
      copied++;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "P2002") throw error;
    }
  }
  return copied;
}

function logRow(federationId: string, e: GraphLogEntry) {
  return {
    id: e.id,
    federationId,
    activityDateTime: new Date(e.activityDateTime),
    jobId: e.jobId,
    cycleId: e.cycleId,
    action: e.action,
    status: e.status,
    sourceId: e.source.id,
    sourceName: e.source.displayName,
    sourceType: e.source.identityType,
    targetId: e.target.id,
    targetName: e.target.displayName,
    errorCode: e.errorCode,
    errorReason: e.errorReason,
    recommendedAction: e.recommendedAction,
    searchText: [e.source.displayName, e.target.displayName, e.source.id, e.target.id].filter(Boolean).join(" ").toLowerCase(),
    userKey: logUserKey(e.target.displayName, e.source.displayName),
    details: logDetailsColumn.encode({ steps: e.steps, modifiedProperties: e.modifiedProperties }),
  };
}
