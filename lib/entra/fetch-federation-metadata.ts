import "server-only";
import { metadataCertificates } from "../crypto/metadata-certificates";
import { recordRequestId } from "../request-context";
import { describeTries, retryAfterMs, retryTransient, type RetryOptions } from "../retry-transient";
import type { GraphGateway } from "./client";
import { EntraGatewayError, isEntraGatewayError, toGatewayError } from "./errors";

export type FederationMetadataResult = {
  xml: string;
  /** A sensible download name, as the Entra portal offers it. */
  fileName: string;
  url: string;
  entityId: string | null;
  /** SHA-1 thumbprints of the signing certificates in the document (compare with the active key). */
  certificateThumbprints: string[];
};

const MAX_BYTES = 1_000_000;

/**
 * Step 6: the app's signed federation metadata
 * (https://learn.microsoft.com/entra/identity-platform/federation-metadata). Not a Graph call — anonymous, from the
 * identity platform — so it is fetched here with the gateway's timeout, and 429, 5xx and timeouts are retried with
 * backoff honouring Retry-After before the admin is told. Full validation is lib/saml's job.
 */
export async function fetchFederationMetadata(
  gateway: GraphGateway,
  input: { appId: string; tenantId?: string },
  options: { retry?: RetryOptions } = {},
): Promise<FederationMetadataResult> {
  const operation = "GetFederationMetadata";
  const tenantId = input.tenantId ?? gateway.target.tenantId;
  const url = `${gateway.target.loginBaseUrl}/${encodeURIComponent(tenantId)}/federationmetadata/2007-06/federationmetadata.xml?appid=${encodeURIComponent(input.appId)}`;
  const once = async () => {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(gateway.options.requestTimeoutMs), cache: "no-store", redirect: "error" });
    } catch (error) {
      throw toGatewayError(operation, error);
    }
    const requestId = response.headers.get("x-ms-request-id") ?? response.headers.get("request-id");
    recordRequestId(requestId);
    return { response, requestId, xml: await response.text() };
  };
  const retried = await retryTransient(
    once,
    (outcome) => {
      if (!outcome.ok) return isEntraGatewayError(outcome.error, "timeout") || isEntraGatewayError(outcome.error, "unavailable") ? {} : null;
      const status = outcome.value.response.status;
      return status === 429 || status >= 500 ? { retryAfterMs: retryAfterMs(outcome.value.response.headers.get("retry-after")) } : null;
    },
    options.retry,
  );
  if (!retried.outcome.ok) {
    const error = retried.outcome.error;
    if (retried.transient && isEntraGatewayError(error))
      throw new EntraGatewayError({ ...errorInit(error), message: busy(retried) });
    throw error;
  }
  const { response, requestId, xml } = retried.outcome.value;
  if (!response.ok) {
    const error = toGatewayError(operation, Object.assign(new Error(xml.slice(0, 500)), { statusCode: response.status, requestId: requestId ?? undefined }));
    if (retried.transient) throw new EntraGatewayError({ ...errorInit(error), message: busy(retried) });
    // The identity platform answers 400 for an app it does not know (yet): usually replication after instantiate.
    if (response.status === 400 && /AADSTS700016|application|app/i.test(xml))
      throw new EntraGatewayError({ kind: "not-found", operation, message: "Entra has no federation metadata for this app yet. If it was just created, wait a minute and try again.", requestId: requestId ?? undefined, httpStatus: 400, detail: xml.slice(0, 500) });
    throw error;
  }
  if (xml.length > MAX_BYTES || !/<(\w+:)?EntityDescriptor[\s>]/.test(xml))
    throw new EntraGatewayError({ kind: "unknown", operation, message: "Entra answered, but not with federation metadata.", requestId: requestId ?? undefined, detail: xml.slice(0, 200) });
  const entityId = /<(?:\w+:)?EntityDescriptor[^>]*\sentityID="([^"]+)"/.exec(xml)?.[1] ?? null;
  const certificateThumbprints = metadataCertificates(xml).map((c) => c.thumbprint);
  return { xml, fileName: `${input.appId}-federationmetadata.xml`, url, entityId, certificateThumbprints };
}

const busy = (retried: { attempts: number; elapsedMs: number }) =>
  `Microsoft Entra is throttling or unavailable: its federation metadata still could not be fetched after ${describeTries(retried)}. Try again in a few minutes.`;

const errorInit = (error: EntraGatewayError) => ({
  kind: error.kind,
  operation: error.operation,
  requestId: error.requestId,
  graphCode: error.graphCode,
  httpStatus: error.httpStatus,
  detail: error.detail,
  cause: error,
});
