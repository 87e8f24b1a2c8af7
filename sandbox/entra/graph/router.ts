import type { SandboxRequest, SandboxResponse } from "../../core/types";
import type { EntraEnv } from "../env";
import { GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID } from "../tenant";
import { isRecord, json, readJson } from "../http";
import { verifyJwt } from "../identity/jwt";
import { GraphFailure, badRequest, denied, graphErrorResponse } from "./errors";

export interface Caller {
  appId: string;
  /** Application permissions carried by the token (its `roles` claim). */
  roles: Set<string>;
  displayName: string;
}

export interface GraphCall {
  env: EntraEnv;
  req: SandboxRequest;
  url: URL;
  version: string;
  params: Record<string, string>;
  caller: Caller;
  body(): Record<string, unknown>;
}

/** Each inner list is "any of"; all lists must be satisfied (e.g. AuditLog.Read.All AND Directory.Read.All). */
export type Permissions = string[][];

export interface Route {
  method: string;
  pattern: string;
  perms: Permissions;
  handler(call: GraphCall): SandboxResponse | Promise<SandboxResponse>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

export const P = {
  none: [] as Permissions,
  readApps: [["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]],
  writeApps: [["Application.ReadWrite.All"]],
  instantiate: [["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"]],
  syncRead: [["Synchronization.Read.All", "Synchronization.ReadWrite.All"]],
  syncWrite: [["Synchronization.ReadWrite.All"]],
  logs: [["AuditLog.Read.All"], ["Directory.Read.All", "Directory.ReadWrite.All"]],
  assignRead: [["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"]],
  assignWrite: [["AppRoleAssignment.ReadWrite.All"], ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]],
  users: [["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]],
  usersWrite: [["User.ReadWrite.All", "Directory.ReadWrite.All"]],
  groups: [["Group.Read.All", "GroupMember.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]],
  policyWrite: [["Policy.ReadWrite.ApplicationConfiguration"]],
  policyRead: [["Policy.Read.All", "Policy.ReadWrite.ApplicationConfiguration"]],
  policyLink: [["Policy.Read.All", "Policy.ReadWrite.ApplicationConfiguration"], ["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"]],
  transitive: [["User.Read.All", "User.ReadWrite.All", "GroupMember.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"]],
};

export function compile(routes: Route[]): CompiledRoute[] {
  return routes.map((r) => {
    const keys: string[] = [];
    const source = r.pattern
      .split("/")
      .map((seg) => {
        if (seg.startsWith(":")) {
          keys.push(seg.slice(1));
          return "([^/]+)";
        }
        return seg.replace(/[.$()]/g, (c) => `\\${c}`);
      })
      .join("/");
    return { ...r, regex: new RegExp(`^${source}$`, "i"), keys };
  });
}

/** `users('a@b')` → `users/a@b`; `applications(appId='x')` → `applications/appId=x` (OData key syntax). */
function normalise(path: string): string {
  return path
    .replace(/\(appId='([^']*)'\)/gi, (_m, v: string) => `/appId=${v}`)
    .replace(/\('([^']*)'\)/g, (_m, v: string) => `/${v}`)
    .replace(/\/$/, "");
}

function authenticate(env: EntraEnv, req: SandboxRequest): Caller {
  const header = req.headers.authorization;
  if (typeof header !== "string" || !header.startsWith("Bearer ") || header.length <= 7)
    throw new GraphFailure(401, "InvalidAuthenticationToken", "Access token is empty.");
  const claims = verifyJwt(env.tokenKey, header.slice(7).trim());
  if (!claims) throw new GraphFailure(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid signature.");
  if (claims.aud !== GRAPH_RESOURCE && claims.aud !== GRAPH_RESOURCE_APP_ID)
    throw new GraphFailure(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
  const nowS = env.ctx.clock.now() / 1000;
  if (typeof claims.exp !== "number" || claims.exp <= nowS || (typeof claims.nbf === "number" && claims.nbf > nowS + 300))
    throw new GraphFailure(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  return { appId: typeof claims.appid === "string" ? claims.appid : "", roles: new Set(roles), displayName: typeof claims.app_displayname === "string" ? claims.app_displayname : "" };
}

export function permitted(caller: Caller, perms: Permissions): boolean {
  return perms.every((anyOf) => anyOf.some((p) => caller.roles.has(p)));
}

/** Sliding-window throttle on the sandbox clock, keyed per app (e.g. reports: 5 per 10 s). */
export function throttle(env: EntraEnv, key: string, limit: { limit: number; windowMs: number }): void {
  const now = env.ctx.clock.now();
  const hits = (env.state.throttleHits.get(key) ?? []).filter((t) => t > now - limit.windowMs);
  if (hits.length >= limit.limit) {
    const oldest = hits[0] as number;
    const retryAfter = Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000));
    env.state.throttleHits.set(key, hits);
    throw new GraphFailure(429, "TooManyRequests", "Too many requests. Please retry after the period given in the Retry-After header.", {
      "retry-after": String(retryAfter),
      "x-ms-throttle-scope": "Tenant_Application/ReadWrite/" + key.split(":")[0],
      "x-ms-throttle-information": "ResourceUnitLimitExceeded",
    });
  }
  hits.push(now);
  env.state.throttleHits.set(key, hits);
}

export async function handleGraph(env: EntraEnv, routes: CompiledRoute[], req: SandboxRequest): Promise<SandboxResponse> {
  const now = () => env.ctx.clock.date();
  try {
    const match = /^\/(v1\.0|beta)(\/.*)?$/.exec(req.path);
    if (!match) throw new GraphFailure(400, "BadRequest", "Invalid version.");
    const version = match[1] as string;
    const path = normalise(match[2] ?? "/");
    let found: CompiledRoute | undefined;
    let params: Record<string, string> = {};
    let pathKnown = false;
    for (const route of routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (route.method !== req.method) continue;
      found = route;
      params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1] ?? "")]));
      break;
    }
    if (!found) {
      if (pathKnown) throw new GraphFailure(405, "Request_BadRequest", `The request method '${req.method}' is not allowed for '${path}'.`);
      throw new GraphFailure(400, "BadRequest", `Resource not found for the segment '${path.split("/")[1] ?? ""}'.`);
    }
    const caller = authenticate(env, req);
    if (!permitted(caller, found.perms)) throw denied();
    let parsed: Record<string, unknown> | undefined;
    const call: GraphCall = {
      env,
      req,
      url: req.url,
      version,
      params,
      caller,
      body: () => {
        if (parsed) return parsed;
        const value = readJson(req);
        if (!isRecord(value)) throw badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.", "BadRequest");
        parsed = value;
        return value;
      },
    };
    const response = await found.handler(call);
    response.headers = { "request-id": req.requestId, "client-request-id": req.requestId, ...response.headers };
    return response;
  } catch (error) {
    if (error instanceof GraphFailure) return graphErrorResponse(req, now(), error.status, error.code, error.message, error.headers);
    throw error;
  }
}

export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown) => json(201, body);
export const context = (version: string, what: string) => `https://graph.microsoft.com/${version}/$metadata#${what}`;
