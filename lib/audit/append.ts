import { randomUUID } from "node:crypto";
import type { Database } from "../db";
import { GENESIS_HASH, hashEvent, type ChainedFields } from "./chain";
import { auditRequestIdsColumn } from "../federation/columns";
import { requestIdsInScope } from "../request-context";
import { redact } from "./redact";

export type AuditResult = "success" | "failure" | "denied";

export interface AuditInput {
  actor: string;
  role: string;
  action: string;
  target?: string;
  before?: unknown;
  after?: unknown;
  result: AuditResult;
  error?: string;
  /** Secret values this event might contain anywhere (they are removed, not just keys named like secrets). */
  knownSecrets?: string[];
}

const MAX_ATTEMPTS = 8;

const toJson = (value: unknown, secrets: readonly string[]) => (value === undefined ? null : JSON.stringify(redact(value, secrets)));

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/**
 * Appends one event to the hash chain. The unique prevHash makes a concurrent append that read the same
 * tail fail instead of forking the chain; it then re-reads the tail and tries again.
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
  };
  for (let attempt = 1; ; attempt++) {
    const tail = await database.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    const chained: ChainedFields = { ...fields, prevHash: tail?.hash ?? GENESIS_HASH };
    try {
      return await database.auditEvent.create({ data: { ...chained, hash: hashEvent(chained) } });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
