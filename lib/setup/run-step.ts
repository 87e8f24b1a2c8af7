import "server-only";
import { createAwsClients, resolveAwsTarget, type AwsClients } from "../aws/clients";
import { isAwsGatewayError } from "../aws/errors";
import { env } from "../config/env";
import { keyring } from "../crypto/keyring";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import { isEntraGatewayError } from "../entra/errors";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { getAwsConnection } from "../settings/connections";
import { StepError, type SetupContext, type StepOutcome } from "./context";
import type { FederationFacts } from "./facts";
import { previewSetupStep } from "./preview";
import { StepInputError } from "./step-input-error";
import {
  claimStep,
  DEFAULT_FEDERATION,
  loadChecklist,
  loadFacts,
  mergeFacts,
  recordStepCheck,
  recordStepOutcome,
  releaseRefusedAttempt,
  renewStepLease,
  STEP_LEASE_MS,
  type StepCheck,
} from "./store";
import { registeredSteps } from "./registry";
import { stepById } from "./step-ref";
import type { StepId } from "./steps";

export type StepRunResult =
  | { ok: true; message: string; evidence: Record<string, unknown>; requestIds: string[] }
  | { ok: false; message: string; requestIds: string[]; fieldErrors?: Record<string, string[]> };

/** Bad input's messages by field, for the form to show beside each field. */
const fieldErrorsOf = (error: unknown) => (error instanceof StepError ? error.fieldErrors : undefined);

/** Turns any failure into the plain-language message the step card shows, with request ids kept. */
export function describeFailure(error: unknown): { message: string; requestIds: string[] } {
  if (error instanceof StepError) return { message: error.message, requestIds: error.requestIds };
  if (isAwsGatewayError(error))
    return { message: `${error.message}${error.requestId ? ` (AWS request ${error.requestId})` : ""}`, requestIds: error.requestId ? [error.requestId] : [] };
  if (isEntraGatewayError(error))
    return { message: `${error.message}${error.requestId ? ` (Graph request ${error.requestId})` : ""}`, requestIds: error.requestId ? [error.requestId] : [] };
  throw error;
}

/** Failures that say nothing about the step itself: the portal could not ask (throttling, outage, timeout, its own access). */
export function isCouldNotVerify(error: unknown): boolean {
  if (isEntraGatewayError(error)) return ["throttled", "unavailable", "timeout", "replicating", "auth", "forbidden", "unknown"].includes(error.kind);
  if (isAwsGatewayError(error)) return ["throttled", "unavailable", "timeout", "access-denied", "unknown"].includes(error.kind);
  return false;
}

const utc = (date: Date | null) => (date ? `${date.toISOString().replace("T", " ").slice(0, 16)} UTC` : "an unknown time");

export interface RunOptions {
  /** How long the attempt holds the step without a heartbeat (tests shorten it to see an interrupted attempt). */
  leaseMs?: number;
}

/**
 * Runs one checklist step (mode "run": do it, then verify) or only checks it ("verify").
 *
 * A run is an attempt: it first claims the step in the database (one attempt per step at a time, across tabs and
 * replicas; a second click is refused and told who holds it), keeps the claim alive with a heartbeat, and records
 * the step's outcome — done with its evidence, or failed with the reason. A process that dies mid-attempt leaves
 * the claim to expire: the step then shows as interrupted, with what the attempt had already created, and the
 * re-run adopts it. A step with nothing to run (console steps, preflight) is run by checking it.
 *
 * A verify changes nothing but the step's last check: who did the step, its attempts and its status stay, and
 * an upstream fault is "could not verify", never a failed step.
 */
export async function runSetupStep(
  database: Database,
  stepId: StepId,
  mode: "run" | "verify",
  rawInput: unknown,
  actor: { email: string; name: string },
  federationId = DEFAULT_FEDERATION,
  options: RunOptions = {},
): Promise<StepRunResult> {
  const checklist = await loadChecklist(database, federationId);
  const implementation = registeredSteps(checklist.mode)[stepId];
  const step = stepById(stepId, checklist.mode);
  if (!implementation) return { ok: false, message: `${step.title} is not a step of this federation's checklist.`, requestIds: [] };
  if (mode === "verify") return checkStep(database, stepId, actor, federationId, checklist);

  const current = checklist.steps.find((s) => s.id === stepId);
  if (current?.blockedBy.length) {
    const names = current.blockedBy.map((id) => `${stepById(id, checklist.mode).number}. ${stepById(id, checklist.mode).title}`).join(", ");
    return { ok: false, message: `Finish these steps first: ${names}.`, requestIds: [] };
  }
  const leaseMs = options.leaseMs ?? STEP_LEASE_MS;
  const claim = await claimStep(database, federationId, stepId, actor.email, leaseMs);
  if (!claim.ok)
    return {
      ok: false,
      message: `${step.title} is already running: started by ${claim.holder.by ?? "someone"} at ${utc(claim.holder.startedAt)}. Wait for it to finish; if its server stopped, the step shows as interrupted and can be run again.`,
      requestIds: [],
    };
  const heartbeat = setInterval(() => {
    renewStepLease(database, federationId, stepId, claim.attemptId, leaseMs).catch(() => undefined);
  }, Math.max(100, Math.floor(leaseMs / 3)));

  const { context, dispose } = await createContext(database, checklist.facts, actor, federationId);
  const requestIds: string[] = [];
  try {
    const learn = async (outcome: StepOutcome) => {
      requestIds.push(...outcome.requestIds);
      if (outcome.facts) context.facts = await mergeFacts(database, federationId, outcome.facts);
      return outcome;
    };
    if (implementation.run) await learn(await implementation.run(context, rawInput));
    const verified = await learn(await implementation.verify(context));
    await recordStepOutcome(database, federationId, stepId, claim.attemptId, { ok: true, evidence: verified.evidence, requestIds, actor: actor.email });
    return { ok: true, message: `${step.title}: done and verified.`, evidence: verified.evidence, requestIds };
  } catch (error) {
    const failure = describeFailure(error);
    requestIds.push(...failure.requestIds);
    if (error instanceof StepInputError) await releaseRefusedAttempt(database, federationId, stepId, claim.attemptId, claim.previous, failure.message);
    else await recordStepOutcome(database, federationId, stepId, claim.attemptId, { ok: false, error: failure.message, requestIds, actor: actor.email });
    return { ok: false, message: failure.message, requestIds, fieldErrors: fieldErrorsOf(error) };
  } finally {
    clearInterval(heartbeat);
    dispose();
  }
}

/** "Verify again": computes the result and keeps it as the step's last check only. */
async function checkStep(
  database: Database,
  stepId: StepId,
  actor: { email: string; name: string },
  federationId: string,
  checklist: { mode: string; facts: FederationFacts },
): Promise<StepRunResult> {
  const implementation = registeredSteps(checklist.mode)[stepId];
  const step = stepById(stepId, checklist.mode);
  if (!implementation) return { ok: false, message: `${step.title} is not a step of this federation's checklist.`, requestIds: [] };
  const { context, dispose } = await createContext(database, checklist.facts, actor, federationId);
  try {
    const verified = await implementation.verify(context);
    // What a check learns about live state (an instance ARN, a lint) is kept; the step's outcome is not touched.
    if (verified.facts) await mergeFacts(database, federationId, verified.facts);
    await recordStepCheck(database, federationId, stepId, { result: "ok", message: null, by: actor.email });
    return { ok: true, message: `${step.title}: verified.`, evidence: verified.evidence, requestIds: verified.requestIds };
  } catch (error) {
    const failure = describeFailure(error);
    const result: StepCheck["result"] = isCouldNotVerify(error) ? "could-not-verify" : "failed";
    await recordStepCheck(database, federationId, stepId, { result, message: failure.message, by: actor.email });
    const message = result === "could-not-verify" ? `Could not verify ${step.title}: ${failure.message}` : `${step.title}: the check found a problem: ${failure.message}`;
    return { ok: false, message, requestIds: failure.requestIds };
  } finally {
    dispose();
  }
}

/**
 * Whether a caller allowed to run steps completes this one by checking it: a step with nothing to run (preflight,
 * console steps) that is not done yet. Its "Verify again" is then its run; once done, a check is only a check.
 */
export async function completesByCheck(database: Database, stepId: StepId, federationId = DEFAULT_FEDERATION): Promise<boolean> {
  const checklist = await loadChecklist(database, federationId);
  if (registeredSteps(checklist.mode)[stepId]?.run) return false;
  return checklist.steps.find((s) => s.id === stepId)?.state.status !== "done";
}

/** The context steps run in: facts so far, gateways built on first use. */
async function createContext(database: Database, facts: FederationFacts, actor: { email: string; name: string }, federationId: string) {
  let clients: AwsClients | undefined;
  let gateway: Promise<GraphGateway> | undefined;
  const awsConnection = await getAwsConnection(database);
  const context: SetupContext = {
    database,
    federationId,
    facts,
    actor,
    isSandbox: env().IB_MODE === "sandbox",
    sandboxUrl: env().SANDBOX_URL,
    keyring: keyring(),
    aws: () => (clients ??= createAwsClients(resolveAwsTarget(awsConnection, env()))),
    entra: () => (gateway ??= entraGatewayFor(database)),
  };
  return { context, dispose: () => clients?.destroy() };
}

/** Runs work that is not a checklist step (token rotation, certificate rollover) in the same context the steps get. */
export async function withSetupContext<T>(
  database: Database,
  actor: { email: string; name: string },
  federationId: string,
  work: (context: SetupContext) => Promise<T>,
): Promise<T> {
  const { context, dispose } = await createContext(database, await loadFacts(database, federationId), actor, federationId);
  try {
    return await work(context);
  } finally {
    dispose();
  }
}

/** What running a step would change, without changing anything. */
export async function previewStep(
  database: Database,
  stepId: StepId,
  rawInput: unknown,
  actor: { email: string; name: string },
  federationId = DEFAULT_FEDERATION,
) {
  const checklist = await loadChecklist(database, federationId);
  const { context, dispose } = await createContext(database, checklist.facts, actor, federationId);
  try {
    const preview = await previewSetupStep(context, stepId, rawInput, checklist.mode);
    return { ok: true as const, changes: preview.changes, requestIds: preview.requestIds };
  } catch (error) {
    const failure = describeFailure(error);
    return { ok: false as const, message: failure.message, requestIds: failure.requestIds, fieldErrors: fieldErrorsOf(error) };
  } finally {
    dispose();
  }
}
