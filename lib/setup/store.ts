import "server-only";
import { randomUUID } from "node:crypto";
import { cache } from "react";
import type { Database } from "../db";
import { federationFactsColumn, stepAttemptCreatedColumn, stepEvidenceColumn, stepRequestIdsColumn } from "../federation/columns";
import type { FederationFacts } from "./facts";
import { DEFAULT_MODE } from "./checklists";
import { stepDefinitions } from "./step-definitions";
import { DEFAULT_FEDERATION } from "./federation-id";
import type { StepDefinition, StepId } from "./steps";

export { DEFAULT_FEDERATION };

/** "interrupted": an attempt whose process stopped (its lease ran out) before it recorded an outcome. */
export type StepStatus = "not-started" | "running" | "interrupted" | "done" | "failed";

/** The last "Verify again": shown beside the step's standing outcome, never instead of it. */
export interface StepCheck {
  result: "ok" | "failed" | "could-not-verify";
  message: string | null;
  at: Date;
  by: string | null;
}

export interface StepState {
  status: StepStatus;
  attempts: number;
  evidence: Record<string, unknown> | null;
  error: string | null;
  requestIds: string[];
  doneBy: string | null;
  doneAt: Date | null;
  verifiedAt: Date | null;
  /** The attempt running now, or the one that was interrupted: who started it, when, and what it had already created. */
  attempt: { by: string | null; startedAt: Date | null; created: string[] } | null;
  lastCheck: StepCheck | null;
}

export interface ChecklistStep extends StepDefinition {
  state: StepState;
  /** Prerequisites not done yet. */
  blockedBy: StepId[];
}

export interface Checklist {
  federationId: string;
  /** identity-center (the default) or legacy-iam: which checklist the federation follows. */
  mode: string;
  /** The mode can still be chosen: no step of this federation has been run or checked yet but the preflight (re-checked for the new mode). */
  modeOpen: boolean;
  facts: FederationFacts;
  steps: ChecklistStep[];
  done: number;
  total: number;
  hasScimToken: boolean;
}

const EMPTY: StepState = {
  status: "not-started",
  attempts: 0,
  evidence: null,
  error: null,
  requestIds: [],
  doneBy: null,
  doneAt: null,
  verifiedAt: null,
  attempt: null,
  lastCheck: null,
};

/** How long an attempt holds its step without a heartbeat; a holder that died frees it after this. */
export const STEP_LEASE_MS = 30_000;

type StepRow = Awaited<ReturnType<Database["setupStep"]["findMany"]>>[number];

/** A row's state as the page shows it: a running attempt whose lease has run out is interrupted. */
function stateOf(row: StepRow, now: Date): StepState {
  const holding = row.status === "running";
  const alive = holding && row.attemptId !== null && row.leaseUntil !== null && row.leaseUntil.getTime() >= now.getTime();
  return {
    status: holding ? (alive ? "running" : "interrupted") : (row.status as StepStatus),
    attempts: row.attempts,
    evidence: stepEvidenceColumn.decodeNullable(row.evidence),
    error: row.error,
    requestIds: stepRequestIdsColumn.decode(row.requestIds),
    doneBy: row.doneBy,
    doneAt: row.doneAt,
    verifiedAt: row.verifiedAt,
    attempt: holding ? { by: row.attemptBy, startedAt: row.attemptStartedAt, created: stepAttemptCreatedColumn.decode(row.attemptCreated) } : null,
    lastCheck:
      row.checkResult && row.checkedAt
        ? { result: row.checkResult as StepCheck["result"], message: row.checkMessage, at: row.checkedAt, by: row.checkedBy }
        : null,
  };
}

export async function ensureFederation(database: Database, federationId = DEFAULT_FEDERATION) {
  return database.federation.upsert({ where: { id: federationId }, create: { id: federationId, mode: "identity-center" }, update: {} });
}

/**
 * Steps whose record does not tie a federation to its mode: the preflight ("connect") only checks the portal's own
 * permissions and changes nothing. The open Setup page checks it by itself within seconds (its card watches while it
 * is the open one), so a newcomer still reading the mode choice must not lose it: changing the mode forgets that check
 * and the new checklist's preflight checks again (each mode asks for its own permissions).
 */
const MODE_NEUTRAL_STEPS: ReadonlySet<string> = new Set(["connect"]);

export type ChooseModeResult = { outcome: "created" | "changed" | "kept"; previous: string | null } | { outcome: "refused"; reason: string; previous: string };

/**
 * Creating a federation asks how it is set up; the answer can change only while no step of it but the preflight has
 * been run or checked (afterwards its facts and records belong to that mode's checklist). One conditional write: a step run that creates
 * its row at the same moment makes the change a no-op, and the second read reports the refusal.
 */
export async function chooseFederationMode(database: Database, federationId: string, mode: string): Promise<ChooseModeResult> {
  const existing = await database.federation.findUnique({ where: { id: federationId }, select: { mode: true } });
  if (!existing) {
    try {
      await database.federation.create({ data: { id: federationId, mode } });
      return { outcome: "created", previous: null };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return chooseFederationMode(database, federationId, mode);
    }
  }
  if (existing.mode === mode) return { outcome: "kept", previous: existing.mode };
  const neutral = [...MODE_NEUTRAL_STEPS];
  const changed = await database.federation.updateMany({
    where: { id: federationId, mode: existing.mode, steps: { every: { step: { in: neutral } } } },
    data: { mode },
  });
  if (changed.count === 1) {
    // The other mode's preflight result does not hold for this one: its card checks again.
    await database.setupStep.deleteMany({ where: { federationId, step: { in: neutral } } });
    return { outcome: "changed", previous: existing.mode };
  }
  return {
    outcome: "refused",
    previous: existing.mode,
    reason: "This federation's checklist has been started, so its mode stays. Set up the other mode as a new federation.",
  };
}

/** Read-only: a federation nobody has started yet is simply empty (the first step run creates it). */
export async function loadChecklist(database: Database, federationId = DEFAULT_FEDERATION): Promise<Checklist> {
  const [federation, rows] = await Promise.all([
    database.federation.findUnique({ where: { id: federationId }, omit: { scimToken: false } }),
    database.setupStep.findMany({ where: { federationId } }),
  ]);
  const byId = new Map(rows.map((row) => [row.step, row]));
  // The federation's mode decides its checklist (identity-center when there is no federation yet).
  const STEPS = stepDefinitions(federation?.mode);
  const now = new Date();
  const states = new Map<StepId, StepState>(
    STEPS.map((step) => {
      const row = byId.get(step.id);
      return [step.id, row ? stateOf(row, now) : EMPTY];
    }),
  );
  const steps = STEPS.map((step) => ({
    ...step,
    state: states.get(step.id) ?? EMPTY,
    blockedBy: step.requires.filter((id) => states.get(id)?.status !== "done"),
  }));
  return {
    federationId,
    mode: federation?.mode ?? DEFAULT_MODE,
    modeOpen: rows.every((row) => MODE_NEUTRAL_STEPS.has(row.step)),
    facts: federation ? federationFactsColumn.decode(federation.facts) : {},
    steps,
    done: steps.filter((s) => s.state.status === "done").length,
    total: steps.length,
    hasScimToken: Boolean(federation?.scimToken),
  };
}

/** Creates the step's row if it is missing; two replicas doing so at once is fine (the loser's insert is a no-op). */
async function ensureStepRow(database: Database, federationId: string, step: StepId) {
  try {
    await ensureFederation(database, federationId);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  try {
    await database.setupStep.upsert({ where: { federationId_step: { federationId, step } }, create: { federationId, step }, update: {} });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

export type StepClaim =
  | { ok: true; attemptId: string; previous: { status: string; error: string | null } }
  | { ok: false; holder: { by: string | null; startedAt: Date | null; leaseUntil: Date | null } };

/**
 * Claims the step for one attempt, across tabs and replicas: a single conditional UPDATE that only matches
 * when nobody holds the step or the holder's lease has run out (its process died). Both databases evaluate
 * the condition under the row's write lock, so of two concurrent claims exactly one matches. The standing
 * result it replaces is returned, so an attempt that changed nothing (a refused input) can put it back.
 */
export async function claimStep(database: Database, federationId: string, step: StepId, actor: string, leaseMs = STEP_LEASE_MS): Promise<StepClaim> {
  await ensureStepRow(database, federationId, step);
  const key = { federationId_step: { federationId, step } };
  for (let tries = 0; tries < 3; tries++) {
    const row = await database.setupStep.findUnique({
      where: key,
      select: { status: true, error: true, attemptBy: true, attemptStartedAt: true, leaseUntil: true },
    });
    const now = new Date();
    const attemptId = randomUUID();
    const claimed = await database.setupStep.updateMany({
      // The status read above is part of the condition: if another attempt finished in between, read again.
      where: { federationId, step, status: row?.status, OR: [{ attemptId: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: {
        attemptId,
        attemptBy: actor,
        attemptStartedAt: now,
        leaseUntil: new Date(now.getTime() + leaseMs),
        attemptCreated: stepAttemptCreatedColumn.encode([]),
        status: "running",
        attempts: { increment: 1 },
        error: null,
      },
    });
    if (claimed.count === 1) return { ok: true, attemptId, previous: { status: row?.status ?? "not-started", error: row?.error ?? null } };
    const holder = await database.setupStep.findUnique({ where: key, select: { attemptId: true, attemptBy: true, attemptStartedAt: true, leaseUntil: true } });
    if (holder?.attemptId && holder.leaseUntil && holder.leaseUntil.getTime() >= Date.now())
      return { ok: false, holder: { by: holder.attemptBy, startedAt: holder.attemptStartedAt, leaseUntil: holder.leaseUntil } };
  }
  return { ok: false, holder: { by: null, startedAt: null, leaseUntil: null } };
}

/**
 * Ends an attempt that changed nothing because its input was refused (a wrong file, a malformed value): the
 * standing result it replaced comes back — a Done step stays Done — and the refusal is returned to the form only.
 */
export async function releaseRefusedAttempt(
  database: Database,
  federationId: string,
  step: StepId,
  attemptId: string,
  previous: { status: string; error: string | null },
  refusal: string,
) {
  await database.setupStep.updateMany({
    where: { federationId, step, attemptId },
    data: { attemptId: null, leaseUntil: null, ...(previous.status === "done" ? { status: "done", error: null } : { status: "failed", error: refusal }) },
  });
}

/** The holder's heartbeat: pushes the lease on while the attempt runs. False when the attempt no longer holds the step. */
export async function renewStepLease(database: Database, federationId: string, step: StepId, attemptId: string, leaseMs = STEP_LEASE_MS) {
  const renewed = await database.setupStep.updateMany({
    where: { federationId, step, attemptId },
    data: { leaseUntil: new Date(Date.now() + leaseMs) },
  });
  return renewed.count === 1;
}

/**
 * Records, while the attempt still runs, something it created (and the facts that identify it), so a crash
 * right after leaves both the ids for the re-run to adopt and a line the page can show ("may already exist").
 */
export async function recordCreated(
  database: Database,
  federationId: string,
  step: StepId,
  created: { facts: Partial<FederationFacts>; description: string },
): Promise<FederationFacts> {
  const facts = await mergeFacts(database, federationId, created.facts);
  const row = await database.setupStep.findUnique({ where: { federationId_step: { federationId, step } }, select: { attemptCreated: true, status: true } });
  if (row?.status === "running")
    await database.setupStep.updateMany({
      where: { federationId, step, status: "running" },
      data: { attemptCreated: stepAttemptCreatedColumn.encode([...stepAttemptCreatedColumn.decode(row.attemptCreated), created.description]) },
    });
  return facts;
}

/** The attempt's outcome: the step's standing result, written only by the attempt that holds the step. */
export async function recordStepOutcome(
  database: Database,
  federationId: string,
  step: StepId,
  attemptId: string,
  outcome: { ok: boolean; evidence?: Record<string, unknown>; error?: string; requestIds: string[]; actor: string },
) {
  const now = new Date();
  const written = await database.setupStep.updateMany({
    where: { federationId, step, attemptId },
    data: {
      status: outcome.ok ? "done" : "failed",
      evidence: outcome.evidence ? stepEvidenceColumn.encode(outcome.evidence) : undefined,
      error: outcome.ok ? null : (outcome.error ?? "failed"),
      requestIds: stepRequestIdsColumn.encode(outcome.requestIds.slice(-20)),
      verifiedAt: now,
      attemptId: null,
      leaseUntil: null,
      ...(outcome.ok ? { doneBy: outcome.actor, doneAt: now, attemptCreated: stepAttemptCreatedColumn.encode([]) } : {}),
    },
  });
  return written.count === 1;
}

/** A "Verify again": kept as the last check only; who did the step, its attempts and its status stay as they are. */
export async function recordStepCheck(
  database: Database,
  federationId: string,
  step: StepId,
  check: { result: StepCheck["result"]; message: string | null; by: string },
) {
  await ensureStepRow(database, federationId, step);
  await database.setupStep.update({
    where: { federationId_step: { federationId, step } },
    data: { checkResult: check.result, checkMessage: check.message, checkedAt: new Date(), checkedBy: check.by },
  });
}

/** Only what the federation has learned (no steps): for pages that show credentials or console values. */
export async function loadFacts(database: Database, federationId = DEFAULT_FEDERATION): Promise<FederationFacts> {
  const row = await database.federation.findUnique({ where: { id: federationId }, select: { facts: true } });
  return row ? federationFactsColumn.decode(row.facts) : {};
}

/**
 * loadFacts once per server render: the layout's expiry warnings and the page read the same row, so React's per-request
 * cache hands them one read. Outside a render (actions, the runner) every call reads again; never use it after a write.
 */
export const loadFactsForRender = cache((database: Database, federationId: string) => loadFacts(database, federationId));

/** Shallow-merges what a step learned into the federation's facts. */
export async function mergeFacts(database: Database, federationId: string, patch: Partial<FederationFacts>) {
  const current = await database.federation.findUniqueOrThrow({ where: { id: federationId }, select: { facts: true } });
  const facts = { ...federationFactsColumn.decode(current.facts), ...patch };
  await database.federation.update({ where: { id: federationId }, data: { facts: federationFactsColumn.encode(facts) } });
  return facts;
}
