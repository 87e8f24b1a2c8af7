import { PERMISSIONS_BY_OPERATION } from "./permissions";

export type EntraErrorKind =
  | "not-found"
  | "forbidden"
  | "throttled"
  | "conflict"
  | "validation"
  | "replicating"
  | "unavailable"
  | "timeout"
  | "auth"
  | "unknown";

/**
 * What callers above the gateway see when Entra or Graph says no: a kind to branch on, a message an admin can
 * act on, and the Graph request id for Microsoft support. The vendor's own text stays in `detail`, for logs only.
 */
export class EntraGatewayError extends Error {
  readonly kind: EntraErrorKind;
  readonly operation: string;
  readonly requestId?: string;
  /** Graph's `error.code` (e.g. Authorization_RequestDenied) or the AADSTS / MSAL error code. */
  readonly graphCode?: string;
  readonly httpStatus?: number;
  readonly detail?: string;
  /** For "forbidden": the application permission(s) the portal's Graph app needs for this call. */
  readonly permissions?: string[];
  readonly retryAfterSeconds?: number;

  constructor(init: {
    kind: EntraErrorKind;
    operation: string;
    message: string;
    requestId?: string;
    graphCode?: string;
    httpStatus?: number;
    detail?: string;
    permissions?: string[];
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = "EntraGatewayError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.requestId = init.requestId;
    this.graphCode = init.graphCode;
    this.httpStatus = init.httpStatus;
    this.detail = init.detail;
    this.permissions = init.permissions;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export const isEntraGatewayError = (error: unknown, kind?: EntraErrorKind): error is EntraGatewayError =>
  error instanceof EntraGatewayError && (kind === undefined || error.kind === kind);

const MESSAGES: Record<EntraErrorKind, string> = {
  "not-found": "Microsoft Entra could not find what this step asked for. It may have been deleted, or the id may be wrong.",
  forbidden: "The portal's Graph app is not allowed to do this. Grant the application permission named below in Entra and give admin consent.",
  throttled: "Microsoft Graph is limiting how fast the portal may call it, and still was after several retries. Wait a minute and try again.",
  conflict: "Microsoft Entra refused the change because it conflicts with something that already exists or another change in progress.",
  validation: "Microsoft Entra rejected the request as invalid. Check the values entered for this step.",
  replicating:
    "Microsoft Entra has created the object but it is not readable everywhere yet (replication takes up to a few minutes). Try again shortly; nothing will be duplicated.",
  unavailable: "Microsoft Entra could not be reached or had an internal error, and still did after several retries. Try again in a few minutes.",
  timeout: "Microsoft Entra did not answer in time. Try again in a few minutes.",
  auth: "Microsoft Entra did not accept the portal's Graph app credentials. Check the tenant id, client id and client secret (or certificate) in Settings.",
  unknown: "Microsoft Entra returned an unexpected error.",
};

export const gatewayMessage = (kind: EntraErrorKind) => MESSAGES[kind];

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  body?: unknown;
  headers?: unknown;
  errorCode?: unknown;
  errorMessage?: unknown;
  cause?: unknown;
}

const shapeOf = (value: unknown): ErrorShape => (typeof value === "object" && value !== null ? (value as ErrorShape) : {});
const str = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

const NETWORK_TIMEOUT = new Set(["TimeoutError", "AbortError", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "ESOCKETTIMEDOUT"]);
const NETWORK_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_SOCKET"]);
/** AADSTS codes that mean "try again later", not "your credentials are wrong". */
const AADSTS_TRANSIENT = new Set(["90033", "50196", "90036", "500011"]);
/** MSAL's own client-side failures reaching the token endpoint. */
const MSAL_NETWORK = new Set(["network_error", "endpoints_resolution_error", "post_request_failed", "get_request_failed"]);

function networkCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const e = shapeOf(error);
  const code = str(e.code) ?? str(e.name);
  if (code && (NETWORK_TIMEOUT.has(code) || NETWORK_UNAVAILABLE.has(code))) return code;
  return e.cause === undefined ? undefined : networkCode(e.cause, depth + 1);
}

/** Graph's newer 403 text names the permissions ("API requires one of 'User.Read.All, Directory.Read.All'"). */
function permissionsNamedIn(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const m = /requires one of '([^']+)'/i.exec(text) ?? /requires (?:the )?'?([A-Za-z]+\.[A-Za-z.]+)'? (?:permission|role)/i.exec(text);
  return m?.[1] ? m[1].split(/,\s*/).filter(Boolean) : undefined;
}

function retryAfter(headers: unknown): number | undefined {
  if (typeof headers !== "object" || headers === null || !("get" in headers) || typeof headers.get !== "function") return undefined;
  const value: unknown = (headers as { get(name: string): unknown }).get("retry-after");
  const n = typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function forbidden(operation: string, base: Omit<ConstructorParameters<typeof EntraGatewayError>[0], "kind" | "message">): EntraGatewayError {
  const permissions = permissionsNamedIn(base.detail) ?? PERMISSIONS_BY_OPERATION[operation];
  const named = permissions?.length ? ` Needed: ${permissions.join(" or ")} (application permission, admin consent).` : "";
  return new EntraGatewayError({
    ...base,
    kind: "forbidden",
    permissions,
    message: `The portal's Graph app is not allowed to do this.${named || " Grant the missing application permission in Entra and give admin consent."}`,
  });
}

/** The one mapping from whatever MSAL, the Graph SDK or the network under them threw to an EntraGatewayError. */
export function toGatewayError(operation: string, error: unknown): EntraGatewayError {
  if (error instanceof EntraGatewayError) return error;
  const e = shapeOf(error);
  const message = str(e.message) ?? (typeof error === "string" ? error : undefined);
  const base = { operation, detail: message, cause: error };

  // MSAL (token endpoint): ServerError / ClientAuthError carry errorCode; AADSTS codes sit in the text.
  const msalCode = str(e.errorCode);
  const aadsts = /AADSTS(\d+)/.exec(`${message ?? ""} ${str(e.errorMessage) ?? ""}`)?.[1];
  if (msalCode || aadsts) {
    const graphCode = aadsts ? `AADSTS${aadsts}` : msalCode;
    // The identity platform's own request id: its error text says "Trace ID: <guid>".
    const requestId = /Trace ID: ([0-9a-f-]{36})/i.exec(`${message ?? ""} ${str(e.errorMessage) ?? ""}`)?.[1];
    if ((aadsts && AADSTS_TRANSIENT.has(aadsts)) || (msalCode && MSAL_NETWORK.has(msalCode) && !aadsts)) {
      return new EntraGatewayError({ ...base, kind: "unavailable", graphCode, requestId, message: MESSAGES.unavailable });
    }
    return new EntraGatewayError({ ...base, kind: "auth", graphCode, requestId, message: authMessage(aadsts) });
  }

  const status = typeof e.statusCode === "number" && e.statusCode > 0 ? e.statusCode : undefined;
  const graphCode = str(e.code);
  const requestId = str(e.requestId) ?? requestIdFromHeaders(e.headers);
  const withStatus = { ...base, graphCode, httpStatus: status, requestId };

  if (status === undefined) {
    const net = networkCode(error) ?? networkCode(e.cause) ?? (graphCode && NETWORK_TIMEOUT.has(graphCode) ? graphCode : undefined);
    if (net && NETWORK_TIMEOUT.has(net)) return new EntraGatewayError({ ...withStatus, graphCode: net, kind: "timeout", message: MESSAGES.timeout });
    if (net || /fetch failed|socket|ECONN/i.test(message ?? "")) return new EntraGatewayError({ ...withStatus, graphCode: net, kind: "unavailable", message: MESSAGES.unavailable });
    return new EntraGatewayError({ ...withStatus, kind: "unknown", message: MESSAGES.unknown });
  }
  if (status === 401) return new EntraGatewayError({ ...withStatus, kind: "auth", message: MESSAGES.auth });
  if (status === 403) return forbidden(operation, withStatus);
  if (status === 404) return new EntraGatewayError({ ...withStatus, kind: "not-found", message: MESSAGES["not-found"] });
  if (status === 409) return new EntraGatewayError({ ...withStatus, kind: "conflict", message: MESSAGES.conflict });
  if (status === 429) return new EntraGatewayError({ ...withStatus, kind: "throttled", retryAfterSeconds: retryAfter(e.headers), message: MESSAGES.throttled });
  if (status === 408) return new EntraGatewayError({ ...withStatus, kind: "timeout", message: MESSAGES.timeout });
  if (status >= 500) return new EntraGatewayError({ ...withStatus, kind: "unavailable", message: MESSAGES.unavailable });
  if (status >= 400) return new EntraGatewayError({ ...withStatus, kind: "validation", message: validationMessage(graphCode, message) });
  return new EntraGatewayError({ ...withStatus, kind: "unknown", message: MESSAGES.unknown });
}

function requestIdFromHeaders(headers: unknown): string | undefined {
  if (typeof headers !== "object" || headers === null || !("get" in headers) || typeof headers.get !== "function") return undefined;
  return str((headers as { get(name: string): unknown }).get("request-id"));
}

function authMessage(aadsts: string | undefined): string {
  switch (aadsts) {
    case "7000215":
      return "Microsoft Entra rejected the client secret (AADSTS7000215). Paste the secret's value, not its id, or create a new secret, and save it in Settings.";
    case "7000222":
      return "The client secret has expired (AADSTS7000222). Create a new secret for the portal's Graph app and save it in Settings.";
    case "700016":
      return "No application with this client id exists in the tenant (AADSTS700016). Check the client id and tenant id in Settings.";
    case "90002":
      return "The tenant was not found (AADSTS90002). Check the tenant id in Settings.";
    case "700027":
      return "Microsoft Entra rejected the certificate (AADSTS700027). Upload this certificate to the portal's Graph app, or check the private key.";
    default:
      return aadsts ? `${MESSAGES.auth} (AADSTS${aadsts})` : MESSAGES.auth;
  }
}

function validationMessage(code: string | undefined, detail: string | undefined): string {
  if (code === "HostNameNotOnVerifiedDomain" || /verified domain/i.test(detail ?? ""))
    return "Entra refused the identifier (Entity ID) because it is not on a verified domain of the tenant. Set SAML as the sign-on mode first, or ask an admin for an identifier-URI policy exemption (https://aka.ms/identifier-uri-protection-grant-exemptions).";
  if (code === "SystemForCrossDomainIdentityManagementInvalidCredentials" || code === "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable")
    return "Entra could not connect to the AWS SCIM endpoint with this tenant URL and secret token. Copy both again from the AWS console (Automatic provisioning).";
  if (code === "Request_UnsupportedQuery") return "Microsoft Graph does not support this query.";
  return MESSAGES.validation;
}
