import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AuditInput } from "../audit/append";
import { redact } from "../audit/redact";
import { can, type Permission } from "../auth/permissions";
import { requestIdsInScope, withRequestScope } from "../request-context";
import type { Session } from "../auth/session";
import { ActionError, type ActionResult } from "./result";

export interface ActionDependencies {
  /** `passive`: the page asked by itself (a live update), not the person: the idle timeout does not restart. */
  getSession(options?: { passive: boolean }): Promise<Session | null>;
  audit(event: AuditInput): Promise<unknown>;
  revalidate(path: string): void;
  logError(message: string, details: Record<string, unknown>): void;
  /** After a successful, audited change (not a read-only lookup): e.g. record the configuration it changed (lib/history). */
  afterSuccess?(action: string, session: Session, input: unknown, federationId?: string): void;
}

/** What an action's body returns: its data, and what the audit event should record about it. */
export interface ActionOutcome<T> {
  data: T;
  message?: string;
  /** "warn": the action worked and its message is something to look at (drift found), shown in amber, not green. */
  tone?: "warn";
  audit?: { target?: string; before?: unknown; after?: unknown };
  /** The federation the change touched, when the input does not name it (a helpdesk action takes a diagnosis id). */
  federationId?: string;
}

export interface ActionDefinition<S extends z.ZodType, T> {
  /** Audit action name, e.g. "settings.connections.update". */
  name: string;
  permission: Permission;
  input: S;
  revalidate?: string[];
  /** Values that must never be written anywhere, taken from the parsed input (e.g. the client secret). */
  secretsOf?(input: z.output<S>): (string | undefined)[];
  /**
   * A lookup that changes nothing (type-ahead searches): refusals and failures are audited, successes are not,
   * or one row per keystroke would bury the configuration history auditors read.
   */
  readOnly?: boolean;
  /**
   * For changes that call Entra or AWS: what the action is about to do, from the parsed input. It is written as an
   * audit row of result "intent" before `run`, and the outcome row carries the same correlation id, so a process
   * that dies between the cloud call and the outcome still leaves a record of the attempt. If the intent cannot
   * be written, nothing runs.
   */
  intent?(input: z.output<S>): unknown;
  /**
   * Called by a page on its own (the live status page fetching what a pushed update changed), never by a click:
   * it must not count as user activity, or an open page would keep its session alive forever
   * (https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#idle-timeout). Read-only only.
   */
  passive?: boolean;
  /** What the action is about, from the parsed input, so a failed attempt's audit row names its target too. */
  auditTarget?(input: z.output<S>): string | undefined;
  run(input: z.output<S>, context: { session: Session }): Promise<ActionOutcome<T>>;
}

export type ServerAction<T> = (previous: ActionResult<T> | null, input: FormData | Record<string, unknown>) => Promise<ActionResult<T>>;

/** What each built action is, so the permission matrix test can find every action and its permission. */
export const actionMetadata = new WeakMap<object, { name: string; permission: Permission }>();

/** FormData → plain object; repeated keys become arrays, empty file inputs are dropped. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (typeof value !== "string" && value.size === 0) continue;
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
  }
  return out;
}

/**
 * Builds server actions with one pipeline: authenticate → authorize (permission table) → validate
 * (zod, all field errors) → run → audit → revalidate → typed result. Authorization comes before
 * validation so a refused caller learns nothing about the form. Refusals and failures are audited too.
 * Each call runs in its own request scope (lib/request-context.ts): the upstream request ids the body
 * produced reach the audit row from there.
 */
export function createActionBuilder(deps: ActionDependencies) {
  return function defineAction<S extends z.ZodType, T>(definition: ActionDefinition<S, T>): ServerAction<T> {
    const action: ServerAction<T> = async (_previous, raw) => {
      const session = await deps.getSession({ passive: Boolean(definition.passive && definition.readOnly) });
      if (!session) return { ok: false, formError: "You are not signed in. Sign in and try again." };
      return withRequestScope(() => perform(definition, session, raw), { actor: { email: session.email, name: session.name, role: session.role } });
    };
    actionMetadata.set(action, { name: definition.name, permission: definition.permission });
    return action;
  };

  async function perform<S extends z.ZodType, T>(
    definition: ActionDefinition<S, T>,
    session: Session,
    raw: FormData | Record<string, unknown>,
  ): Promise<ActionResult<T>> {
    const actor = { actor: session.email, role: session.role, action: definition.name };
    if (!can(session.role, definition.permission)) {
      await deps.audit({ ...actor, result: "denied", error: `role ${session.role} lacks ${definition.permission}` });
      return { ok: false, formError: `Your role (${session.role}) is not allowed to do this.` };
    }

    const parsed = definition.input.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error);
      return {
        ok: false,
        formError: flat.formErrors[0] ?? "Some fields need attention.",
        fieldErrors: flat.fieldErrors as Record<string, string[]>,
      };
    }
    const knownSecrets = (definition.secretsOf?.(parsed.data) ?? []).filter((s): s is string => Boolean(s));
    const target = definition.auditTarget?.(parsed.data);
    const correlationId = definition.intent && !definition.readOnly ? randomUUID() : undefined;
    if (correlationId) {
      try {
        await deps.audit({ ...actor, target, after: definition.intent?.(parsed.data), result: "intent", correlationId, knownSecrets });
      } catch (error) {
        const requestId = randomUUID().slice(0, 8);
        deps.logError(
          `action ${definition.name}: its intent could not be audited, so it did not run`,
          redact({ requestId, error: String(error) }, knownSecrets),
        );
        return { ok: false, formError: `Nothing was changed: the audit log could not record this change. Reference: ${requestId}.`, requestId };
      }
    }

    try {
      const outcome = await definition.run(parsed.data, { session });
      if (!definition.readOnly) {
        await deps.audit({ ...actor, target, ...outcome.audit, result: "success", correlationId, knownSecrets });
        deps.afterSuccess?.(definition.name, session, parsed.data, outcome.federationId);
      }
      for (const path of definition.revalidate ?? []) deps.revalidate(path);
      return { ok: true, data: outcome.data, message: outcome.message, ...(outcome.tone ? { tone: outcome.tone } : {}) };
    } catch (error) {
      if (error instanceof ActionError) {
        // An attempt that wrote its intent always gets its outcome, or the log would call it interrupted.
        if (error.options.audit !== false || correlationId)
          await deps.audit({ ...actor, target, result: "failure", error: error.message, correlationId, knownSecrets });
        // The body may have recorded its failure somewhere a page shows it: refresh those pages too.
        for (const path of definition.revalidate ?? []) deps.revalidate(path);
        return { ok: false, formError: error.message, fieldErrors: error.fieldErrors };
      }
      const requestId = randomUUID().slice(0, 8);
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      deps.logError(`action ${definition.name} failed`, redact({ requestId, upstreamRequestIds: requestIdsInScope(), error: detail }, knownSecrets));
      await deps
        .audit({ ...actor, target, result: "failure", error: `unexpected error (reference ${requestId})`, correlationId, knownSecrets })
        .catch(() => undefined);
      return { ok: false, formError: `Something went wrong. Reference: ${requestId}.`, requestId };
    }
  }
}
