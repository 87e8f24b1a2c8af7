import { createHash } from "node:crypto";

/** The fields of an audit event covered by its hash, in a fixed order. */
export interface ChainedFields {
  id: string;
  at: Date;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
  result: string;
  error: string | null;
  requestIds: string;
  /** Links an intent row and its outcome row (the same id on both); null or absent on events without an intent. */
  correlationId?: string | null;
  prevHash: string;
}

/** prevHash of the first event: the chain starts from a fixed, well-known value. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The event's hash over its fields in a fixed order. The correlation id joins the list only when it is set, so
 * every event written before it existed keeps its hash and the chain stays valid across the change.
 */
export function hashEvent(event: ChainedFields): string {
  const fields = [
    event.id,
    event.at.toISOString(),
    event.actor,
    event.role,
    event.action,
    event.target,
    event.before,
    event.after,
    event.result,
    event.error,
    event.requestIds,
    event.prevHash,
  ];
  const canonical = JSON.stringify(event.correlationId == null ? fields : [...fields, event.correlationId]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
