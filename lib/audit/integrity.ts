import type { Database } from "../db";
import { takeCheckpoint } from "./checkpoint";
import { auditAfterColumn } from "../federation/columns";
import { verifyAuditChain, type ChainReport } from "./verify";

/** A verification as recorded in the audit log itself (the `after` of its "audit.verify" event). */
export interface StoredVerification extends ChainReport {
  at: string;
  by: string;
  /** The checkpoint signed after a verification that found nothing wrong. */
  newCheckpointSeq?: number;
}

/** Verifies the chain and, when it holds, signs a checkpoint of it, so the next verification starts from here. */
export async function runIntegrityCheck(database: Database): Promise<ChainReport & { newCheckpointSeq?: number }> {
  const report = await verifyAuditChain(database);
  if (!report.ok) return report;
  const checkpoint = await takeCheckpoint(database);
  return { ...report, newCheckpointSeq: checkpoint.seq };
}

/** The last recorded verification, read from the log (an index lookup on action + seq). */
export async function lastVerification(database: Database): Promise<StoredVerification | undefined> {
  const row = await database.auditEvent.findFirst({ where: { action: "audit.verify", result: "success" }, orderBy: { seq: "desc" } });
  const after = row ? auditAfterColumn.decodeNullable(row.after) : undefined;
  if (!row || typeof after !== "object" || after === null || typeof (after as { ok?: unknown }).ok !== "boolean") return undefined;
  return { ...(after as ChainReport & { newCheckpointSeq?: number }), at: row.at.toISOString(), by: row.actor };
}
