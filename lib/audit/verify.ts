import type { Database } from "../db";
import { GENESIS_HASH, hashEvent } from "./chain";
import { checkCheckpoint, type SignedCheckpoint } from "./checkpoint";
import { auditKeys, type AuditKey } from "./keys";

export type ChainProblem =
  | { kind: "edited"; seq: number; id: string }
  | { kind: "broken-link"; seq: number; id: string; detail: string }
  /** A checkpoint's signature does not hold: it was forged or altered, or signed with a key no longer configured. */
  | { kind: "checkpoint-invalid"; seq: number; detail: string }
  /** The chain no longer matches what a signed checkpoint recorded: history before it was rewritten, or events removed or added. */
  | { kind: "checkpoint-mismatch"; seq: number; detail: string };

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first problem found; verification stops there because every later link depends on it. */
  problem?: ChainProblem;
  /** How many signed checkpoints the chain was checked against, and the newest of them. */
  checkpoints: number;
  lastCheckpoint?: { seq: number; count: number; at: string; keyVersion: number };
}

const BATCH = 2_000;

/**
 * Walks the whole chain in `seq` order: each event's hash must match its content (an edit shows), and
 * each prevHash must be the previous event's hash (a removed or reordered event shows). Then every
 * signed checkpoint must match the chain: the event at its seq must still be there with the hash it
 * signed, and exactly its count of events must lead up to it. Someone who can write to the database
 * but does not hold the key can recompute hashes, but cannot sign a new checkpoint, so a rewritten
 * history, a removed or inserted event and a truncated tail all show up to the newest checkpoint.
 */
export async function verifyAuditChain(database: Database, keys: readonly AuditKey[] = auditKeys()): Promise<ChainReport> {
  const checkpoints: SignedCheckpoint[] = await database.auditCheckpoint.findMany({ orderBy: [{ seq: "asc" }, { id: "asc" }] });
  const newest = checkpoints.reduce<SignedCheckpoint | undefined>((latest, c) => (!latest || c.at >= latest.at ? c : latest), undefined);
  const summary = {
    checkpoints: checkpoints.length,
    lastCheckpoint: newest && { seq: newest.seq, count: newest.count, at: newest.at.toISOString(), keyVersion: newest.keyVersion },
  };
  for (const checkpoint of checkpoints) {
    const state = checkCheckpoint(checkpoint, keys);
    if (state !== "ok") {
      const detail =
        state === "unknown-key" ? `it names key version ${checkpoint.keyVersion}, which IB_AUDIT_KEYS does not hold` : "its signature does not match";
      return { ok: false, checked: 0, problem: { kind: "checkpoint-invalid", seq: checkpoint.seq, detail }, ...summary };
    }
  }

  let previous = GENESIS_HASH;
  let previousSeq = 0;
  let checked = 0;
  let next = 0; // index of the first checkpoint not yet passed
  /** Called once the walk has passed seq `upTo`: every checkpoint at or below it must match where the walk stands. */
  const settleCheckpoints = (upTo: number): ChainProblem | undefined => {
    for (; next < checkpoints.length && (checkpoints[next]?.seq ?? 0) <= upTo; next++) {
      const c = checkpoints[next] as SignedCheckpoint;
      if (previousSeq !== c.seq) {
        const detail = upTo === Infinity ? "events at the end of the log were removed (the log was truncated)" : "the event it recorded is gone";
        return { kind: "checkpoint-mismatch", seq: c.seq, detail };
      }
      if (previous !== c.headHash) return { kind: "checkpoint-mismatch", seq: c.seq, detail: "the history up to this event was rewritten" };
      if (checked !== c.count) return { kind: "checkpoint-mismatch", seq: c.seq, detail: `${c.count} events were signed up to here, ${checked} are there now` };
    }
    return undefined;
  };

  let after = -1;
  for (;;) {
    const rows = await database.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) {
      // The chain's own finding is the more precise one, so it comes first.
      if (row.prevHash !== previous) {
        const detail = checked === 0 ? "the first event does not start the chain" : "an event before it is missing, or the order was changed";
        return { ok: false, checked, problem: { kind: "broken-link", seq: row.seq, id: row.id, detail }, ...summary };
      }
      if (hashEvent(row) !== row.hash) return { ok: false, checked, problem: { kind: "edited", seq: row.seq, id: row.id }, ...summary };
      const passed = settleCheckpoints(row.seq - 1);
      if (passed) return { ok: false, checked, problem: passed, ...summary };
      previous = row.hash;
      previousSeq = row.seq;
      checked += 1;
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]?.seq ?? after;
  }
  const atEnd = settleCheckpoints(Infinity);
  if (atEnd) return { ok: false, checked, problem: atEnd, ...summary };
  return { ok: true, checked, ...summary };
}
