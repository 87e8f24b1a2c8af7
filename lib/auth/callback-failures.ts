import type { AuditInput } from "../audit/append";

/**
 * Failed sign-in callbacks from callers nobody knows yet (no flow of ours, a state that does not match, an error
 * answer, a code that does not redeem) are counted and written as ONE audit row per window, not a row per request:
 * /auth/callback is public, and a flood of forged callbacks must not bury the audit log or slow every append
 * (https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#event-attributes — log what happened, not
 * what the attacker wrote). Text that comes from the request is reduced to a short, printable token before it is kept.
 */

export type CallbackFailure = "expired" | "state" | "denied" | "token" | "unavailable";

export const CALLBACK_FAILURE_WINDOW_MS = 60_000;
/** Distinct authority error codes remembered per window; the rest count as "other". */
const MAX_CODES = 10;

/** An OAuth error code as sent back (RFC 6749 §4.1.2.1: a fixed ASCII vocabulary), or "other" for anything else. */
export function sanitizeErrorCode(value: string | null | undefined): string {
  if (!value) return "none";
  return /^[a-z_]{1,40}$/.test(value) ? value : "other";
}

/** Free text (an exception message that may echo request data): printable ASCII only, at most `max` characters. */
export function sanitizeText(value: string, max = 200): string {
  const cleaned = value.replace(/[^\x20-\x7e]+/g, " ").replace(/\s+/g, " ").trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

interface Window {
  startedAt: number;
  counts: Map<CallbackFailure, number>;
  codes: Map<string, number>;
  sample?: string;
}

export interface FailureAggregator {
  record(kind: CallbackFailure, detail?: { code?: string | null; message?: string }): void;
  /** Writes the pending window now (tests, shutdown). */
  flush(): Promise<void>;
}

export function createFailureAggregator(
  append: (event: AuditInput) => Promise<unknown>,
  options: { windowMs?: number; schedule?: (run: () => void, ms: number) => void } = {},
): FailureAggregator {
  const windowMs = options.windowMs ?? CALLBACK_FAILURE_WINDOW_MS;
  const schedule =
    options.schedule ??
    ((run, ms) => {
      setTimeout(run, ms).unref?.();
    });
  let current: Window | undefined;

  async function flush() {
    const window = current;
    current = undefined;
    if (!window) return;
    const total = [...window.counts.values()].reduce((a, b) => a + b, 0);
    const counts = Object.fromEntries(window.counts);
    const codes = Object.fromEntries(window.codes);
    await append({
      actor: "anonymous",
      role: "none",
      action: "auth.sign-in",
      result: "failure",
      error: sanitizeText(
        `${total} sign-in callback${total === 1 ? "" : "s"} failed in ${Math.round(windowMs / 1000)} s: ${Object.entries(counts)
          .map(([k, n]) => `${k} ×${n}`)
          .join(", ")}${window.sample ? `; e.g. ${window.sample}` : ""}`,
        400,
      ),
      after: { failures: counts, authorityErrors: codes, since: new Date(window.startedAt).toISOString() },
    });
  }

  return {
    record(kind, detail = {}) {
      if (!current) {
        current = { startedAt: Date.now(), counts: new Map(), codes: new Map() };
        schedule(() => void flush().catch(() => undefined), windowMs);
      }
      current.counts.set(kind, (current.counts.get(kind) ?? 0) + 1);
      if (detail.code !== undefined) {
        const code = sanitizeErrorCode(detail.code);
        const key = current.codes.has(code) || current.codes.size < MAX_CODES ? code : "other";
        current.codes.set(key, (current.codes.get(key) ?? 0) + 1);
      }
      if (detail.message && !current.sample) current.sample = sanitizeText(detail.message, 160);
    },
    flush,
  };
}
