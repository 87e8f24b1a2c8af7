import type { SandboxResponse } from "../core/types";
import { AwsError } from "./errors";
import type { RoleSession } from "./iam-state";

/**
 * The AWS query protocol (IAM, STS): form-encoded `Action=…&Version=…` in, XML out. Lists are
 * `<member>` elements in replies and `Name.member.N` (or `Name.member.N.Field`) in requests.
 */

export type XmlValue = string | number | boolean | undefined | null | XmlValue[] | { [key: string]: XmlValue };

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

export function toXml(value: XmlValue): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join("");
  if (typeof value === "object") {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join("");
  }
  return escape(String(value));
}

export interface QueryService<S> {
  version: string;
  xmlns: string;
  operations: Record<string, (params: URLSearchParams, call: QueryCall<S>) => { [key: string]: XmlValue } | undefined>;
}

export interface QueryCall<S> {
  state: S;
  now: number;
  requestId: string;
  /** The signing access key id; empty for the calls AWS serves unsigned (AssumeRoleWithSAML). */
  accessKeyId: string;
  /** Set when the caller signed with temporary credentials. */
  session?: RoleSession;
  /** The caller's address and user agent (for the CloudTrail events a call writes). */
  source?: { sourceIPAddress: string; userAgent: string };
}

const xmlResponse = (status: number, body: string, requestId: string): SandboxResponse => ({
  status,
  headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
});

export function queryError(error: AwsError, xmlns: string, requestId: string): SandboxResponse {
  const type = error.status >= 500 ? "Receiver" : "Sender";
  const body = `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escape(error.code)}</Code><Message>${escape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return xmlResponse(error.status, body, requestId);
}

export function handleQuery<S>(body: Buffer, service: QueryService<S>, call: QueryCall<S>): SandboxResponse {
  const params = new URLSearchParams(body.toString("utf8"));
  const action = params.get("Action");
  if (!action) return queryError(new AwsError("MissingAction", "Missing Action"), service.xmlns, call.requestId);
  const handler = service.operations[action];
  if (!handler)
    return queryError(
      new AwsError("InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? "NO_VERSION_SPECIFIED"}`),
      service.xmlns,
      call.requestId,
    );
  if (params.get("Version") !== service.version) {
    return queryError(
      new AwsError("InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? "NO_VERSION_SPECIFIED"}`),
      service.xmlns,
      call.requestId,
    );
  }
  try {
    const result = handler(params, call);
    const inner = result === undefined ? "" : `<${action}Result>${toXml(result)}</${action}Result>`;
    const xml = `<${action}Response xmlns="${service.xmlns}">${inner}<ResponseMetadata><RequestId>${call.requestId}</RequestId></ResponseMetadata></${action}Response>`;
    return xmlResponse(200, xml, call.requestId);
  } catch (error) {
    if (error instanceof AwsError) return queryError(error, service.xmlns, call.requestId);
    const detail = error instanceof Error ? error.message : String(error);
    return queryError(new AwsError("ServiceFailure", `An internal error occurred (sandbox: ${detail}).`, 500), service.xmlns, call.requestId);
  }
}

/** `Prefix.member.N` (scalars) in order. */
export function memberList(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.member.${i}`); i++) out.push(params.get(`${prefix}.member.${i}`) ?? "");
  return out;
}

/** `Prefix.member.N.Field` structures in order. */
export function memberStructs(params: URLSearchParams, prefix: string, fields: string[]): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (let i = 1; fields.some((f) => params.has(`${prefix}.member.${i}.${f}`)); i++) {
    const item: Record<string, string> = {};
    for (const f of fields) {
      const v = params.get(`${prefix}.member.${i}.${f}`);
      if (v !== null) item[f] = v;
    }
    out.push(item);
  }
  return out;
}

/** ISO-8601 as the query protocol writes timestamps. */
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
