import { AwsError } from "./errors";
import { decodeToken, encodeToken } from "./paging";
import { badRequest, SCHEMA, scimJson, type Json, type ScimCall } from "./scim-common";

// SCIM list paging shared by /Users and /Groups.

const MAX_COUNT = 100;

/** count 1–100 (more is capped, as the service caps pages); startIndex other than 1 is not supported. */
export function readPaging(call: ScimCall): { count: number; cursor: string | null } {
  const q = call.req.url.searchParams;
  const countRaw = q.get("count");
  const count = countRaw === null ? MAX_COUNT : Number(countRaw);
  if (!Number.isInteger(count) || count < 1) throw badRequest("count must be a positive integer.");
  const startIndex = q.get("startIndex");
  if (startIndex !== null && startIndex !== "1") throw badRequest("startIndex is not supported; use cursor.");
  return { count: Math.min(count, MAX_COUNT), cursor: q.get("cursor") };
}

/**
 * ListResponse in either form: legacy (totalResults/startIndex/itemsPerPage, first page only, like the
 * old 50-cap behaviour that bit ssosync) or, when a `cursor` parameter is present, cursor paging.
 */
export function listResponse(call: ScimCall, matched: Json[] | { page: Json[]; next?: number; total: number }, cursor: string | null, scope: string) {
  const { page, next, total } = Array.isArray(matched) ? { page: matched, next: undefined, total: matched.length } : matched;
  if (cursor === null) {
    return scimJson(200, { totalResults: total, itemsPerPage: page.length, startIndex: 1, schemas: [SCHEMA.list], Resources: page }, call.req.requestId);
  }
  return scimJson(
    200,
    { schemas: [SCHEMA.list], itemsPerPage: page.length, nextCursor: next === undefined ? undefined : encodeToken(scope, next), Resources: page },
    call.req.requestId,
  );
}

export const cursorOffset = (scope: string, cursor: string | null) =>
  cursor === null || cursor === "" ? 0 : decodeToken(scope, cursor, () => new AwsError("ValidationException", "invalid cursor"));
