import "server-only";

export type AwsErrorKind = "not-found" | "conflict" | "throttled" | "access-denied" | "validation" | "unavailable" | "timeout" | "unknown";

/**
 * What callers above the gateway see when AWS says no: a kind to branch on, a message an admin can act on,
 * and the AWS request id for support. The vendor's own text stays in `detail`, for logs only.
 */
export class AwsGatewayError extends Error {
  readonly kind: AwsErrorKind;
  readonly operation: string;
  readonly requestId?: string;
  readonly awsErrorName?: string;
  readonly httpStatus?: number;
  readonly detail?: string;

  constructor(init: {
    kind: AwsErrorKind;
    operation: string;
    message: string;
    requestId?: string;
    awsErrorName?: string;
    httpStatus?: number;
    detail?: string;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = "AwsGatewayError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.requestId = init.requestId;
    this.awsErrorName = init.awsErrorName;
    this.httpStatus = init.httpStatus;
    this.detail = init.detail;
  }
}

export const isAwsGatewayError = (error: unknown, kind?: AwsErrorKind): error is AwsGatewayError =>
  error instanceof AwsGatewayError && (kind === undefined || error.kind === kind);

const NAMES: Record<Exclude<AwsErrorKind, "unknown">, readonly string[]> = {
  "not-found": ["ResourceNotFoundException", "NoSuchEntity", "NoSuchEntityException", "AccountNotFoundException", "TargetNotFoundException"],
  conflict: ["ConflictException", "EntityAlreadyExists", "EntityAlreadyExistsException", "ConcurrentModification", "ConcurrentModificationException"],
  throttled: ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "PriorRequestNotComplete"],
  "access-denied": [
    "AccessDeniedException",
    "AccessDenied",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "ExpiredToken",
    "ExpiredTokenException",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "IncompleteSignature",
    "IncompleteSignatureException",
    "CredentialsProviderError",
    "AWSOrganizationsNotInUseException",
  ],
  validation: [
    "ValidationException",
    "ValidationError",
    "InvalidInput",
    "InvalidInputException",
    "InvalidParameterException",
    "MalformedPolicyDocument",
    "ServiceQuotaExceededException",
    "LimitExceeded",
    "ConstraintViolationException",
  ],
  unavailable: [
    "InternalServerException",
    "InternalFailure",
    "InternalError",
    "ServiceFailure",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "ServiceException",
  ],
  timeout: ["TimeoutError", "RequestTimeout", "RequestTimeoutException", "AbortError"],
};

const NETWORK_UNAVAILABLE = ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_SOCKET"];
const NETWORK_TIMEOUT = ["ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNABORTED", "UND_ERR_CONNECT_TIMEOUT"];

const MESSAGES: Record<AwsErrorKind, string> = {
  "not-found": "AWS could not find what this step asked for. It may have been deleted, or IAM Identity Center may not be enabled in the configured region.",
  conflict: "AWS refused the change because it conflicts with another change in progress or with what already exists. Wait a moment and try again.",
  throttled: "AWS is limiting how fast the portal may call it, and still was after several retries. Wait a minute and try again.",
  "access-denied":
    "The portal's AWS credentials are not allowed to do this, or are not valid. Check the access key or role, and grant the permissions in the IAM policy shown in Settings.",
  validation: "AWS rejected the request as invalid or over a service limit. Check the values entered for this step.",
  unavailable: "AWS could not be reached or had an internal error, and still did after several retries. Try again in a few minutes.",
  timeout: "AWS did not answer in time, even after several retries. Try again in a few minutes.",
  unknown: "AWS returned an unexpected error.",
};

export const gatewayMessage = (kind: AwsErrorKind) => MESSAGES[kind];

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

function classify(name: string, code: string, status: number | undefined, fault: unknown): AwsErrorKind {
  for (const [kind, names] of Object.entries(NAMES) as [AwsErrorKind, readonly string[]][]) if (names.includes(name)) return kind;
  if (NETWORK_TIMEOUT.includes(code)) return "timeout";
  if (NETWORK_UNAVAILABLE.includes(code)) return "unavailable";
  if (status === 429) return "throttled";
  if (status === 403) return "access-denied";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  if ((status !== undefined && status >= 500) || fault === "server") return "unavailable";
  return "unknown";
}

/** The one mapping from whatever the SDK (or the network under it) threw to an AwsGatewayError. */
export function toGatewayError(operation: string, error: unknown): AwsGatewayError {
  if (error instanceof AwsGatewayError) return error;
  const e: ErrorShape = typeof error === "object" && error !== null ? (error as ErrorShape) : { message: String(error) };
  const cause: ErrorShape = typeof e.cause === "object" && e.cause !== null ? (e.cause as ErrorShape) : {};
  const name = typeof e.name === "string" ? e.name : "Error";
  const code = typeof e.code === "string" ? e.code : typeof cause.code === "string" ? cause.code : "";
  const status = e.$metadata?.httpStatusCode;
  const kind = classify(name, code, status, e.$fault);
  return new AwsGatewayError({
    kind,
    operation,
    message: MESSAGES[kind],
    requestId: e.$metadata?.requestId,
    awsErrorName: name === "Error" && code ? code : name,
    httpStatus: status,
    detail: typeof e.message === "string" ? e.message : undefined,
    cause: error,
  });
}
