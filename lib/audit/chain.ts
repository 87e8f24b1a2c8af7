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
  prevHash: string;
}

/** prevHash of the first event: the chain starts from a fixed, well-known value. */
export const GENESIS_HASH = "0".repeat(64);

export function hashEvent(event: ChainedFields): string {
  const canonical = JSON.stringify([
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
  ]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
