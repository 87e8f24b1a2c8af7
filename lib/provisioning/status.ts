import "server-only";
import type { Database } from "../db";
import type { ProvisioningJob } from "../entra/provisioning-job";
import { snapshotStatusColumn } from "../federation/columns";
import { listConfiguredJobs, type ConfiguredJob } from "./configured-jobs";

export interface CyclePoint {
  cycleId: string;
  began: string | null;
  ended: string | null;
  state: string | null;
  imported: number;
  exported: number;
  escrowed: number;
}

/** The poller's last read of the job: when, and the failure if Graph did not answer. */
export interface PollState {
  checkedAt: string;
  error: string | null;
  errorKind: string | null;
  errorSince: string | null;
}

export type ProvisioningStatus =
  | { state: "not-configured" }
  | { state: "waiting"; job: ConfiguredJob; poll: PollState | null }
  | { state: "ready"; job: ConfiguredJob; snapshot: { id: number; takenAt: string; status: ProvisioningJob }; cycles: CyclePoint[]; poll: PollState | null };

/** What the status page shows, from stored snapshots only: it opens instantly and never waits on Graph. */
export async function loadProvisioningStatus(database: Database, federationId: string, options: { cycles?: number } = {}): Promise<ProvisioningStatus> {
  const [job] = await listConfiguredJobs(database, federationId);
  if (!job) return { state: "not-configured" };
  const [latest, pollRow] = await Promise.all([
    database.provisioningSnapshot.findFirst({ where: { federationId }, orderBy: { id: "desc" } }),
    database.provisioningPollState.findUnique({ where: { federationId } }),
  ]);
  const poll: PollState | null = pollRow
    ? { checkedAt: pollRow.checkedAt.toISOString(), error: pollRow.error, errorKind: pollRow.errorKind, errorSince: pollRow.errorSince?.toISOString() ?? null }
    : null;
  if (!latest) return { state: "waiting", job, poll };
  // A running cycle is seen in several snapshots: the newest one per cycle is its final word.
  const rows = await database.provisioningSnapshot.findMany({
    where: { federationId, cycleId: { not: null } },
    orderBy: { id: "desc" },
    take: 400,
    select: { cycleId: true, cycleBegan: true, cycleEnded: true, cycleState: true, countImported: true, countExported: true, countEscrowed: true },
  });
  const seen = new Set<string>();
  const cycles: CyclePoint[] = [];
  for (const row of rows) {
    if (!row.cycleId || seen.has(row.cycleId)) continue;
    seen.add(row.cycleId);
    cycles.push({
      cycleId: row.cycleId,
      began: row.cycleBegan?.toISOString() ?? null,
      ended: row.cycleEnded?.toISOString() ?? null,
      state: row.cycleState,
      imported: row.countImported,
      exported: row.countExported,
      escrowed: row.countEscrowed,
    });
    if (cycles.length >= (options.cycles ?? 24)) break;
  }
  return {
    state: "ready",
    job,
    snapshot: { id: latest.id, takenAt: latest.takenAt.toISOString(), status: snapshotStatusColumn.decode(latest.status) },
    cycles: cycles.reverse(),
    poll,
  };
}

/** The job's schedule.interval (ISO 8601 duration) from the newest snapshot; null when none was read or it has none. */
export async function latestCycleInterval(database: Database, federationId: string): Promise<string | null> {
  const row = await database.provisioningSnapshot.findFirst({ where: { federationId }, orderBy: { id: "desc" }, select: { status: true } });
  if (!row) return null;
  return snapshotStatusColumn.decode(row.status).schedule.interval;
}

/** The newest snapshot id of a federation (0 when none): the live page compares it to know when to refresh. */
export async function latestSnapshotId(database: Database, federationId: string): Promise<number> {
  const row = await database.provisioningSnapshot.findFirst({ where: { federationId }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? 0;
}

export const LOG_ACTIONS = ["create", "update", "delete", "stageddelete", "disable", "other"] as const;
export const LOG_RESULTS = ["success", "warning", "failure", "skipped"] as const;

export interface LogFilters {
  user?: string;
  action?: string;
  result?: string;
  page?: number;
  pageSize?: number;
}

export interface LogRow {
  id: string;
  at: string;
  action: string;
  status: string;
  who: string;
  target: string | null;
  errorCode: string | null;
  errorReason: string | null;
  recommendedAction: string | null;
}

/** Copied provisioning log entries, newest first, filtered by user (name or id), action and result. */
export async function listLogEntries(
  database: Database,
  federationId: string,
  filters: LogFilters = {},
): Promise<{ rows: LogRow[]; total: number; page: number; pages: number }> {
  const pageSize = Math.min(Math.max(filters.pageSize ?? 25, 1), 100);
  const user = filters.user?.trim().toLowerCase();
  const where = {
    federationId,
    ...(user ? { searchText: { contains: user } } : {}),
    ...(filters.action && (LOG_ACTIONS as readonly string[]).includes(filters.action) ? { action: filters.action } : {}),
    ...(filters.result && (LOG_RESULTS as readonly string[]).includes(filters.result) ? { status: filters.result } : {}),
  };
  const total = await database.provisioningLogEntry.count({ where });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.trunc(filters.page ?? 1), 1), pages);
  const rows = await database.provisioningLogEntry.findMany({
    where,
    orderBy: [{ activityDateTime: "desc" }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return {
    rows: rows.map((r) => ({
      id: r.id,
      at: r.activityDateTime.toISOString(),
      action: r.action,
      status: r.status,
      who: r.sourceName ?? r.targetName ?? r.sourceId ?? "unknown",
      target: r.targetName,
      errorCode: r.errorCode,
      errorReason: r.errorReason,
      recommendedAction: r.recommendedAction,
    })),
    total,
    page,
    pages,
  };
}
