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
import { SETUP_STEPS } from "./implementations";
import { DEFAULT_FEDERATION, loadChecklist, loadFacts, markStepRunning, mergeFacts, recordStepOutcome } from "./store";
import { stepById } from "./step-ref";
import type { StepId } from "./steps";

export type StepRunResult =
  | { ok: true; message: string; evidence: Record<string, unknown>; requestIds: string[] }
  | { ok: false; message: string; requestIds: string[]; fieldErrors?: Record<string, string[]> };

/** Turns any failure into the plain-language message the step card shows, with request ids kept. */
export function describeFailure(error: unknown): { message: string; requestIds: string[] } {
  if (error instanceof StepError) return { message: error.message, requestIds: error.requestIds };
  if (isAwsGatewayError(error))
    return { message: `${error.message}${error.requestId ? ` (AWS request ${error.requestId})` : ""}`, requestIds: error.requestId ? [error.requestId] : [] };
  if (isEntraGatewayError(error))
    return { message: `${error.message}${error.requestId ? ` (Graph request ${error.requestId})` : ""}`, requestIds: error.requestId ? [error.requestId] : [] };
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
  if (!implementation) return { ok: false, message: `${step.title} cannot be run from this version of the portal yet.`, requestIds: [] };
  const checklist = await loadChecklist(database, federationId);
  const current = checklist.steps.find((s) => s.id === stepId);
  if (mode === "run" && current?.blockedBy.length) {
    const names = current.blockedBy.map((id) => `${stepById(id).number}. ${stepById(id).title}`).join(", ");
    return { ok: false, message: `Finish these steps first: ${names}.`, requestIds: [] };
  }
  if (mode === "run" && !implementation.run) mode = "verify";

  const { context, dispose } = await createContext(database, checklist.facts, actor, federationId);
  await markStepRunning(database, federationId, stepId);
  const requestIds: string[] = [];
  try {
    const learn = async (outcome: StepOutcome) => {
      requestIds.push(...outcome.requestIds);
      if (outcome.facts) context.facts = await mergeFacts(database, federationId, outcome.facts);
      return outcome;
    };
    if (mode === "run" && implementation.run) await learn(await implementation.run(context, rawInput));
    const verified = await learn(await implementation.verify(context));
    await recordStepOutcome(database, federationId, stepId, { ok: true, evidence: verified.evidence, requestIds, actor: actor.email });
    return { ok: true, message: `${step.title}: done and verified.`, evidence: verified.evidence, requestIds };
  } catch (error) {
    const failure = describeFailure(error);
    requestIds.push(...failure.requestIds);
    await recordStepOutcome(database, federationId, stepId, { ok: false, error: failure.message, requestIds, actor: actor.email });
    return { ok: false, message: failure.message, requestIds, fieldErrors: error instanceof StepError ? error.fieldErrors : undefined };
  } finally {
    dispose();
  }
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
    const preview = await previewSetupStep(context, stepId, rawInput);
    return { ok: true as const, changes: preview.changes, requestIds: preview.requestIds };
  } catch (error) {
    const failure = describeFailure(error);
    return {
      ok: false as const,
      message: failure.message,
      requestIds: failure.requestIds,
      fieldErrors: error instanceof StepError ? error.fieldErrors : undefined,
    };
  } finally {
    dispose();
  }
}
