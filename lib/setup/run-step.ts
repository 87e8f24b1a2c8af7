import "server-only";
import { createAwsClients, resolveAwsTarget, type AwsClients } from "../aws/clients";
import { env } from "../config/env";
import { keyring } from "../crypto/keyring";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { problemLine, toProblem, type Problem } from "../problems/problem";
import { requestIdsInScope, withRequestScope } from "../request-context";
import { getAwsConnection } from "../settings/connections";
import { StepError, type SetupContext, type StepOutcome, type StepProgress } from "./context";
import type { FederationFacts } from "./facts";
import { previewSetupStep } from "./preview";
import { publishSetupEvent } from "./progress";
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
import { stepById } from "./step-definitions";
import type { StepId } from "./steps";

export type StepRunResult =
  { ok: true; message: string; evidence: Record<string, unknown> } | { ok: false; message: string; problem?: Problem; fieldErrors?: Record<string, string[]> };

/** Bad input's messages by field, for the form to show beside each field. */
const fieldErrorsOf = (error: unknown) => (error instanceof StepError ? error.fieldErrors : undefined);

/** Turns any failure into the plain-language message the step card shows (lib/problems); unexpected errors are rethrown. */
export function describeFailure(error: unknown): { message: string; problem?: Problem } {
  if (error instanceof StepError) return { message: error.message };
  const problem = toProblem(error);
  if (problem) return { message: problemLine(problem), problem };
  throw error;
}

/** Beyond the transient ones: the portal's own access to Entra or AWS is refused, or the answer was not understood. */
const COULD_NOT_ASK: Partial<Record<Problem["source"], readonly string[]>> = {
  entra: ["auth", "forbidden", "unknown"],
  "identity-platform": ["auth", "forbidden", "unknown"],
  aws: ["access-denied", "unknown"],
};

/**
 * Failures that say nothing about the step itself: the portal could not ask (throttling, outage, timeout — the
 * problem is transient — or its own access). An AWS conflict is transient but is an answer about the step.
 */
export function isCouldNotVerify(error: unknown): boolean {
  const problem = toProblem(error);
  if (!problem || problem.source === "portal" || problem.source === "scim") return false;
  if (problem.transient) return !(problem.source === "aws" && problem.kind === "conflict");
  return COULD_NOT_ASK[problem.source]?.includes(problem.kind) ?? false;
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
  // A step of the other mode's checklist (the step ids are one vocabulary) is refused before it is looked up.
  if (!implementation) return { ok: false, message: `"${stepId}" is not a step of this federation's checklist.` };
  const step = stepById(stepId, checklist.mode);
  if (mode === "verify") return checkStep(database, stepId, actor, federationId, checklist);

  const current = checklist.steps.find((s) => s.id === stepId);
  if (current?.blockedBy.length) {
    const names = current.blockedBy.map((id) => `${stepById(id, checklist.mode).number}. ${stepById(id, checklist.mode).title}`).join(", ");
    return { ok: false, message: `Finish these steps first: ${names}.` };
  }
  const leaseMs = options.leaseMs ?? STEP_LEASE_MS;
  const claim = await claimStep(database, federationId, stepId, actor.email, leaseMs);
  if (!claim.ok)
    return {
      ok: false,
      message: `${step.title} is already running: started by ${claim.holder.by ?? "someone"} at ${utc(claim.holder.startedAt)}. Wait for it to finish; if its server stopped, the step shows as interrupted and can be run again.`,
    };
  const heartbeat = setInterval(
    () => {
      renewStepLease(database, federationId, stepId, claim.attemptId, leaseMs).catch(() => undefined);
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );

  const startedAt = new Date().toISOString();
  publishSetupEvent({ type: "step", federationId, step: stepId, status: "running" });
  const onProgress = (progress: StepProgress) => publishSetupEvent({ type: "progress", federationId, step: stepId, startedAt, ...progress });
  const { context, dispose } = await createContext(database, checklist.facts, actor, federationId, onProgress);
  // The attempt's own scope: its record keeps the ids of this attempt only; they reach an enclosing action's audit row too.
  return withRequestScope(
    async (): Promise<StepRunResult> => {
      try {
        const learn = async (outcome: StepOutcome) => {
          if (outcome.facts) context.facts = await mergeFacts(database, federationId, outcome.facts);
          return outcome;
        };
        if (implementation.run) await learn(await implementation.run(context, rawInput));
        const verified = await learn(await implementation.verify(context));
        await recordStepOutcome(database, federationId, stepId, claim.attemptId, {
          ok: true,
          evidence: verified.evidence,
          requestIds: requestIdsInScope(),
          actor: actor.email,
        });
        publishSetupEvent({ type: "step", federationId, step: stepId, status: "done" });
        return { ok: true, message: `${step.title}: done and verified.`, evidence: verified.evidence };
      } catch (error) {
        const failure = describeFailure(error);
        if (error instanceof StepInputError) await releaseRefusedAttempt(database, federationId, stepId, claim.attemptId, claim.previous, failure.message);
        else
          await recordStepOutcome(database, federationId, stepId, claim.attemptId, {
            ok: false,
            error: failure.message,
            requestIds: requestIdsInScope(),
            actor: actor.email,
          });
        publishSetupEvent({ type: "step", federationId, step: stepId, status: "failed" });
        return { ok: false, message: failure.message, problem: failure.problem, fieldErrors: fieldErrorsOf(error) };
      } finally {
        clearInterval(heartbeat);
        dispose();
      }
    },
    { actor },
  );
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
  // A step of the other mode's checklist (the step ids are one vocabulary) is refused before it is looked up.
  if (!implementation) return { ok: false, message: `"${stepId}" is not a step of this federation's checklist.` };
  const step = stepById(stepId, checklist.mode);
  const { context, dispose } = await createContext(database, checklist.facts, actor, federationId);
  // The check's own scope: its request ids reach an enclosing action's audit row; the step's record is not touched.
  return withRequestScope(
    async (): Promise<StepRunResult> => {
      try {
        const verified = await implementation.verify(context);
        // The check is recorded first: it creates the federation's row when nobody has run a step yet.
        await recordStepCheck(database, federationId, stepId, { result: "ok", message: null, by: actor.email });
        // What a check learns about live state (an instance ARN, a lint) is kept; the step's outcome is not touched.
        if (verified.facts) await mergeFacts(database, federationId, verified.facts);
        return { ok: true, message: `${step.title}: verified.`, evidence: verified.evidence };
      } catch (error) {
        const failure = describeFailure(error);
        const result: StepCheck["result"] = isCouldNotVerify(error) ? "could-not-verify" : "failed";
        await recordStepCheck(database, federationId, stepId, { result, message: failure.message, by: actor.email });
        const message =
          result === "could-not-verify" ? `Could not verify ${step.title}: ${failure.message}` : `${step.title}: the check found a problem: ${failure.message}`;
        return { ok: false, message, problem: failure.problem };
      } finally {
        dispose();
      }
    },
    { actor },
  );
}

/**
 * Looks for the evidence of a step a person does (the instance exists, the access portal redirects to Entra) without
 * recording anything: no last check, no facts, no outcome. The page asks this while the step's card is open; once
 * the evidence is there it completes the step with one audited verify. Only for steps with nothing to run.
 */
export async function probeStep(
  database: Database,
  stepId: StepId,
  actor: { email: string; name: string },
  federationId = DEFAULT_FEDERATION,
): Promise<{ ready: boolean; message: string }> {
  const checklist = await loadChecklist(database, federationId);
  const implementation = registeredSteps(checklist.mode)[stepId];
  const step = stepById(stepId, checklist.mode);
  if (!implementation || implementation.run) return { ready: false, message: `${step.title} is not a step the portal watches for.` };
  const { context, dispose } = await createContext(database, checklist.facts, actor, federationId);
  return withRequestScope(
    async () => {
      try {
        await implementation.verify(context);
        return { ready: true, message: `${step.title}: found it.` };
      } catch (error) {
        return { ready: false, message: describeFailure(error).message };
      } finally {
        dispose();
      }
    },
    { actor },
  );
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
async function createContext(
  database: Database,
  facts: FederationFacts,
  actor: { email: string; name: string },
  federationId: string,
  onProgress?: (progress: StepProgress) => void,
) {
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
    onProgress,
  };
  return { context, dispose: () => clients?.destroy() };
}

/** Runs work that is not a checklist step (token rotation, certificate rollover) in the same context the steps get. */
export async function withSetupContext<T>(
  database: Database,
  actor: { email: string; name: string },
  federationId: string,
  work: (context: SetupContext) => Promise<T>,
  onProgress?: (progress: StepProgress) => void,
): Promise<T> {
  const { context, dispose } = await createContext(database, await loadFacts(database, federationId), actor, federationId, onProgress);
  return withRequestScope(
    async () => {
      try {
        return await work(context);
      } finally {
        dispose();
      }
    },
    { actor },
  );
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
  return withRequestScope(
    async () => {
      try {
        const preview = await previewSetupStep(context, stepId, rawInput, checklist.mode);
        return { ok: true as const, changes: preview.changes };
      } catch (error) {
        const failure = describeFailure(error);
        return { ok: false as const, message: failure.message, fieldErrors: fieldErrorsOf(error) };
      } finally {
        dispose();
      }
    },
    { actor },
  );
}
