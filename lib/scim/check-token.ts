import "server-only";
import { recordRequestId } from "../request-context";
import { describeTries, retryAfterMs, retryTransient, type RetryOptions } from "../retry-transient";

export interface ScimEndpoint {
  /** Normalised with a trailing slash: https://scim.<region>.amazonaws.com/<tenant>/scim/v2/ */
  url: string;
  tenantId: string;
  /** Absent for the sandbox. */
  region?: string;
}

export type ScimEndpointParse = { ok: true; endpoint: ScimEndpoint } | { ok: false; message: string };

export type ScimTokenCheck =
  | { status: "ok"; message: string; endpoint: ScimEndpoint }
  | { status: "invalid-endpoint"; message: string }
  | { status: "unauthorized"; message: string; httpStatus: number; awsRequestId?: string }
  | { status: "unreachable"; message: string }
  /** AWS throttled, failed or did not answer, and still did after the retries: a passing fault, not bad input. */
  | { status: "unavailable"; message: string; httpStatus?: number; awsRequestId?: string }
  | { status: "unexpected"; message: string; httpStatus?: number; awsRequestId?: string };

export interface CheckScimTokenOptions {
  /** Accept the sandbox's http://127.0.0.1:<port>/scim/<tenant>/scim/v2/ (sandbox mode only). */
  sandbox?: boolean;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Retries of 429, 5xx and timeouts (tests shorten the waits). */
  retry?: RetryOptions;
}

const LIVE = /^https:\/\/scim\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com\/([A-Za-z0-9-]{1,128})\/scim\/v2\/?$/;
const SANDBOX = /^http:\/\/(?:127\.0\.0\.1|localhost):\d{1,5}\/scim\/([A-Za-z0-9-]{1,128})\/scim\/v2\/?$/;

/** The "Tenant URL" the admin copied from the AWS console's automatic provisioning page (https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html). */
export function parseScimEndpoint(input: string, options: { sandbox?: boolean } = {}): ScimEndpointParse {
  const value = input.trim();
  const live = LIVE.exec(value);
  if (live?.[1] && live[2]) return { ok: true, endpoint: { url: withSlash(value), region: live[1], tenantId: live[2] } };
  const sandbox = options.sandbox ? SANDBOX.exec(value) : null;
  if (sandbox?.[1]) return { ok: true, endpoint: { url: withSlash(value), tenantId: sandbox[1] } };
  return {
    ok: false,
    message:
      "This is not an IAM Identity Center SCIM endpoint. Copy the SCIM endpoint from Settings → Automatic provisioning in the AWS console; it looks like https://scim.<region>.amazonaws.com/<tenant id>/scim/v2/.",
  };
}

const withSlash = (url: string) => (url.endsWith("/") ? url : `${url}/`);

/**
 * Proves the SCIM endpoint and access token work with one authenticated read. The token is only ever
 * placed in the Authorization header: it is never logged, returned or put in a message.
 */
export async function checkScimToken(endpointInput: string, token: string, options: CheckScimTokenOptions = {}): Promise<ScimTokenCheck> {
  const parsed = parseScimEndpoint(endpointInput, options);
  if (!parsed.ok) return { status: "invalid-endpoint", message: parsed.message };
  const endpoint = parsed.endpoint;
  if (!token.trim()) return { status: "unauthorized", httpStatus: 0, message: "Paste the access token generated with the SCIM endpoint." };

  const doFetch = options.fetch ?? fetch;
  const once = async () => {
    const response = await doFetch(`${endpoint.url}Users?count=1`, {
      headers: { authorization: `Bearer ${token.trim()}`, accept: "application/scim+json, application/json" },
      // A redirect would carry the token to another host; AWS never redirects this call.
      redirect: "error",
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      cache: "no-store",
    });
    recordRequestId(response.headers.get("x-amzn-requestid"));
    // The body is never needed beyond the status; drain it so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    return response;
  };
  // 429 and 5xx are AWS saying "not now"; a timeout or a dropped connection likewise. Retried before anyone is told.
  const retried = await retryTransient(
    once,
    (outcome) => {
      if (outcome.ok) return outcome.value.status === 429 || outcome.value.status >= 500 ? { retryAfterMs: retryAfterMs(outcome.value.headers.get("retry-after")) } : null;
      return isPassingNetworkFailure(outcome.error) ? {} : null;
    },
    options.retry,
  );
  if (!retried.outcome.ok) {
    const error = retried.outcome.error;
    if (retried.transient)
      return {
        status: "unavailable",
        message: `AWS is throttling or unavailable: the SCIM endpoint did not answer in time (${describeTries(retried)}). This is not a problem with what you pasted — try again in a few minutes.`,
      };
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      status: "unreachable",
      message: timedOut
        ? "The SCIM endpoint did not answer in time. Check the endpoint and that this server can reach AWS, then try again."
        : "The SCIM endpoint could not be reached. Check the endpoint for typos and that this server can reach AWS.",
    };
  }
  const response = retried.outcome.value;
  const awsRequestId = response.headers.get("x-amzn-requestid") ?? undefined;

  if (response.ok) return { status: "ok", endpoint, message: "The SCIM endpoint accepted the access token." };
  if (response.status === 401 || response.status === 403)
    return {
      status: "unauthorized",
      httpStatus: response.status,
      awsRequestId,
      message:
        "AWS refused the access token: it is wrong, was deleted, has expired (tokens last one year), or belongs to another SCIM endpoint. Generate a new token under Automatic provisioning in the AWS console.",
    };
  if (response.status === 404)
    return {
      status: "unexpected",
      httpStatus: 404,
      awsRequestId,
      message: "The SCIM endpoint was not found. Check that automatic provisioning is enabled and the endpoint is copied in full.",
    };
  if (retried.transient)
    return {
      status: "unavailable",
      httpStatus: response.status,
      awsRequestId,
      message: `AWS is throttling or unavailable: the SCIM endpoint still answered HTTP ${response.status} after ${describeTries(retried)}. This is not a problem with what you pasted — try again in a few minutes.`,
    };
  return {
    status: "unexpected",
    httpStatus: response.status,
    awsRequestId,
    message: `The SCIM endpoint answered with an unexpected error (HTTP ${response.status}). Try again in a few minutes.`,
  };
}

/** Timeouts and dropped connections pass; a name that does not resolve or a refused port is a wrong endpoint. */
function isPassingNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TimeoutError") return true;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "ETIMEDOUT";
}
