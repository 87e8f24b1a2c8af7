/** What every server action returns to its form: data, or every field error at once, or one form error. */
export type ActionResult<T = unknown> =
  | {
      ok: true;
      data: T;
      message?: string;
      /** "warn": it worked, and found something to look at (drift), so its message is amber, not green. */
      tone?: "warn";
    }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string[]>; requestId?: string };

/** A failure whose message is written for the user (plain language, no vendor text). */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    /**
     * `audit: false` only where the refusal is recorded another way and a row per attempt would flood the log
     * (a rate-limited search: counted in its search tally, with one audit row for the first refusal of the hour).
     */
    readonly options: { audit?: boolean } = {},
  ) {
    super(message);
    this.name = "ActionError";
  }
}
