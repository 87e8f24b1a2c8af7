import Sqlite from "better-sqlite3";
import pg from "pg";
import Cursor from "pg-cursor";
import { databaseProvider, sqliteFilePath } from "../database-url";
import type { ExportedEvent } from "./export-format";
import type { AuditFilter } from "./list";

// The rows of an audit export, read straight from the database driver (better-sqlite3, node-postgres) in keyset
// batches, not through Prisma. Measured on 1,000,000 events (npm run bench -- audit): Prisma's client engine and
// driver adapters keep each result alive long enough that V8 promotes every row's text to the old generation, so
// the old generation grew by about 800 bytes per exported row until a full collection, and the export's RSS by
// 110–130 MB; the drivers' own rows die young and the heap stays flat. On PostgreSQL the rows come through one
// cursor (pg-cursor: a portal read `limit` rows at a time, https://node-postgres.com/apis/cursor) rather than a keyset
// query per batch: measured on the same 1,000,000 events, a query per batch of 500 left 15–60 % of the young
// generation alive at each scavenge (V8 promoted it, and the old generation filled to about 4 times the live heap
// before each full collection: 60–65 MB of RSS for the reads alone), the cursor about 3 % (31–39 MB). The filter is the audit page's
// (lib/audit/list.ts, auditWhere) in SQL; lib/audit/export.int.test.ts checks the two select the same events.

/** The columns an export carries, in the table's own names. */
const COLUMNS = ["seq", "id", "at", "actor", "role", "action", "target", "before", "after", "result", "error", "requestIds", "prevHash", "hash", "correlationId"];

type Dialect = "sqlite" | "postgres";


/**
 * The page's filter as SQL conditions with their parameters, the same conditions auditWhere gives Prisma: dates as
 * UTC day bounds, exact actor/role/result, the action family as a prefix, target and free text as substrings
 * (case-insensitive: SQLite's LIKE ignores ASCII case, PostgreSQL uses ILIKE as Prisma's mode "insensitive" does).
 */
export function auditFilterSql(filter: AuditFilter, dialect: Dialect): { conditions: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return dialect === "postgres" ? `$${params.length}` : "?";
  };
  // Prisma stores a DateTime in SQLite as ISO 8601 text with "+00:00", and as timestamp(3) (UTC) in PostgreSQL.
  // Compared as text in the stored form (node-postgres would send a Date in the process's local zone).
  const instant = (ms: number) => new Date(ms).toISOString().replace("Z", dialect === "postgres" ? "" : "+00:00");
  const like = dialect === "postgres" ? "ILIKE" : "LIKE";
  // As Prisma's contains and startsWith: the value inside LIKE's % as given, so "%" and "_" in it match as LIKE's
  // wildcards there too and the file holds exactly the events the page lists.
  const contains = (column: string, value: string) => `"${column}" ${like} ${param(`%${value}%`)}`;
  const conditions: string[] = [];
  if (filter.from) conditions.push(`"at" >= ${param(instant(Date.parse(`${filter.from}T00:00:00Z`)))}`);
  if (filter.to) conditions.push(`"at" < ${param(instant(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000))}`);
  if (filter.actor) conditions.push(`"actor" = ${param(filter.actor)}`);
  if (filter.role) conditions.push(`"role" = ${param(filter.role)}`);
  if (filter.family) conditions.push(`"action" LIKE ${param(`${filter.family}.%`)}`);
  if (filter.target) conditions.push(contains("target", filter.target));
  if (filter.result) conditions.push(`"result" = ${param(filter.result)}`);
  if (filter.q) {
    const q = filter.q;
    conditions.push(`(${["actor", "action", "target", "error", "before", "after"].map((column) => contains(column, q)).join(" OR ")})`);
  }
  return { conditions, params };
}

/** Reads the filtered events with seq ≤ upTo in seq order, `limit` at a time; close() releases the connection. */
export interface AuditRowReader {
  /** The next (at most) `limit` events, oldest first; fewer than `limit` means there are no more. */
  next(limit: number): Promise<ExportedEvent[]>;
  close(): Promise<void>;
}

type RawRow = Record<(typeof COLUMNS)[number], unknown>;

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

function exported(row: RawRow, at: string): ExportedEvent {
  return {
    seq: Number(row.seq),
    id: String(row.id),
    at,
    actor: String(row.actor),
    role: String(row.role),
    action: String(row.action),
    target: text(row.target),
    before: text(row.before),
    after: text(row.after),
    result: String(row.result),
    error: text(row.error),
    requestIds: String(row.requestIds),
    prevHash: String(row.prevHash),
    hash: String(row.hash),
    correlationId: text(row.correlationId),
  };
}

const selectSql = (where: string[]) => `SELECT ${COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "AuditEvent" WHERE ${where.join(" AND ")} ORDER BY "seq"`;

function sqliteReader(url: string, filter: AuditFilter, upTo: number): AuditRowReader {
  const handle = new Sqlite(sqliteFilePath(url), { readonly: true, fileMustExist: true });
  handle.pragma("busy_timeout = 5000");
  const { conditions, params } = auditFilterSql(filter, "sqlite");
  const statement = handle.prepare(`${selectSql([`"seq" > ?`, `"seq" <= ?`, ...conditions])} LIMIT ?`);
  let after = 0;
  return {
    // better-sqlite3 is synchronous: one keyset batch per call, the event loop free between batches.
    next: async (limit) => {
      const events = (statement.all(after, upTo, ...params, limit) as RawRow[]).map((row) => {
        // Prisma writes "…+00:00" text; an integer is epoch milliseconds (how older Prisma versions stored DateTime).
        const at = typeof row.at === "number" ? new Date(row.at) : new Date(String(row.at));
        return exported(row, at.toISOString());
      });
      after = events[events.length - 1]?.seq ?? after;
      return events;
    },
    close: async () => handle.close(),
  };
}

/** timestamp(3) without time zone holds UTC: read as text and marked UTC, never in the server's local zone. */
const TIMESTAMP_OID = 1114;

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The export's own connection, named so a database administrator can tell it apart (pg_stat_activity). */
export const EXPORT_APPLICATION_NAME = "identity-bridge audit export";

function postgresReader(url: string, filter: AuditFilter, upTo: number): AuditRowReader {
  const client = new pg.Client({ connectionString: url, application_name: EXPORT_APPLICATION_NAME });
  const { conditions, params } = auditFilterSql(filter, "postgres");
  // The filter's parameters are $1…$n; the upper bound comes after them.
  const sql = selectSql([...conditions, `"seq" <= $${params.length + 1}`]);
  // One portal for the whole export, opened on the first read: its implicit transaction reads one snapshot.
  const opened = client.connect().then(() => client.query(new Cursor<RawRow>(sql, [...params, upTo], { types })));
  return {
    next: async (limit) => {
      const rows = await (await opened).read(limit);
      return rows.map((row) => exported(row, new Date(`${String(row.at).replace(" ", "T")}Z`).toISOString()));
    },
    close: async () => {
      await opened.then((cursor) => cursor.close()).catch(() => undefined);
      await client.end();
    },
  };
}

/** A reader of the events with seq ≤ upTo matching `filter` in the database at `url` (file: SQLite, postgres(ql):// PostgreSQL). */
export function auditRowReader(url: string, filter: AuditFilter, upTo: number): AuditRowReader {
  return databaseProvider(url) === "postgres" ? postgresReader(url, filter, upTo) : sqliteReader(url, filter, upTo);
}
