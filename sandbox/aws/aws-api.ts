import type { SandboxRequest, SandboxResponse } from "../core/types";
import { callerKey } from "./auth";
import { callRegion, cloudTrailService } from "./cloudtrail";
import { AwsError, throttled } from "./errors";
import { iamService } from "./iam";
import { identityStoreService } from "./identity-store";
import { organizationsService } from "./organizations";
import { findService, handleJson, jsonError, type JsonService } from "./protocol-json";
import { handleQuery, queryError, type QueryService } from "./protocol-query";
import type { RateLimiter } from "./rate-limit";
import { ssoAdminService } from "./sso-admin";
import type { AwsState, RateGroup } from "./state";
import { stsService } from "./sts";

const JSON_SERVICES: JsonService<AwsState>[] = [ssoAdminService, identityStoreService, organizationsService];
const CORAL = "com.amazon.coral.service";

type Target =
  | { kind: "json"; group: RateGroup; namespace: string }
  | { kind: "cloudtrail"; group: RateGroup; namespace: string }
  | { kind: "query"; group: RateGroup; service: QueryService<AwsState> };

/** Which emulated service a request under /aws is for, from its path and X-Amz-Target. */
export function classify(req: SandboxRequest): Target {
  if (req.path === "/iam" || req.path.startsWith("/iam/")) return { kind: "query", group: "iam", service: iamService };
  if (req.path === "/sts" || req.path.startsWith("/sts/")) return { kind: "query", group: "sts", service: stsService };
  const targetHeader = String(req.headers["x-amz-target"] ?? "");
  if (findService([cloudTrailService], targetHeader)) return { kind: "cloudtrail", group: "cloudtrail", namespace: cloudTrailService.namespace };
  const found = findService(JSON_SERVICES, targetHeader);
  if (!found) return { kind: "json", group: "identitycenter", namespace: CORAL };
  const group: RateGroup = found.service === organizationsService ? "organizations" : "identitycenter";
  return { kind: "json", group, namespace: found.service.namespace };
}

/** The error each service sends when its rate is exceeded (observed as 400 for Identity Center). */
function rateError(group: RateGroup): AwsError {
  if (group === "organizations")
    return new AwsError(
      "TooManyRequestsException",
      "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
      400,
      { Type: "RateLimitExceeded" },
    );
  if (group === "iam" || group === "sts") return new AwsError("Throttling", "Rate exceeded", 400);
  // CloudTrail models ThrottlingException for LookupEvents beyond 2 TPS; its HTTP status is UNCONFIRMED (400 as its other client errors).
  if (group === "cloudtrail") return new AwsError("ThrottlingException", "Rate exceeded", 400);
  return throttled();
}

export async function handleAwsApi(req: SandboxRequest, state: AwsState, now: number, limiter: RateLimiter): Promise<SandboxResponse> {
  const target = classify(req);
  const fail = (error: AwsError) =>
    target.kind === "query" ? queryError(error, target.service.xmlns, req.requestId) : jsonError(error, target.namespace, req.requestId);
  let accessKeyId: string;
  try {
    accessKeyId = callerKey(req.headers, state, target.kind === "query");
  } catch (error) {
    if (error instanceof AwsError) return target.kind === "query" ? fail(error) : jsonError(error, CORAL, req.requestId);
    throw error;
  }
  const region = callRegion(String(req.headers.authorization ?? ""), state.region);
  if (!limiter.take(target.group, state.settings.rateLimits[target.group], now, target.kind === "cloudtrail" ? region : "")) return fail(rateError(target.group));
  if (target.kind === "cloudtrail") return handleJson(req, [cloudTrailService], { state: { aws: state, region }, now, requestId: req.requestId });
  if (target.kind === "query") {
    // The query protocol also accepts GET with the parameters in the URL.
    const body = req.method === "GET" ? Buffer.from(req.url.search.slice(1)) : req.body;
    return handleQuery(body, target.service, { state, now, requestId: req.requestId, accessKeyId });
  }
  return handleJson(req, JSON_SERVICES, { state, now, requestId: req.requestId });
}

/** Injected faults shaped as each AWS service sends them, so the SDK classifies and retries them. */
export function awsFault(req: SandboxRequest, status: number, retryAfterSeconds?: number): SandboxResponse {
  const target = classify(req);
  const error =
    status === 429
      ? target.kind === "query"
        ? new AwsError("Throttling", "Rate exceeded", 429)
        : target.group === "organizations"
          ? new AwsError("TooManyRequestsException", "Rate exceeded", 429)
          : new AwsError("ThrottlingException", "Rate exceeded", 429, retryAfterSeconds === undefined ? {} : { RetryAfterSeconds: retryAfterSeconds })
      : status === 503
        ? new AwsError(target.kind === "query" ? "ServiceUnavailable" : "ServiceUnavailableException", "Service is unavailable.", 503)
        : new AwsError(target.kind === "query" ? "ServiceFailure" : "InternalServerException", "An internal error occurred.", status);
  return target.kind === "query" ? queryError(error, target.service.xmlns, req.requestId) : jsonError(error, target.namespace, req.requestId);
}
