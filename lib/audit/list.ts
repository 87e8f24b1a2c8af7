import type { Database } from "../db";
import { auditAfterColumn, auditBeforeColumn, auditRequestIdsColumn } from "../federation/columns";

export interface AuditPage {
  events: AuditEventView[];
  /** seq to pass as `before` for the next (older) page. */
  nextBefore?: number;
  total: number;
}

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
  /** The recorded value, pretty-printed for display. */
  before: string | null;
  after: string | null;
  requestIds: string[];
}

/** Newest first, keyset-paged on seq so a page costs the same at a million events. */
export async function listAuditEvents(database: Database, options: { before?: number; pageSize?: number } = {}): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? 25, 1), 200);
  const [rows, total] = await Promise.all([
    database.auditEvent.findMany({
      where: options.before === undefined ? undefined : { seq: { lt: options.before } },
      orderBy: { seq: "desc" },
      take: pageSize + 1,
    }),
    database.auditEvent.count(),
  ]);
  const events = rows.slice(0, pageSize).map((row) => ({
    seq: row.seq,
    id: row.id,
    at: row.at,
    actor: row.actor,
    role: row.role,
    action: row.action,
    target: row.target,
    result: row.result,
    error: row.error,
    before: pretty(auditBeforeColumn.decodeNullable(row.before)),
    after: pretty(auditAfterColumn.decodeNullable(row.after)),
    requestIds: auditRequestIdsColumn.decode(row.requestIds),
  }));
  return { events, total, nextBefore: rows.length > pageSize ? events[events.length - 1]?.seq : undefined };
}

const pretty = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value, null, 2));
