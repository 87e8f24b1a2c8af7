import { env } from "./config/env";
import { redact } from "./audit/redact";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON line per event on stderr; details pass through the same redaction as audit rows. */
export function log(level: Level, message: string, details: Record<string, unknown> = {}): void {
  if (ORDER[level] < ORDER[env().IB_LOG_LEVEL]) return;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...redact(details) })}\n`);
}
