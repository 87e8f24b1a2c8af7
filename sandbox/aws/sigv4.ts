import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * Signature Version 4 as the service side computes it, written from the documented algorithm
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), not from the SDK's signer,
 * so a request the SDK signs wrongly (or with a wrong secret key) fails here as it fails at AWS.
 */

export const ALGORITHM = "AWS4-HMAC-SHA256";

export interface ParsedAuthorization {
  accessKeyId: string;
  /** yyyymmdd/region/service/aws4_request */
  scope: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

/** What is missing from an Authorization header that names the algorithm; empty when it is complete. */
export function parseAuthorization(header: string): { parsed?: ParsedAuthorization; missing: string[] } {
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "Signature", "SignedHeaders"].filter((f) => !fields.get(f));
  const credential = fields.get("Credential") ?? "";
  const [accessKeyId = "", date = "", region = "", service = "", terminator = ""] = credential.split("/");
  if (missing.length) return { missing };
  return {
    missing,
    parsed: {
      accessKeyId,
      scope: credential.slice(accessKeyId.length + 1),
      date,
      region,
      service,
      terminator,
      signedHeaders: (fields.get("SignedHeaders") ?? "").split(";"),
      signature: fields.get("Signature") ?? "",
    },
  };
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** RFC 3986 unreserved characters stay; everything else is %XX upper-case, as SigV4 requires. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/**
 * The canonical URI for every service but S3: the path as sent, normalized (no "." or ".." segments), each
 * segment URI-encoded once more (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request).
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const path = `/${segments.map(uriEncode).join("/")}`;
  return rawPath.endsWith("/") && path !== "/" ? `${path}/` : path;
}

/** Parameters sorted by encoded name, then value; X-Amz-Signature itself is left out (presigned URLs). */
export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  return rawQuery
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? "" : pair.slice(eq + 1);
      return [uriEncode(safeDecode(name)), uriEncode(safeDecode(value))] as const;
    })
    .filter(([name]) => name !== "X-Amz-Signature")
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

const headerValue = (headers: IncomingHttpHeaders, name: string): string => {
  const v = headers[name];
  const joined = Array.isArray(v) ? v.join(",") : (v ?? "");
  return joined.trim().replace(/\s+/g, " ");
};

export interface SignedRequestParts {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(parts: SignedRequestParts): string {
  const names = parts.signedHeaders.map((h) => h.toLowerCase());
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.rawPath),
    canonicalQuery(parts.rawQuery),
    names.map((h) => `${h}:${headerValue(parts.headers, h)}\n`).join(""),
    names.join(";"),
    parts.payloadHash,
  ].join("\n");
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join("\n");
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signature(secretAccessKey: string, auth: Pick<ParsedAuthorization, "date" | "region" | "service">, toSign: string): string {
  const kDate = hmac(`AWS4${secretAccessKey}`, auth.date);
  const kRegion = hmac(kDate, auth.region);
  const kService = hmac(kRegion, auth.service);
  const kSigning = hmac(kService, "aws4_request");
  return createHmac("sha256", kSigning).update(toSign, "utf8").digest("hex");
}

export const payloadHash = (body: Buffer) => sha256Hex(body);

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 20260101T120000Z ⇄ epoch ms. */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export const formatAmzDate = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");

/**
 * Signs a request the way an AWS client does (the headers to add: host, x-amz-date, authorization), for callers
 * inside the sandbox that talk to the AWS half over HTTP (Entra's role import reading IAM ListRoles).
 */
export function signRequest(
  request: { method: string; url: string; headers: Record<string, string>; body: string },
  credentials: { accessKeyId: string; secretAccessKey: string },
  scope: { region: string; service: string },
  now: number,
): Record<string, string> {
  const url = new URL(request.url);
  const amzDate = formatAmzDate(now);
  const headers: Record<string, string> = { ...request.headers, host: url.host, "x-amz-date": amzDate };
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const signedHeaders = Object.keys(lower).sort();
  const canonical = canonicalRequest({
    method: request.method,
    rawPath: url.pathname,
    rawQuery: url.search.slice(1),
    headers: lower,
    signedHeaders,
    payloadHash: payloadHash(Buffer.from(request.body, "utf8")),
  });
  const auth = { date: amzDate.slice(0, 8), region: scope.region, service: scope.service };
  const credentialScope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const sig = signature(credentials.secretAccessKey, auth, stringToSign(amzDate, credentialScope, canonical));
  return {
    ...headers,
    authorization: `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders.join(";")}, Signature=${sig}`,
  };
}
