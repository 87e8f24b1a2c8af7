import "server-only";
import { accessPortalStartUrl } from "../aws/access-portal";
import { createAwsClients, resolveAwsTarget, type AwsClients, type AwsTarget } from "../aws/clients";
import { isAwsGatewayError } from "../aws/errors";
import { env } from "../config/env";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { withRequestScope } from "../request-context";
import { getAwsConnection } from "../settings/connections";
import { DEFAULT_FEDERATION, loadChecklist } from "../setup/store";
import { diagnoseUser, type DiagnoseInput } from "./diagnose";
import { launchUrl } from "../sign-in/legacy-evidence";
import { diagnoseLegacyUser } from "./legacy-diagnose";
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
 * A run is its own request scope (nested in the action's or page's when there is one).
 */
export function runDiagnosis(database: Database, input: DiagnoseInput, options: RunDiagnosisOptions = {}): Promise<DiagnosisReport> {
  return withRequestScope(() => diagnoseInScope(database, input, options));
}

async function diagnoseInScope(database: Database, input: DiagnoseInput, options: RunDiagnosisOptions): Promise<DiagnosisReport> {
  const federationId = options.federationId ?? DEFAULT_FEDERATION;
  const { facts, mode: federationMode } = await loadChecklist(database, federationId);
  let clients = options.aws;
  const owned = !clients;
  // A live AWS connection that is not configured is an answer for the AWS lines ("could not check: …"), not a crash.
  let target: AwsTarget | undefined = clients?.target;
  let targetError: unknown;
  if (!target) {
    try {
      target = resolveAwsTarget(await getAwsConnection(database), env());
    } catch (error) {
      if (!isAwsGatewayError(error)) throw error;
      targetError = error;
    }
  }
  const awsTarget = target;
  try {
    const deps = {
      database,
      federationId,
      facts,
      mode: options.mode,
      graph: options.graph ?? (() => entraGatewayFor(database)),
      aws: () => {
        if (!awsTarget) throw targetError;
        return (clients ??= createAwsClients(awsTarget, { maxAttempts: 2, requestTimeoutMs: 5_000, connectionTimeoutMs: 2_000 }));
      },
      // The sandbox serves its own portal; live, the URL AWS's metadata gave setup is the one to try.
      accessPortalUrl: (identityStoreId: string) =>
        awsTarget?.kind === "sandbox" ? accessPortalStartUrl(awsTarget, identityStoreId) : (facts.spMetadata?.accessPortalUrl ?? `https://${identityStoreId}.awsapps.com/start`),
    };
    // A legacy per-account federation has no Identity Center or provisioning: its own chain, from the app's roles to IAM.
    if (federationMode === "legacy-iam")
      return await diagnoseLegacyUser({ ...deps, launchUrl: (appId) => launchUrl(appId, awsTarget?.kind === "sandbox" ? { sandboxUrl: awsTarget.sandboxUrl } : null) }, input);
    return await diagnoseUser(deps, input);
  } finally {
    if (owned) clients?.destroy();
  }
}
