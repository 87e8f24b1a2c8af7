import "server-only";
import { accessPortalStartUrl } from "../aws/access-portal";
import { createAwsClients, resolveAwsTarget, type AwsClients } from "../aws/clients";
import { env } from "../config/env";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { getAwsConnection } from "../settings/connections";
import { DEFAULT_FEDERATION, loadChecklist } from "../setup/store";
import { diagnoseUser, type DiagnoseInput } from "./diagnose";
import type { PlanMode } from "./plan";
import type { DiagnosisReport } from "./types";

export interface RunDiagnosisOptions {
  federationId?: string;
  mode?: PlanMode;
  /** Tests and the benchmark pass their own gateways; the portal uses the stored connections. */
  graph?: () => Promise<GraphGateway>;
  aws?: AwsClients;
}

/**
 * The helpdesk check against the stored connections and the federation's facts (what setup learned is read,
 * never asked again). AWS clients retry less than setup's: a person is waiting, and "AWS down" must show quickly.
 */
export async function runDiagnosis(database: Database, input: DiagnoseInput, options: RunDiagnosisOptions = {}): Promise<DiagnosisReport> {
  const federationId = options.federationId ?? DEFAULT_FEDERATION;
  const { facts } = await loadChecklist(database, federationId);
  let clients = options.aws;
  const owned = !clients;
  const target = clients?.target ?? resolveAwsTarget(await getAwsConnection(database), env());
  try {
    return await diagnoseUser(
      {
        database,
        federationId,
        facts,
        mode: options.mode,
        graph: options.graph ?? (() => entraGatewayFor(database)),
        aws: () => (clients ??= createAwsClients(target, { maxAttempts: 2, requestTimeoutMs: 5_000, connectionTimeoutMs: 2_000 })),
        // The sandbox serves its own portal; live, the URL AWS's metadata gave setup is the one to try.
        accessPortalUrl: (identityStoreId) => (target.kind === "sandbox" ? accessPortalStartUrl(target, identityStoreId) : (facts.spMetadata?.accessPortalUrl ?? accessPortalStartUrl(target, identityStoreId))),
      },
      input,
    );
  } finally {
    if (owned) clients?.destroy();
  }
}
