import type { SandboxRequest, SandboxResponse } from "../core/types";
import { AwsError } from "./errors";
import type { Input } from "./validate";

/** What every operation handler receives besides its input. */
export interface CallContext<S> {
  state: S;
  /** ctx.clock.now() at the start of the request, in ms. */
  now: number;
  requestId: string;
}

export type Handler<S> = (input: Input, call: CallContext<S>) => unknown;

export interface JsonService<S> {
  /** X-Amz-Target prefix, e.g. "SWBExternalService". */
  targetPrefix: string;
  /** Smithy namespace used in `__type`, e.g. "com.amazonaws.ssoadmin". */
  namespace: string;
  operations: Record<string, Handler<S>>;
  /** Identity Store errors carry the request id in the body as well (RequestId in each error shape: https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/CommonErrors.html). */
  requestIdInErrors?: boolean;
}

const JSON_TYPE = "application/x-amz-json-1.1";
const CORAL = "com.amazon.coral.service";

export function jsonResponse(status: number, body: unknown, requestId: string, extra: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { "content-type": JSON_TYPE, "x-amzn-requestid": requestId, ...extra },
    body: JSON.stringify(body),
  };
}

/** An error exactly as an AWS JSON 1.1 service writes it: header and `__type` both name the error. */
export function jsonError(error: AwsError, namespace: string, requestId: string, requestIdInBody = false): SandboxResponse {
  const headers: Record<string, string> = { "x-amzn-errortype": `${error.code}:http://internal.amazon.com/coral/${namespace}/` };
  const retryAfter = error.fields.RetryAfterSeconds;
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  const body = {
    __type: `${namespace}#${error.code}`,
    message: error.message,
    Message: error.message,
    ...error.fields,
    ...(requestIdInBody ? { RequestId: requestId } : {}),
  };
  return jsonResponse(error.status, body, requestId, headers);
}

export function findService<S>(services: JsonService<S>[], target: string): { service: JsonService<S>; operation: string } | undefined {
  const dot = target.indexOf(".");
  if (dot < 0) return undefined;
  const service = services.find((s) => s.targetPrefix === target.slice(0, dot));
  return service ? { service, operation: target.slice(dot + 1) } : undefined;
}

/**
 * Parse and dispatch one JSON 1.1 call. Unknown targets and bodies that are not a JSON object get
 * the Coral front end's own errors, as from AWS.
 */
export async function handleJson<S>(req: SandboxRequest, services: JsonService<S>[], call: CallContext<S>): Promise<SandboxResponse> {
  const target = String(req.headers["x-amz-target"] ?? "");
  const found = findService(services, target);
  const handler = found?.service.operations[found.operation];
  if (!found || !handler || req.method !== "POST") {
    return jsonError(new AwsError("UnknownOperationException", "", 400), CORAL, call.requestId);
  }
  let input: unknown;
  try {
    input = req.body.length ? JSON.parse(req.body.toString("utf8")) : {};
  } catch {
    return jsonError(new AwsError("SerializationException", "Start of structure or map found where not expected."), CORAL, call.requestId);
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return jsonError(new AwsError("SerializationException", "Start of structure or map found where not expected."), CORAL, call.requestId);
  }
  try {
    const output = await handler(input as Input, call);
    return jsonResponse(200, output ?? {}, call.requestId);
  } catch (error) {
    if (error instanceof AwsError) return jsonError(error, found.service.namespace, call.requestId, found.service.requestIdInErrors);
    // Surfaced so a sandbox bug is visible to whoever hits it; the SDK retries it like a real 500.
    const detail = error instanceof Error ? error.message : String(error);
    return jsonError(new AwsError("InternalServerException", `An internal error occurred (sandbox: ${detail}).`, 500), found.service.namespace, call.requestId);
  }
}

/** Epoch seconds, fractional, as the JSON codec writes timestamps. */
export const epoch = (ms: number) => ms / 1000;
