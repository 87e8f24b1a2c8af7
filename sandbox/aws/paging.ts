import { createHash } from "node:crypto";
import { AwsError } from "./errors";

/**
 * Opaque NextTokens: an offset bound to the operation and its filter parameters, so a token replayed
 * against a different listing is refused instead of silently skipping items (as AWS does).
 */
export interface PageRequest {
  /** The listing and its parameters, e.g. "ListAccountAssignments|<account>|<ps>". */
  scope: string;
  nextToken: string | undefined;
  maxResults: number | undefined;
  /** What the service returns when MaxResults is omitted. */
  defaultSize: number;
}

const digest = (scope: string) => createHash("sha256").update(scope).digest("base64url").slice(0, 16);

export function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: digest(scope), o: offset })).toString("base64");
}

/** The offset a token stands for; `invalid` builds the service's own error for a bad token. */
export function decodeToken(scope: string, token: string | undefined, invalid: () => AwsError): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { s?: unknown; o?: unknown };
    if (parsed.s === digest(scope) && typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through: any undecodable token is the same client error
  }
  throw invalid();
}

export const invalidTokenValidation = () => new AwsError("ValidationException", "The NextToken provided is invalid.");

/** One page of an in-memory list. */
export function page<T>(items: readonly T[], req: PageRequest, invalid: () => AwsError = invalidTokenValidation): { items: T[]; nextToken?: string } {
  const start = decodeToken(req.scope, req.nextToken, invalid);
  const size = req.maxResults ?? req.defaultSize;
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length ? { items: slice, nextToken: encodeToken(req.scope, end) } : { items: slice };
}
