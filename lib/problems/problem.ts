import { isAwsGatewayError, type AwsErrorKind } from "../aws/errors";
import { isEntraGatewayError, type EntraErrorKind } from "../entra/errors";
import { CorruptColumnError } from "../federation/json-column";
import type { ScimTokenCheck } from "../scim/check-token";

/** Where the failure came from. "identity-platform" is Entra's token and metadata endpoints (MSAL, federation metadata). */
export type ProblemSource = "entra" | "identity-platform" | "aws" | "scim" | "portal";

/** Who can fix it: an admin of one of the three systems, or nobody (wait, then try again). */
export type ProblemOwner = "portal-admin" | "entra-admin" | "aws-admin" | "wait-and-retry";

/**
 * One failure of an upstream call, in the words people read: setup step cards, provisioning and helpdesk
 * messages and action errors are all made from this shape (see toProblem).
 */
export interface Problem {
  source: ProblemSource;
  /** The gateway's error kind (throttled, forbidden, not-found, …), for code that branches on it. */
  kind: string;
  /** What failed: the upstream operation (e.g. "GetServicePrincipal"), when known. */
  operation?: string;
  /** Why, in plain words, with what to do about it (the gateway's message). */
  message: string;
  /** What to do, and who does it. */
  remedy: string;
  owner: ProblemOwner;
  /** Throttled, unavailable or timed out: the same request may work later. Otherwise the input or setup is wrong. */
  transient: boolean;
  /** The upstream request id of the failed call, for support; null when the failure happened before a request. */
  requestId: string | null;
}

const TRANSIENT = new Set<string>(["throttled", "unavailable", "timeout", "replicating"]);

const ENTRA_REMEDY: Record<EntraErrorKind, { remedy: string; owner: ProblemOwner }> = {
  "not-found": { remedy: "Check that the object still exists in Entra, or run the step that creates it again.", owner: "entra-admin" },
  forbidden: { remedy: "Grant the portal's Graph app the missing application permission and give admin consent.", owner: "entra-admin" },
  throttled: { remedy: "Entra is throttling or unavailable: wait a minute and try again.", owner: "wait-and-retry" },
  conflict: { remedy: "Check what already exists in Entra, then try again.", owner: "entra-admin" },
  validation: { remedy: "Correct the values entered and try again.", owner: "portal-admin" },
  replicating: { remedy: "Entra is still replicating the new object: wait a minute and try again.", owner: "wait-and-retry" },
  unavailable: { remedy: "Entra is throttling or unavailable: try again in a few minutes.", owner: "wait-and-retry" },
  timeout: { remedy: "Entra is throttling or unavailable: try again in a few minutes.", owner: "wait-and-retry" },
  auth: { remedy: "Check the tenant id, client id and secret or certificate of the Entra connection in Settings.", owner: "portal-admin" },
  unknown: { remedy: "Try again; if it keeps failing, give support the request id.", owner: "portal-admin" },
};

const AWS_REMEDY: Record<AwsErrorKind, { remedy: string; owner: ProblemOwner }> = {
  "not-found": { remedy: "Check that IAM Identity Center is enabled in the configured region and the object still exists.", owner: "aws-admin" },
  conflict: { remedy: "Another change is in progress in AWS: wait a moment and try again.", owner: "wait-and-retry" },
  throttled: { remedy: "AWS is throttling or unavailable: wait a minute and try again.", owner: "wait-and-retry" },
  "access-denied": { remedy: "Grant the portal's AWS credentials the permissions in the IAM policy shown in Settings.", owner: "aws-admin" },
  validation: { remedy: "Correct the values entered, or raise the AWS service limit, and try again.", owner: "portal-admin" },
  unavailable: { remedy: "AWS is throttling or unavailable: try again in a few minutes.", owner: "wait-and-retry" },
  timeout: { remedy: "AWS is throttling or unavailable: try again in a few minutes.", owner: "wait-and-retry" },
  unknown: { remedy: "Try again; if it keeps failing, give support the request id.", owner: "portal-admin" },
};

/** The token endpoint and federation metadata are the identity platform, not Graph: say so. */
const isIdentityPlatformOperation = (operation: string) => operation === "AcquireToken" || operation === "GetFederationMetadata";

/** Graph's answer when the tenant has no Entra ID P1/P2 (https://learn.microsoft.com/entra/identity/monitoring-health/howto-analyze-activity-logs-with-microsoft-graph). */
const NO_PREMIUM_LICENCE = /premium licen[cs]e|RequestFromNonPremiumTenantOrB2CTenant/i;

/**
 * Reading sign-in evidence fails for reasons no other call has, and the helpdesk line and the Test sign-in step
 * show only the message: so the message names what is missing and who grants it.
 */
function signInEvidenceProblem(error: unknown): Problem | null {
  if (isEntraGatewayError(error) && error.operation === "ListSignIns" && (error.kind === "forbidden" || error.kind === "validation")) {
    const licence = NO_PREMIUM_LICENCE.test(`${error.graphCode ?? ""} ${error.detail ?? ""}`);
    if (!licence && error.kind !== "forbidden") return null;
    // https://learn.microsoft.com/graph/api/signin-list: AuditLog.Read.All and Directory.Read.All (app-only), and a P1/P2 tenant.
    const message = licence
      ? "Reading Entra's sign-in log needs an Entra ID P1 or P2 licence in the tenant, which it does not have. A Global or Billing Administrator of the tenant adds it."
      : "Reading Entra's sign-in log needs the application permissions AuditLog.Read.All and Directory.Read.All for the portal's Graph app. A Privileged Role Administrator (or Global Administrator) of the tenant grants them with admin consent.";
    return {
      source: "entra",
      kind: licence ? "licence" : "forbidden",
      operation: error.operation,
      message,
      remedy: licence
        ? "A Global or Billing Administrator assigns an Entra ID P1 or P2 licence to the tenant; sign-ins before that are not kept."
        : "A Privileged Role Administrator grants AuditLog.Read.All and Directory.Read.All to the portal's app registration and gives admin consent.",
      owner: "entra-admin",
      transient: false,
      requestId: error.requestId ?? null,
    };
  }
  if (isAwsGatewayError(error, "access-denied") && error.operation === "LookupEvents")
    return {
      source: "aws",
      kind: "access-denied",
      operation: error.operation,
      message: "Reading AWS sign-in events needs cloudtrail:LookupEvents for the portal's AWS credentials. An AWS administrator adds it to the portal's IAM policy.",
      remedy: "An AWS administrator adds cloudtrail:LookupEvents to the portal's IAM policy (the policy in Setup, step Connect, includes it).",
      owner: "aws-admin",
      transient: false,
      requestId: error.requestId ?? null,
    };
  return null;
}

/**
 * Turns a gateway error (Graph, the identity platform, AWS) into a Problem; null for anything else, which
 * callers treat as unexpected (logged with a reference, never shown).
 */
export function toProblem(error: unknown): Problem | null {
  const evidence = signInEvidenceProblem(error);
  if (evidence) return evidence;
  if (isEntraGatewayError(error)) {
    const { remedy, owner } = ENTRA_REMEDY[error.kind];
    // A throttled call whose Retry-After is known can say how long to wait.
    const wait = error.kind === "throttled" && error.retryAfterSeconds ? ` (Entra asked to wait ${error.retryAfterSeconds} s)` : "";
    return {
      source: isIdentityPlatformOperation(error.operation) ? "identity-platform" : "entra",
      kind: error.kind,
      operation: error.operation,
      message: error.message,
      remedy: `${remedy}${wait}`,
      owner,
      transient: TRANSIENT.has(error.kind),
      requestId: error.requestId ?? null,
    };
  }
  if (isAwsGatewayError(error)) {
    const { remedy, owner } = AWS_REMEDY[error.kind];
    return {
      source: "aws",
      kind: error.kind,
      operation: error.operation,
      message: error.message,
      remedy,
      owner,
      transient: TRANSIENT.has(error.kind) || error.kind === "conflict",
      requestId: error.requestId ?? null,
    };
  }
  if (error instanceof CorruptColumnError) {
    return {
      source: "portal",
      kind: "corrupt-data",
      operation: `Read ${error.column}`,
      message: error.message,
      remedy: "The portal's database holds a value it cannot read. An administrator restores the row or runs the step that writes it again.",
      owner: "portal-admin",
      transient: false,
      requestId: null,
    };
  }
  return null;
}

/** A failed SCIM token check (lib/scim/check-token.ts) as a Problem. */
export function scimProblem(check: Exclude<ScimTokenCheck, { status: "ok" }>): Problem {
  const httpStatus = "httpStatus" in check ? check.httpStatus : undefined;
  const transient = check.status === "unavailable" || check.status === "unreachable" || httpStatus === 429 || (httpStatus !== undefined && httpStatus >= 500);
  const requestId = "awsRequestId" in check ? (check.awsRequestId ?? null) : null;
  if (transient)
    return {
      source: "scim",
      kind: httpStatus === 429 ? "throttled" : "unavailable",
      operation: "CheckScimToken",
      message: check.message,
      remedy: "AWS is throttling or unavailable: try again in a minute. The endpoint and token do not need to be copied again.",
      owner: "wait-and-retry",
      transient: true,
      requestId,
    };
  return {
    source: "scim",
    kind: check.status,
    operation: "CheckScimToken",
    message: check.message,
    remedy: "Copy the SCIM endpoint and generate a new access token under Automatic provisioning in the AWS console.",
    owner: "aws-admin",
    transient: false,
    requestId,
  };
}

const REQUEST_LABEL: Record<ProblemSource, string> = {
  entra: "Graph request",
  "identity-platform": "Entra request",
  aws: "AWS request",
  scim: "AWS request",
  portal: "request",
};

/** The one-line message a step card or form shows: the plain-language reason and, when there is one, the request id. */
export function problemLine(problem: Problem): string {
  return `${problem.message}${problem.requestId ? ` (${REQUEST_LABEL[problem.source]} ${problem.requestId})` : ""}`;
}
