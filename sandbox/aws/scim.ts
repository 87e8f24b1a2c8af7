import type { SandboxRequest, SandboxResponse } from "../core/types";
import type { RateLimiter } from "./rate-limit";
import { authorize, badRequest, SCHEMA, scimErrorResponse, scimJson, ScimError, type ScimCall } from "./scim-common";
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup } from "./scim-groups";
import { createUser, deleteUser, getUser, listUsers, patchUser, putUser } from "./scim-users";
import type { AwsState } from "./state";


const SERVICE_PROVIDER_CONFIG = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
  documentationUri: "https://docs.aws.amazon.com/singlesignon/latest/developerguide/what-is-scim.html",
  authenticationSchemes: [
    {
      type: "oauthbearertoken",
      name: "OAuth Bearer Token",
      description: "Authentication scheme using the OAuth Bearer Token Standard",
      specUri: "https://www.rfc-editor.org/info/rfc6750",
      primary: true,
    },
  ],
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 1, maxPayloadSize: 1048576 },
  filter: { supported: true, maxResults: 100 },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
};

const SCHEMAS = [
  { id: SCHEMA.user, name: "User", description: "User Account" },
  { id: SCHEMA.group, name: "Group", description: "Group" },
  { id: SCHEMA.enterprise, name: "EnterpriseUser", description: "Enterprise User" },
].map((s) => ({ ...s, schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"], attributes: [] }));

const RESOURCE_TYPES = [
  { id: "User", name: "User", endpoint: "/Users", schema: SCHEMA.user, schemaExtensions: [{ schema: SCHEMA.enterprise, required: false }] },
  { id: "Group", name: "Group", endpoint: "/Groups", schema: SCHEMA.group },
].map((r) => ({ ...r, schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"] }));

const listOf = (items: unknown[]) => ({ schemas: [SCHEMA.list], totalResults: items.length, itemsPerPage: items.length, startIndex: 1, Resources: items });

function route(call: ScimCall, method: string, rest: string): SandboxResponse {
  const [collection = "", id, extra] = rest.split("/").filter(Boolean);
  if (extra !== undefined) throw new ScimError(404, `No such endpoint ${rest}`);
  const rid = call.req.requestId;
  if (collection === "ServiceProviderConfig" && method === "GET" && !id) return scimJson(200, SERVICE_PROVIDER_CONFIG, rid);
  if (collection === "Schemas" && method === "GET") {
    if (!id) return scimJson(200, listOf(SCHEMAS), rid);
    const schema = SCHEMAS.find((s) => s.id === id);
    if (!schema) throw new ScimError(404, `Schema not found: ${id}`);
    return scimJson(200, schema, rid);
  }
  if (collection === "ResourceTypes" && method === "GET") {
    if (!id) return scimJson(200, listOf(RESOURCE_TYPES), rid);
    const type = RESOURCE_TYPES.find((r) => r.id === id);
    if (!type) throw new ScimError(404, `ResourceType not found: ${id}`);
    return scimJson(200, type, rid);
  }
  if (collection === "Users") {
    if (!id && method === "POST") return createUser(call);
    if (!id && method === "GET") return listUsers(call);
    if (id && method === "GET") return getUser(call, id);
    if (id && method === "PUT") return putUser(call, id);
    if (id && method === "PATCH") return patchUser(call, id);
    if (id && method === "DELETE") return deleteUser(call, id);
  }
  if (collection === "Groups") {
    if (!id && method === "POST") return createGroup(call);
    if (!id && method === "GET") return listGroups(call);
    if (id && method === "GET") return getGroup(call, id);
    if (id && method === "PATCH") return patchGroup(call, id);
    if (id && method === "DELETE") return deleteGroup(call, id);
    if (id && method === "PUT") throw badRequest("PUT is not supported for Groups; use PATCH.");
  }
  // /Me, /Bulk, /Search and anything else Identity Center does not implement.
  throw new ScimError(404, `The endpoint ${method} /${collection} is not supported.`);
}

/** The Identity Center SCIM endpoint: /scim/{tenantId}/scim/v2/… */
export function handleScim(req: SandboxRequest, state: AwsState, now: number, baseUrl: string, limiter: RateLimiter): SandboxResponse {
  const m = /^\/([^/]+)\/scim\/v2(\/.*)?$/.exec(req.path);
  if (!m?.[1]) return scimErrorResponse(404, "Not found.", req.requestId, now);
  if (!authorize(req, state, m[1], now)) return scimErrorResponse(401, "The request is not authorized.", req.requestId, now);
  if (!limiter.take("scim", state.settings.rateLimits.scim, now)) return scimErrorResponse(429, "Rate exceeded", req.requestId, now, { "retry-after": "1" });
  const call: ScimCall = { req, state, now, base: `${baseUrl}/scim/${m[1]}/scim/v2` };
  try {
    return route(call, req.method, m[2] ?? "/");
  } catch (error) {
    if (error instanceof ScimError) return scimErrorResponse(error.status, error.message, req.requestId, now);
    const detail = error instanceof Error ? error.message : String(error);
    return scimErrorResponse(500, `Internal error (sandbox: ${detail}).`, req.requestId, now);
  }
}
