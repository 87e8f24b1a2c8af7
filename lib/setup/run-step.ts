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
import { StepError, type SetupContext, type StepOutcome } from "./context";
import type { FederationFacts } from "./facts";
import { previewSetupStep } from "./preview";
import { SETUP_STEPS } from "./implementations";
import { DEFAULT_FEDERATION, loadChecklist, loadFacts, markStepRunning, mergeFacts, recordStepOutcome } from "./store";
import { stepById, type StepId } from "./steps";

export type StepRunResult = { ok: true; message: string; evidence: Record<string, unknown> } | { ok: false; message: string; problem?: Problem };

/** Turns any failure into the plain-language message the step card shows (lib/problems); unexpected errors are rethrown. */
export function describeFailure(error: unknown): { message: string; problem?: Problem } {
  if (error instanceof StepError) return { message: error.message };
  const problem = toProblem(error);
  if (problem) return { message: problemLine(problem), problem };
  throw error;
}

/**
 * Runs one checklist step (mode "run": do it, then verify) or only its verification ("verify"). The
 * step is marked running, then done with its evidence or failed with the reason; facts it learned are
 * kept for later steps. Nothing here is skipped on a retry: every implementation adopts what exists.
 */
export async function runSetupStep(
  database: Database,
  stepId: StepId,
  mode: "run" | "verify",
  rawInput: unknown,
  actor: { email: string; name: string },
  federationId = DEFAULT_FEDERATION,
): Promise<StepRunResult> {
  const implementation = SETUP_STEPS[stepId];
  const step = stepById(stepId);
  if (!implementation) return { ok: false, message: `${step.title} cannot be run from this version of the portal yet.` };
  const checklist = await loadChecklist(database, federationId);
  const current = checklist.steps.find((s) => s.id === stepId);
  if (mode === "run" && current?.blockedBy.length) {
    const names = current.blockedBy.map((id) => `${stepById(id).number}. ${stepById(id).title}`).join(", ");
    return { ok: false, message: `Finish these steps first: ${names}.` };
  }
  if (mode === "run" && !implementation.run) mode = "verify";

  const { context, dispose } = await createContext(database, checklist.facts, actor, federationId);
  await markStepRunning(database, federationId, stepId);
  // The step's own scope: its record keeps the ids of this attempt only; they reach an enclosing action's audit row too.
  return withRequestScope(
    async (): Promise<StepRunResult> => {
      try {
        const learn = async (outcome: StepOutcome) => {
          if (outcome.facts) context.facts = await mergeFacts(database, federationId, outcome.facts);
          return outcome;
        };
        if (mode === "run" && implementation.run) await learn(await implementation.run(context, rawInput));
        const verified = await learn(await implementation.verify(context));
        await recordStepOutcome(database, federationId, stepId, { ok: true, evidence: verified.evidence, requestIds: requestIdsInScope(), actor: actor.email });
        return { ok: true, message: `${step.title}: done and verified.`, evidence: verified.evidence };
      } catch (error) {
        const failure = describeFailure(error);
        await recordStepOutcome(database, federationId, stepId, { ok: false, error: failure.message, requestIds: requestIdsInScope(), actor: actor.email });
        return { ok: false, message: failure.message, problem: failure.problem };
      } finally {
        dispose();
      }
    },
    { actor },
  );
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
        const preview = await previewSetupStep(context, stepId, rawInput);
        return { ok: true as const, changes: preview.changes };
      } catch (error) {
        const failure = describeFailure(error);
        return { ok: false as const, message: failure.message };
      } finally {
        dispose();
      }
    },
    { actor },
  );
}
