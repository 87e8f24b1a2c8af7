import "server-only";
import type { Database } from "../db";
import type { ProvisioningJob } from "../entra/provisioning-job";
import { snapshotStatusColumn } from "../federation/columns";
import { listWatchedJobs, type ConfiguredJob } from "./configured-jobs";
import { cycleKind } from "./job-state";

export interface CyclePoint {
  cycleId: string;
  began: string | null;
  ended: string | null;
  state: string | null;
  imported: number;
  exported: number;
  escrowed: number;
  /** initial: the whole scope read once (after a start from scratch or a restart); incremental: only what changed. */
  kind: "initial" | "incremental" | "unknown";
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
  const [job] = await listWatchedJobs(database, federationId);
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
  const select = { cycleId: true, cycleBegan: true, cycleEnded: true, cycleState: true, countImported: true, countImportedDeltas: true, countExported: true, countEscrowed: true } as const;
  const rows = await database.provisioningSnapshot.findMany({ where: { federationId, cycleId: { not: null } }, orderBy: { id: "desc" }, take: 400, select });
  const seen = new Set<string>();
  const cycles: CyclePoint[] = [];
  const point = (row: (typeof rows)[number]): CyclePoint => ({
    cycleId: row.cycleId ?? "",
    began: row.cycleBegan?.toISOString() ?? null,
    ended: row.cycleEnded?.toISOString() ?? null,
    state: row.cycleState,
    imported: row.countImported,
    exported: row.countExported,
    escrowed: row.countEscrowed,
    kind: cycleKind({ countImported: row.countImported, countImportedDeltas: row.countImportedDeltas }),
  });
  for (const row of rows) {
    if (!row.cycleId || seen.has(row.cycleId)) continue;
    seen.add(row.cycleId);
    cycles.push(point(row));
    if (cycles.length >= (options.cycles ?? 24)) break;
  }
  // The initial cycle stays on the chart however many incremental ones followed: it is the baseline they compare to.
  if (!cycles.some((c) => c.kind === "initial")) {
    const initial = await database.provisioningSnapshot.findFirst({
      where: { federationId, cycleId: { not: null }, countImportedDeltas: 0, countImported: { gt: 0 } },
      orderBy: { id: "desc" },
      select,
    });
    if (initial?.cycleId) {
      // Its final word: the newest snapshot of that cycle.
      const last = await database.provisioningSnapshot.findFirst({ where: { federationId, cycleId: initial.cycleId }, orderBy: { id: "desc" }, select });
      if (last?.cycleId && !seen.has(last.cycleId)) cycles.push(point(last));
    }
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
  /** An exact or leading part of the user's UPN (or display name when the entry has no UPN), any case. */
  user?: string;
  action?: string;
  result?: string;
  /** Which page: the newest (default), the one after or before a row (keyset), or the oldest. */
  cursor?: LogCursor;
  pageSize?: number;
  /** Count at most this many (default LOG_COUNT_CAP). */
  countCap?: number;
}

/** A page boundary: rows older than `after`, newer than `before`, or the oldest page (`last`). */
export type LogCursor = { after: LogKey } | { before: LogKey } | { last: true };

/** A row's place in the log's order (newest first, then id). */
export interface LogKey {
  at: string;
  id: string;
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

/** Entries counted at most; beyond it the page says "more than". */
export const LOG_COUNT_CAP = 5_000;

export interface LogPage {
  rows: LogRow[];
  /** Entries matching the filters, up to LOG_COUNT_CAP; `more` when there are more than that. */
  total: number;
  more: boolean;
  /** Keys for the neighbouring pages; null at either end. */
  newer: LogKey | null;
  older: LogKey | null;
}

/** The key a row is filed under, for "filter by user": lower-cased, so SQLite and PostgreSQL compare it alike. */
export const logUserKey = (targetName: string | null | undefined, sourceName: string | null | undefined) => (targetName || sourceName || "").toLowerCase();

/** Above every character, so [prefix, prefix + this) is "starts with prefix" in byte order (SQLite BINARY, PostgreSQL COLLATE "C"). */
const PREFIX_END = String.fromCodePoint(0x10ffff);

export const encodeLogKey = (key: LogKey) => `${key.at}~${key.id}`;

export function decodeLogKey(text: string | undefined): LogKey | null {
  const at = text?.indexOf("~") ?? -1;
  if (!text || at < 1) return null;
  const key = { at: text.slice(0, at), id: text.slice(at + 1) };
  return Number.isNaN(Date.parse(key.at)) || !key.id ? null : { at: new Date(key.at).toISOString(), id: key.id };
}

/**
 * Copied provisioning log entries, newest first, filtered by user (prefix of the UPN), action and result, one page
 * at a time by key: a page starts after or before a row's (activityDateTime, id), never at an OFFSET, so deep pages
 * cost what the first does and rows copied meanwhile do not shift them. The oldest page is the newest page read in
 * reverse. Every filter is a range over an index (prisma/models: ProvisioningLogEntry).
 */
export async function listLogEntries(database: Database, federationId: string, filters: LogFilters = {}): Promise<LogPage> {
  const pageSize = Math.min(Math.max(filters.pageSize ?? 25, 1), 100);
  const user = filters.user?.trim().toLowerCase();
  const where = {
    federationId,
    ...(user ? { userKey: { gte: user, lt: user + PREFIX_END } } : {}),
    ...(filters.action && (LOG_ACTIONS as readonly string[]).includes(filters.action) ? { action: filters.action } : {}),
    ...(filters.result && (LOG_RESULTS as readonly string[]).includes(filters.result) ? { status: filters.result } : {}),
  };
  const cursor = filters.cursor;
  const cap = filters.countCap ?? LOG_COUNT_CAP;
  // "t <= T AND (t < T OR id < I)": the first term bounds the index range, the second settles ties at T.
  const beyond = (key: LogKey, older: boolean) => {
    const at = new Date(key.at);
    return older
      ? { activityDateTime: { lte: at }, OR: [{ activityDateTime: { lt: at } }, { id: { lt: key.id } }] }
      : { activityDateTime: { gte: at }, OR: [{ activityDateTime: { gt: at } }, { id: { gt: key.id } }] };
  };
  const reverse = Boolean(cursor && ("before" in cursor || "last" in cursor));
  const bound = cursor && "after" in cursor ? beyond(cursor.after, true) : cursor && "before" in cursor ? beyond(cursor.before, false) : {};
  const direction = reverse ? ("asc" as const) : ("desc" as const);
  const [found, total] = await Promise.all([
    database.provisioningLogEntry.findMany({
      where: { AND: [where, bound] },
      orderBy: [{ activityDateTime: direction }, { id: direction }],
      take: pageSize + 1,
    }),
    // Counted only up to a cap: an exact count of 100,000 rows reads the whole index range on every page view. In the
    // index's order: without one, Prisma orders a capped count by id, and the database sorts every matching row (or
    // reads each from the table) to pick the first cap + 1 — 30 ms and more per page view at 100,000 entries.
    database.provisioningLogEntry.count({ where, orderBy: [{ activityDateTime: "desc" }, { id: "desc" }], take: cap + 1 }),
  ]);
  const more = found.length > pageSize;
  const page = found.slice(0, pageSize);
  if (reverse) page.reverse();
  const keyOf = (row: (typeof page)[number] | undefined) => (row ? { at: row.activityDateTime.toISOString(), id: row.id } : null);
  // Reading forward (older), a newer page exists when we started after a row; reading back, an older one when we started before one.
  const newer = reverse ? (more ? keyOf(page[0]) : null) : cursor ? keyOf(page[0]) : null;
  const older = reverse ? (cursor && "before" in cursor ? keyOf(page.at(-1)) : null) : more ? keyOf(page.at(-1)) : null;
  return {
    rows: page.map((r) => ({
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
    total: Math.min(total, cap),
    more: total > cap,
    newer,
    older,
  };
}
