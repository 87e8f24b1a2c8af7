import type { SandboxRequest, SandboxResponse } from "../core/types";
import { inAccount, keyOwner } from "./accounts-iam";
import { authenticate, type Caller } from "./auth";
import { callRegion, cloudTrailService } from "./cloudtrail";
import { callSourceOf } from "./saml-trail";
import { AwsError, throttled } from "./errors";
import { authorize } from "./iam-authorize";
import { iamService } from "./iam";
import { isTrailed, recordManagementEvent, type TrailService } from "./management-trail";
import { identityStoreService } from "./identity-store";
import { organizationsService } from "./organizations";
import { findService, handleJson, jsonError, type JsonService } from "./protocol-json";
import { handleQuery, queryError, type QueryService } from "./protocol-query";
import type { RateLimiter } from "./rate-limit";
import { ssoAdminService } from "./sso-admin";
import type { AwsState, RateGroup } from "./state";
import { stsService } from "./sts";

const JSON_SERVICES: JsonService<AwsState>[] = [ssoAdminService, identityStoreService, organizationsService];

/** The services whose write calls leave a CloudTrail management event, by signing name. */
const TRAILED: Record<string, TrailService> = { sso: "sso", identitystore: "identitystore", iam: "iam" };
const CORAL = "com.amazon.coral.service";

type Target =
  | { kind: "json"; group: RateGroup; namespace: string; signingName: string }
  | { kind: "cloudtrail"; group: RateGroup; namespace: string; signingName: string }
  | { kind: "query"; group: RateGroup; service: QueryService<AwsState>; signingName: string };

/** SigV4 signing names (the clients' endpoint rule sets / https://docs.aws.amazon.com/general/latest/gr/rande.html). */
const SIGNING_NAMES = new Map<JsonService<AwsState>, string>([
  [ssoAdminService, "sso"],
  [identityStoreService, "identitystore"],
  [organizationsService, "organizations"],
]);

/** STS calls that AWS serves without a signature: the caller has no AWS credentials yet (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html). */
const UNSIGNED_STS = new Set(["AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"]);

/** Which emulated service a request under /aws is for, from its path and X-Amz-Target. */
export function classify(req: SandboxRequest): Target {
  if (req.path === "/iam" || req.path.startsWith("/iam/")) return { kind: "query", group: "iam", service: iamService, signingName: "iam" };
  if (req.path === "/sts" || req.path.startsWith("/sts/")) return { kind: "query", group: "sts", service: stsService, signingName: "sts" };
  const targetHeader = String(req.headers["x-amz-target"] ?? "");
  if (findService([cloudTrailService], targetHeader)) return { kind: "cloudtrail", group: "cloudtrail", namespace: cloudTrailService.namespace, signingName: "cloudtrail" };
  const found = findService(JSON_SERVICES, targetHeader);
  if (!found) return { kind: "json", group: "identitycenter", namespace: CORAL, signingName: "sso" };
  const group: RateGroup = found.service === organizationsService ? "organizations" : "identitycenter";
  return { kind: "json", group, namespace: found.service.namespace, signingName: SIGNING_NAMES.get(found.service) ?? "sso" };
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
  return throttled();
}

/**
 * One call to the AWS APIs under /aws. `clientNow` is what a correct caller's clock reads (the sandbox time less its
 * test offset), against which SigV4's clock-skew window is measured; see authenticate().
 */
export async function handleAwsApi(req: SandboxRequest, state: AwsState, now: number, limiter: RateLimiter, clientNow: number = now): Promise<SandboxResponse> {
  const target = classify(req);
  const fail = (error: AwsError) =>
    target.kind === "query" ? queryError(error, target.service.xmlns, req.requestId) : jsonError(error, target.namespace, req.requestId);
  // The query protocol also accepts GET with the parameters in the URL.
  const queryBody = req.method === "GET" ? Buffer.from(req.url.search.slice(1)) : req.body;
  const unsigned =
    target.kind === "query" && target.service === stsService && UNSIGNED_STS.has(new URLSearchParams(queryBody.toString("utf8")).get("Action") ?? "");
  let caller: Caller = { accessKeyId: "" };
  if (!unsigned) {
    try {
      caller = authenticate(req, state, { query: target.kind === "query", signingName: target.signingName }, clientNow, now);
    } catch (error) {
      if (error instanceof AwsError) return target.kind === "query" ? fail(error) : jsonError(error, CORAL, req.requestId);
      throw error;
    }
  }
  // CloudTrail's LookupEvents limit is per account and Region, so its bucket is keyed by the Region the call was signed for.
  const region = callRegion(String(req.headers.authorization ?? ""), state.region);
  if (!limiter.take(target.group, state.settings.rateLimits[target.group], now, target.kind === "cloudtrail" ? region : "")) return fail(rateError(target.group));
  const operation =
    target.kind === "query"
      ? new URLSearchParams(queryBody.toString("utf8")).get("Action")
      : target.kind === "cloudtrail"
        ? (findService([cloudTrailService], String(req.headers["x-amz-target"] ?? ""))?.operation ?? null)
        : (findService(JSON_SERVICES, String(req.headers["x-amz-target"] ?? ""))?.operation ?? null);
  const trail = TRAILED[target.signingName];
  const answer = (response: SandboxResponse): SandboxResponse => {
    // A write call, answered or refused (an AccessDenied too), is in the caller's event history, as at AWS.
    if (trail && isTrailed(trail, operation)) {
      recordManagementEvent(state, {
        service: trail,
        operation,
        input: target.kind === "query" ? queryInput(queryBody) : jsonInput(req.body),
        caller,
        now,
        source: callSourceOf(req),
        response,
      });
    }
    return response;
  };
  const known = operation !== null && (target.kind === "query" ? Object.hasOwn(target.service.operations, operation) : true);
  if (known) {
    try {
      authorize(state, caller, `${target.signingName}:${operation}`, target.kind === "query");
    } catch (error) {
      if (error instanceof AwsError) return answer(fail(error));
      throw error;
    }
  }
  if (target.kind === "query") {
    // A role session or an IAM user's key in a member account works on that account's IAM; STS always answers with the whole sandbox.
    const account = caller.session?.accountId ?? keyOwner(state, caller.accessKeyId)?.accountId;
    const scoped = target.service === iamService && account ? inAccount(state, account) : state;
    return answer(
      handleQuery(queryBody, target.service, { state: scoped, now, requestId: req.requestId, accessKeyId: caller.accessKeyId, session: caller.session, source: callSourceOf(req) }),
    );
  }
  if (target.kind === "cloudtrail") return handleJson(req, [cloudTrailService], { state: { aws: state, accountId: caller.session?.accountId ?? state.accountId, region }, now, requestId: req.requestId });
  return answer(await handleJson(req, JSON_SERVICES, { state, now, requestId: req.requestId }));
}

/** A query-protocol call's parameters, without Action and Version (CloudTrail's requestParameters leave them out). */
function queryInput(body: Buffer): Record<string, unknown> {
  const params = new URLSearchParams(body.toString("utf8"));
  params.delete("Action");
  params.delete("Version");
  return Object.fromEntries(params);
}

function jsonInput(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8") || "{}");
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
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
