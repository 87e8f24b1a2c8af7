import type { Database } from "../db";
import { GENESIS_HASH, hashEvent } from "./chain";

export type ChainProblem =
  | { kind: "edited"; seq: number; id: string }
  | { kind: "broken-link"; seq: number; id: string; detail: string };

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first problem found; verification stops there because every later link depends on it. */
  problem?: ChainProblem;
}

const BATCH = 2_000;

/**
 * Walks the whole chain in `seq` order: each event's hash must match its content (an edit shows), and
 * each prevHash must be the previous event's hash (a removed or reordered event shows).
 */
export async function verifyAuditChain(database: Database): Promise<ChainReport> {
  let previous = GENESIS_HASH;
  let checked = 0;
  let after = -1;
  for (;;) {
    const rows = await database.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) {
      if (row.prevHash !== previous) {
        const detail = checked === 0 ? "the first event does not start the chain" : "an event before it is missing, or the order was changed";
        return { ok: false, checked, problem: { kind: "broken-link", seq: row.seq, id: row.id, detail } };
      }
      if (hashEvent(row) !== row.hash) return { ok: false, checked, problem: { kind: "edited", seq: row.seq, id: row.id } };
      previous = row.hash;
      checked += 1;
    }
    if (rows.length < BATCH) return { ok: true, checked };
    after = rows[rows.length - 1]?.seq ?? after;
  }
}
