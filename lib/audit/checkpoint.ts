import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "../db";
import { GENESIS_HASH } from "./chain";
import { auditKeys, type AuditKey } from "./keys";

/** What a checkpoint states about the chain: its last event's seq and hash, and how many events lead up to it. */
export interface CheckpointStatement {
  seq: number;
  headHash: string;
  count: number;
  at: Date;
}

export interface SignedCheckpoint extends CheckpointStatement {
  keyVersion: number;
  mac: string;
}

const canonical = (statement: CheckpointStatement) =>
  JSON.stringify(["identity-bridge audit checkpoint v1", statement.seq, statement.headHash, statement.count, statement.at.toISOString()]);

/** HMAC-SHA256 (RFC 2104) of the canonical statement with the newest key. */
export function signCheckpoint(statement: CheckpointStatement, keys: readonly AuditKey[]): SignedCheckpoint {
  const signing = keys[0];
  if (!signing) throw new Error("no audit signing key");
  const mac = createHmac("sha256", signing.key).update(canonical(statement), "utf8").digest("base64");
  return { ...statement, keyVersion: signing.version, mac };
}

/** "ok", or why the checkpoint cannot be trusted: its key version is unknown, or its MAC does not match. */
export function checkCheckpoint(checkpoint: SignedCheckpoint, keys: readonly AuditKey[]): "ok" | "unknown-key" | "bad-mac" {
  const key = keys.find((k) => k.version === checkpoint.keyVersion);
  if (!key) return "unknown-key";
  const expected = createHmac("sha256", key.key).update(canonical(checkpoint), "utf8").digest();
  const actual = Buffer.from(checkpoint.mac, "base64");
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? "ok" : "bad-mac";
}

/**
 * Signs the chain as it is now. Appends are serialized and commit in seq order, so every event up to the
 * tail read here is already committed and the count is consistent with it.
 */
export async function takeCheckpoint(database: Database, keys: readonly AuditKey[] = auditKeys()): Promise<SignedCheckpoint & { id: number }> {
  const tail = await database.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const count = tail ? await database.auditEvent.count({ where: { seq: { lte: tail.seq } } }) : 0;
  const signed = signCheckpoint({ seq: tail?.seq ?? 0, headHash: tail?.hash ?? GENESIS_HASH, count, at: new Date() }, keys);
  return database.auditCheckpoint.create({ data: signed });
}
