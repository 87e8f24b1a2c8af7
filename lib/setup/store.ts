import "server-only";
import type { Database } from "../db";
import { federationFactsColumn, stepEvidenceColumn, stepRequestIdsColumn } from "../federation/columns";
import type { FederationFacts } from "./facts";
import { STEPS, type StepDefinition, type StepId } from "./steps";

export const DEFAULT_FEDERATION = "default";

export type StepStatus = "not-started" | "running" | "done" | "failed";

export interface StepState {
  status: StepStatus;
  attempts: number;
  evidence: Record<string, unknown> | null;
  error: string | null;
  requestIds: string[];
  doneBy: string | null;
  doneAt: Date | null;
  verifiedAt: Date | null;
}

export interface ChecklistStep extends StepDefinition {
  state: StepState;
  /** Prerequisites not done yet. */
  blockedBy: StepId[];
}

export interface Checklist {
  federationId: string;
  facts: FederationFacts;
  steps: ChecklistStep[];
  done: number;
  total: number;
  hasScimToken: boolean;
}

const EMPTY: StepState = { status: "not-started", attempts: 0, evidence: null, error: null, requestIds: [], doneBy: null, doneAt: null, verifiedAt: null };

export async function ensureFederation(database: Database, federationId = DEFAULT_FEDERATION) {
  return database.federation.upsert({ where: { id: federationId }, create: { id: federationId, mode: "identity-center" }, update: {} });
}

/** Read-only: a federation nobody has started yet is simply empty (the first step run creates it). */
export async function loadChecklist(database: Database, federationId = DEFAULT_FEDERATION): Promise<Checklist> {
  const [federation, rows] = await Promise.all([
    database.federation.findUnique({ where: { id: federationId }, omit: { scimToken: false } }),
    database.setupStep.findMany({ where: { federationId } }),
  ]);
  const byId = new Map(rows.map((row) => [row.step, row]));
  const states = new Map<StepId, StepState>(
    STEPS.map((step) => {
      const row = byId.get(step.id);
      if (!row) return [step.id, EMPTY];
      return [
        step.id,
        {
          status: row.status as StepStatus,
          attempts: row.attempts,
          evidence: stepEvidenceColumn.decodeNullable(row.evidence),
          error: row.error,
          requestIds: stepRequestIdsColumn.decode(row.requestIds),
          doneBy: row.doneBy,
          doneAt: row.doneAt,
          verifiedAt: row.verifiedAt,
        },
      ];
    }),
  );
  const steps = STEPS.map((step) => ({
    ...step,
    state: states.get(step.id) ?? EMPTY,
    blockedBy: step.requires.filter((id) => states.get(id)?.status !== "done"),
  }));
  return {
    federationId,
    facts: federation ? federationFactsColumn.decode(federation.facts) : {},
    steps,
    done: steps.filter((s) => s.state.status === "done").length,
    total: steps.length,
    hasScimToken: Boolean(federation?.scimToken),
  };
}

export async function markStepRunning(database: Database, federationId: string, step: StepId) {
  await ensureFederation(database, federationId);
  await database.setupStep.upsert({
    where: { federationId_step: { federationId, step } },
    create: { federationId, step, status: "running", attempts: 1 },
    update: { status: "running", attempts: { increment: 1 }, error: null },
  });
}

export async function recordStepOutcome(
  database: Database,
  federationId: string,
  step: StepId,
  outcome: { ok: boolean; evidence?: Record<string, unknown>; error?: string; requestIds: string[]; actor: string },
) {
  const now = new Date();
  const data = {
    status: outcome.ok ? "done" : "failed",
    evidence: outcome.evidence ? stepEvidenceColumn.encode(outcome.evidence) : undefined,
    error: outcome.ok ? null : (outcome.error ?? "failed"),
    requestIds: stepRequestIdsColumn.encode(outcome.requestIds.slice(-20)),
    verifiedAt: now,
    ...(outcome.ok ? { doneBy: outcome.actor, doneAt: now } : {}),
  };
  await database.setupStep.upsert({
    where: { federationId_step: { federationId, step } },
    create: { federationId, step, attempts: 1, ...data },
    update: data,
  });
}

/** Only what the federation has learned (no steps): for pages that show credentials or console values. */
export async function loadFacts(database: Database, federationId = DEFAULT_FEDERATION): Promise<FederationFacts> {
  const row = await database.federation.findUnique({ where: { id: federationId }, select: { facts: true } });
  return row ? federationFactsColumn.decode(row.facts) : {};
}

/** Shallow-merges what a step learned into the federation's facts. */
export async function mergeFacts(database: Database, federationId: string, patch: Partial<FederationFacts>) {
  const current = await database.federation.findUniqueOrThrow({ where: { id: federationId }, select: { facts: true } });
  const facts = { ...federationFactsColumn.decode(current.facts), ...patch };
  await database.federation.update({ where: { id: federationId }, data: { facts: federationFactsColumn.encode(facts) } });
  return facts;
}
