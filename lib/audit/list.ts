import type { Database } from "../db";
import { auditAfterColumn, auditBeforeColumn, auditRequestIdsColumn } from "../federation/columns";
import { CorruptColumnError } from "../federation/json-column";
import type { Prisma } from "../generated/sqlite/client";

export interface AuditEventView {
  seq: number;
  id: string;
  at: Date;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  result: string;
  error: string | null;
  /** The recorded value (undefined when the event recorded none). */
  before: unknown;
  after: unknown;
  requestIds: string[];
  /** Links an intent row and its outcome row. */
  correlationId: string | null;
  /** An intent whose outcome row is not in the log: the process may have stopped between the cloud call and the outcome. */
  outcomeMissing: boolean;
}

/** What an auditor can narrow the log to; every field is optional and they combine (AND). */
export interface AuditFilter {
  /** First UTC day included (YYYY-MM-DD). */
  from?: string;
  /** Last UTC day included (YYYY-MM-DD). */
  to?: string;
  /** Exact actor (the signed-in e-mail, or "anonymous"). */
  actor?: string;
  role?: string;
  /** The action's family: the part before the first dot (setup, provisioning, helpdesk, settings, auth, audit). */
  family?: string;
  /** Part of the target. */
  target?: string;
  result?: string;
  /** Free text, matched against actor, action, target, error, before and after. */
  q?: string;
}

export const AUDIT_FAMILIES = ["setup", "provisioning", "helpdesk", "settings", "auth", "audit", "route"] as const;
export const AUDIT_RESULTS = ["success", "failure", "denied", "intent"] as const;

/** A page position: newest first, below `before` (older) or above `after` (newer). */
export interface AuditCursor {
  before?: number;
  after?: number;
}

export interface AuditPage {
  events: AuditEventView[];
  /** seq to pass as `before` for the next older page. */
  older?: number;
  /** seq to pass as `after` for the next newer page. */
  newer?: number;
  /** Events matching the filter, in all. */
  total: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: unknown, max = 200) => (typeof value === "string" && value.trim() ? value.trim().slice(0, max) : undefined);
const seqParam = (value: unknown) => (typeof value === "string" && /^\d{1,12}$/.test(value) ? Number(value) : undefined);

/** Reads the filter and cursor from the page's query string; anything malformed is ignored. */
export function parseAuditQuery(params: Record<string, string | string[] | undefined>): { filter: AuditFilter; cursor: AuditCursor } {
  const one = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const day = (key: string) => {
    const value = text(one(key), 10);
    return value && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : undefined;
  };
  const family = text(one("family"), 40);
  const result = text(one("result"), 20);
  const filter: AuditFilter = {
    from: day("from"),
    to: day("to"),
    actor: text(one("actor")),
    role: text(one("role"), 40),
    family: family && /^[a-z-]+$/.test(family) ? family : undefined,
    target: text(one("target")),
    result: result && (AUDIT_RESULTS as readonly string[]).includes(result) ? result : undefined,
    q: text(one("q")),
  };
  const before = seqParam(one("before"));
  return {
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
    cursor: before !== undefined ? { before } : { after: seqParam(one("after")) },
  };
}

/** The filter and cursor as query-string pairs, for links that keep the filter. */
export function auditQueryString(filter: AuditFilter, cursor: AuditCursor = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  if (cursor.before !== undefined) params.set("before", String(cursor.before));
  else if (cursor.after !== undefined) params.set("after", String(cursor.after));
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function auditWhere(filter: AuditFilter, insensitive: boolean): Prisma.AuditEventWhereInput {
  // PostgreSQL compares case-sensitively unless asked; SQLite's LIKE already ignores ASCII case.
  const contains = (value: string) => (insensitive ? ({ contains: value, mode: "insensitive" } as { contains: string }) : { contains: value });
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.from) and.push({ at: { gte: new Date(`${filter.from}T00:00:00Z`) } });
  if (filter.to) and.push({ at: { lt: new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) } });
  if (filter.actor) and.push({ actor: filter.actor });
  if (filter.role) and.push({ role: filter.role });
  if (filter.family) and.push({ action: { startsWith: `${filter.family}.` } });
  if (filter.target) and.push({ target: contains(filter.target) });
  if (filter.result) and.push({ result: filter.result });
  if (filter.q) {
    const q = filter.q;
    and.push({
      OR: [{ actor: contains(q) }, { action: contains(q) }, { target: contains(q) }, { error: contains(q) }, { before: contains(q) }, { after: contains(q) }],
    });
  }
  return and.length ? { AND: and } : {};
}

/** A stored value through its codec; one an attacker made unreadable is shown as the text it is, not a crashed page. */
function decodeShown(column: typeof auditBeforeColumn, text: string | null): unknown {
  try {
    return column.decodeNullable(text) ?? undefined;
  } catch (error) {
    if (error instanceof CorruptColumnError) return text;
    throw error;
  }
}

type AuditRow = Awaited<ReturnType<Database["auditEvent"]["findMany"]>>[number];

const toView = (row: AuditRow, settled: ReadonlySet<string>): AuditEventView => ({
  seq: row.seq,
  id: row.id,
  at: row.at,
  actor: row.actor,
  role: row.role,
  action: row.action,
  target: row.target,
  result: row.result,
  error: row.error,
  before: decodeShown(auditBeforeColumn, row.before),
  after: decodeShown(auditAfterColumn, row.after),
  requestIds: auditRequestIdsColumn.decode(row.requestIds),
  correlationId: row.correlationId,
  outcomeMissing: row.result === "intent" && !settled.has(row.correlationId ?? ""),
});

/** The correlation ids among these intents whose outcome row exists (one indexed lookup per page). */
async function settledIntents(database: Database, rows: AuditRow[]): Promise<Set<string>> {
  const ids = rows.filter((r) => r.result === "intent" && r.correlationId).map((r) => r.correlationId as string);
  if (!ids.length) return new Set();
  const outcomes = await database.auditEvent.findMany({ where: { correlationId: { in: ids }, result: { not: "intent" } }, select: { correlationId: true } });
  return new Set(outcomes.map((o) => o.correlationId ?? ""));
}

/**
 * Newest first, keyset-paged on seq (no OFFSET): a page is "the next N matching events below (or above)
 * this seq", so it costs the same deep in a million events, and events appended meanwhile never shift
 * a page or repeat an event. Each filter has an index that leads with its column and ends with seq.
 */
export async function listAuditEvents(
  database: Database,
  options: { filter?: AuditFilter; cursor?: AuditCursor; pageSize?: number; insensitive?: boolean } = {},
): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? 25, 1), 200);
  const where = auditWhere(options.filter ?? {}, options.insensitive ?? false);
  const { before, after } = options.cursor ?? {};
  const goingNewer = before === undefined && after !== undefined;
  const seqBound = before !== undefined ? { seq: { lt: before } } : after !== undefined ? { seq: { gt: after } } : {};
  const order = goingNewer ? "asc" : "desc";
  const [rows, total] = await Promise.all([
    // The page's seqs first, then its rows: a filter whose index does not end in seq (an actor in a date range reads
    // (actor, at)) sorts its matches before the LIMIT, and SQLite would otherwise fetch every matching row, JSON
    // and all, to sort them; the seqs alone come from the index (SQLite keeps the rowid, here seq, in every index).
    database.auditEvent
      .findMany({ where: { AND: [where, seqBound] }, orderBy: { seq: order }, take: pageSize + 1, select: { seq: true } })
      .then((keys) => database.auditEvent.findMany({ where: { seq: { in: keys.map((k) => k.seq) } }, orderBy: { seq: order } })),
    database.auditEvent.count({ where }),
  ]);
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (goingNewer) page.reverse();
  const settled = await settledIntents(database, page);
  const events = page.map((row) => toView(row, settled));
  const first = events[0]?.seq;
  const last = events[events.length - 1]?.seq;
  // Going older, a newer page exists when we came from one; going newer, an older one does. Otherwise ask.
  const hasNewer = goingNewer ? more : before !== undefined && first !== undefined ? await exists(database, where, { gt: first }) : false;
  const hasOlder = goingNewer ? last !== undefined && (await exists(database, where, { lt: last })) : more;
  return { events, total, older: hasOlder ? last : undefined, newer: hasNewer ? first : undefined };
}

async function exists(database: Database, where: Prisma.AuditEventWhereInput, seq: { gt?: number; lt?: number }) {
  return (await database.auditEvent.findFirst({ where: { AND: [where, { seq }] }, select: { seq: true } })) !== null;
}
