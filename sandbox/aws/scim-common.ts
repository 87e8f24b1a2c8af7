import { createHash, timingSafeEqual } from "node:crypto";
import type { SandboxRequest, SandboxResponse } from "../core/types";
import type { AwsState } from "./state";

export const SCHEMA = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  list: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patch: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
} as const;

export type Json = Record<string, unknown>;

/** One SCIM request as the resource handlers see it. */
export interface ScimCall {
  req: SandboxRequest;
  state: AwsState;
  now: number;
  /** Public base of this tenant's endpoint, e.g. http://127.0.0.1:4010/scim/<tenant>/scim/v2 */
  base: string;
}

/** A SCIM failure with the HTTP status and the AWS error name (https://docs.aws.amazon.com/singlesignon/latest/developerguide/what-is-scim.html). */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (detail = "Request is unparsable, syntactically incorrect, or violates schema.") => new ScimError(400, detail);
export const duplicate = () => new ScimError(409, "Refused to create a new, duplicate resource.");
export const notFoundScim = (what: string, id: string) => new ScimError(404, `${what} not found: ${id}`);

/** "2024-04-05 06:32:12.227", the observed timeStamp format. */
const stamp = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

export function scimJson(status: number, body: unknown, requestId: string, extra: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { "content-type": "application/json", "x-amzn-requestid": requestId, ...extra },
    body: body === undefined ? "" : JSON.stringify(body),
  };
}

/** The observed AWS error body: `status` is a string and the non-standard `schema` key sits beside `schemas`. */
export function scimErrorResponse(status: number, detail: string, requestId: string, now: number, extra: Record<string, string> = {}): SandboxResponse {
  return scimJson(
    status,
    { schema: [SCHEMA.error], schemas: [SCHEMA.error], detail, status: String(status), exceptionRequestId: requestId, timeStamp: stamp(now) },
    requestId,
    extra,
  );
}

export const hashToken = (secret: string) => createHash("sha256").update(secret).digest("hex");

/**
 * Bearer token and tenant check: a missing, unknown or expired token and a wrong tenant id all answer
 * 401, as AWS does. Also requires automatic provisioning to be on.
 */
export function authorize(req: SandboxRequest, state: AwsState, tenantId: string, now: number): boolean {
  if (!state.instance.enabled || !state.provisioning.enabled || tenantId !== state.provisioning.tenantId) return false;
  const header = String(req.headers.authorization ?? "");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return false;
  const presented = Buffer.from(hashToken(match[1]), "hex");
  const token = state.provisioning.tokens.find((t) => {
    const stored = Buffer.from(t.secretHash, "hex");
    return stored.length === presented.length && timingSafeEqual(stored, presented);
  });
  if (!token || token.expiresAt <= now) return false;
  token.lastUsedAt = now;
  return true;
}

export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function readJsonBody(req: SandboxRequest): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString("utf8"));
  } catch {
    throw badRequest();
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw badRequest();
  return parsed as Json;
}
