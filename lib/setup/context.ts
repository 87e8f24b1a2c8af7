import "server-only";
import type { AwsClients } from "../aws/clients";
import type { Keyring } from "../crypto/secrets";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import type { FederationFacts } from "./facts";

/** What a step implementation gets: the facts so far, the gateways (built on first use), who acts. */
export interface SetupContext {
  database: Database;
  federationId: string;
  facts: FederationFacts;
  actor: { email: string; name: string };
  isSandbox: boolean;
  sandboxUrl: string;
  keyring: Keyring;
  aws(): AwsClients;
  entra(): Promise<GraphGateway>;
  /** Progress of long waits (replication, provisioning, jobs), pushed to the open page while the step runs. */
  onProgress?(progress: StepProgress): void;
}

/**
 * What a long step is waiting for, as it happens: the thing awaited in words, the attempt (polls or retries so
 * far), and how much is left where the step knows (2 of 3 permission sets, 4 of 6 assignments). The runner adds
 * the step and when its attempt started, so the page shows elapsed time too.
 */
export interface StepProgress {
  waitingFor: string;
  attempt?: number;
  /** Work left where known, in words ("2 of 3 permission sets left"). */
  left?: string;
  /** When the step checks again, in ms from now. */
  nextCheckMs?: number;
}

export interface StepOutcome {
  facts?: Partial<FederationFacts>;
  evidence: Record<string, unknown>;
}

/**
 * An expected failure, in plain language for the admin (the upstream request ids are in the request context), and
 * for bad input the message of each field by its path ("endpoint", "sets.0.name") so it shows beside the field.
 */
export class StepError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "StepError";
  }
}

/** A fact an earlier step must have learned; its absence is the plain-language reason the step cannot go on. */
export function requireFact<K extends keyof FederationFacts>(context: SetupContext, key: K, missing: string): NonNullable<FederationFacts[K]> {
  const value = context.facts[key];
  if (!value) throw new StepError(missing);
  return value as NonNullable<FederationFacts[K]>;
}
