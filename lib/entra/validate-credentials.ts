import "server-only";
import { describeTries, retryTransient, type RetryOptions } from "../retry-transient";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError, isEntraGatewayError, type EntraErrorKind } from "./errors";
import { jobPath, type JobRef } from "./provisioning-job";

export type ValidateCredentialsResult =
  | { ok: true }
  | {
      ok: false;
      /** Graph's code, e.g. SystemForCrossDomainIdentityManagementCredentialValidationUnavailable. */
      code: string | null;
      /** Plain language: what to check in the AWS console. */
      message: string;
      detail: string | null;
    };

const PASSING_KINDS: readonly EntraErrorKind[] = ["throttled", "unavailable", "timeout"];

/**
 * Test Connection relays the SCIM endpoint's own answer: a 429 or 5xx from AWS comes back as a 400 whose text
 * names the status ("The target returned 429"), or as the ServiceUnavailable code when AWS could not be reached.
 * Those are AWS being busy, not a wrong URL or token.
 */
function targetWasBusy(error: EntraGatewayError): boolean {
  if (error.graphCode === "SystemForCrossDomainIdentityManagementServiceUnavailable") return true;
  const status = /\breturned (\d{3})\b/i.exec(error.detail ?? "")?.[1];
  return status !== undefined && (status === "429" || status.startsWith("5"));
}

/**
 * Step 9's "Test Connection" (https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-validatecredentials).
 * A rejected tenant URL or token is a normal answer (ok: false), not an exception. Throttling and outages — of
 * Graph or of the SCIM endpoint behind it — are retried with backoff honouring Retry-After; if they persist they
 * throw a "throttled"/"unavailable" EntraGatewayError that says so, never "check what you pasted".
 * The token is never returned or logged.
 */
export async function validateCredentials(
  gateway: GraphGateway,
  input: JobRef & ({ baseAddress: string; secretToken: string } | { accessKeyId: string; secretAccessKey: string } | { useSavedCredentials: true }),
  options: { retry?: RetryOptions } = {},
): Promise<ValidateCredentialsResult> {
  // The legacy app's role import takes an IAM access key: ClientSecret is its id, SecretToken its secret (tutorial, "Provisioning").
  const body =
    "useSavedCredentials" in input
      ? { useSavedCredentials: true }
      : "accessKeyId" in input
        ? { useSavedCredentials: false, credentials: [{ key: "ClientSecret", value: input.accessKeyId.trim() }, { key: "SecretToken", value: input.secretAccessKey.trim() }] }
        : { useSavedCredentials: false, credentials: [{ key: "BaseAddress", value: input.baseAddress.trim() }, { key: "SecretToken", value: input.secretToken.trim() }] };
  const retried = await retryTransient(
    () => callGraph(gateway, "ValidateCredentials", () => gateway.api(`${jobPath(input)}/validateCredentials`).post(body)),
    (outcome) => {
      if (outcome.ok || !isEntraGatewayError(outcome.error)) return null;
      const error = outcome.error;
      if (PASSING_KINDS.includes(error.kind) || (error.kind === "validation" && targetWasBusy(error)))
        return { retryAfterMs: error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000 };
      return null;
    },
    options.retry,
  );
  if (retried.outcome.ok) return { ok: true };
  const error = retried.outcome.error;
  if (!isEntraGatewayError(error)) throw error;
  if (retried.transient) {
    const who = error.kind === "validation" ? "AWS (the SCIM endpoint behind Test Connection)" : "Microsoft Entra";
    throw new EntraGatewayError({
      kind: error.kind === "throttled" || /\breturned 429\b/.test(error.detail ?? "") ? "throttled" : "unavailable",
      operation: "ValidateCredentials",
      message: `${who} is throttling or unavailable: Test Connection still failed after ${describeTries(retried)}. This is not a problem with the tenant URL or token — try again in a few minutes.`,
      requestId: error.requestId,
      graphCode: error.graphCode,
      httpStatus: error.httpStatus,
      detail: error.detail,
      cause: error,
    });
  }
  if (error.kind !== "validation") throw error;
  return { ok: false, code: error.graphCode ?? null, message: error.message, detail: error.detail ?? null };
}
