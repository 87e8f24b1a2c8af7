import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { isEntraGatewayError } from "./errors";
import { jobPath, type JobRef } from "./provisioning-job";

export type ValidateCredentialsResult = (
    | { ok: true }
    | {
        ok: false;
        /** Graph's code, e.g. SystemForCrossDomainIdentityManagementCredentialValidationUnavailable. */
        code: string | null;
        /** Plain language: what to check in the AWS console. */
        message: string;
        detail: string | null;
      }
  );

/**
 * Step 9's "Test Connection" (graph-api.md §6.3). A rejected tenant URL or token is a normal answer (ok: false),
 * not an exception; throttling, outages and missing permissions still throw. The token is never returned or logged.
 */
export async function validateCredentials(
  gateway: GraphGateway,
  input: JobRef & ({ baseAddress: string; secretToken: string } | { useSavedCredentials: true }),
): Promise<ValidateCredentialsResult> {
  const body =
    "useSavedCredentials" in input
      ? { useSavedCredentials: true }
      : { useSavedCredentials: false, credentials: [{ key: "BaseAddress", value: input.baseAddress.trim() }, { key: "SecretToken", value: input.secretToken.trim() }] };
  try {
    await callGraph(gateway, "ValidateCredentials", () => gateway.api(`${jobPath(input)}/validateCredentials`).post(body));
    return { ok: true };
  } catch (error) {
    if (!isEntraGatewayError(error, "validation")) throw error;
    return { ok: false, code: error.graphCode ?? null, message: error.message, detail: error.detail ?? null };
  }
}
