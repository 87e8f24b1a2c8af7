import { randomUUID } from "node:crypto";
import type { Database } from "../db";
import { GENESIS_HASH, hashEvent, type ChainedFields } from "./chain";
import { auditRequestIdsColumn } from "../federation/columns";
import { requestIdsInScope } from "../request-context";
import { checkpointDue, takeCheckpointQuietly } from "./schedule";
import { redact } from "./redact";

/** "intent": written before a change's cloud calls, saying what it will do; its outcome row carries the same correlationId. */
export type AuditResult = "success" | "failure" | "denied" | "intent";

export interface AuditInput {
  actor: string;
  role: string;
  action: string;
  target?: string;
  before?: unknown;
  after?: unknown;
  result: AuditResult;
  error?: string;
  /** The same id on an intent row and on its outcome row. */
  correlationId?: string;
  /** Secret values this event might contain anywhere (they are removed, not just keys named like secrets). */
  knownSecrets?: string[];
}

const toJson = (value: unknown, secrets: readonly string[]) => (value === undefined ? null : JSON.stringify(redact(value, secrets)));

/** Appends wait in line for the chain head; a burst of hundreds must queue, not time out. */
const APPEND_WAIT_MS = 120_000;

/**
 * Appends one event to the hash chain, one append at a time: the transaction first writes the chain
 * head row, which on PostgreSQL locks that row until commit and on SQLite takes the database's write
 * lock, so the tail it then reads is the tail it links to (the unique prevHash still refuses a fork).
 */
export async function appendAuditEvent(database: Database, input: AuditInput) {
  const secrets = input.knownSecrets ?? [];
  const fields: Omit<ChainedFields, "prevHash"> = {
    id: randomUUID(),
    at: new Date(),
    actor: input.actor,
    role: input.role,
    action: input.action,
    target: input.target ?? null,
    before: toJson(input.before, secrets),
    after: toJson(input.after, secrets),
    result: input.result,
    error: input.error === undefined ? null : redact(input.error, secrets),
    // The upstream requests of the work being audited (lib/request-context.ts).
    requestIds: auditRequestIdsColumn.encode(requestIdsInScope()),
    correlationId: input.correlationId ?? null,
  };
  const event = await database.$transaction(
    async (tx) => {
      const now = new Date();
      await tx.auditChainHead.upsert({ where: { id: 1 }, create: { id: 1, lockedAt: now }, update: { lockedAt: now } });
      const tail = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
      const chained: ChainedFields = { ...fields, prevHash: tail?.hash ?? GENESIS_HASH };
      return tx.auditEvent.create({ data: { ...chained, hash: hashEvent(chained) } });
    },
    { maxWait: APPEND_WAIT_MS, timeout: APPEND_WAIT_MS },
  );
  if (checkpointDue(event.seq)) await takeCheckpointQuietly(database);
  return event;
}
