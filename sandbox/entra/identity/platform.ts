import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { SandboxRequest, SandboxResponse } from "../../core/types";
import { issuerV1, issuerV2, type EntraEnv } from "../env";
import { GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID, TENANT_ID } from "../tenant";
import { escapeHtml, html, json, readForm } from "../http";
import type { EntraApplication, EntraUser } from "../state";
import { jwk, signJwt } from "./jwt";

const CODE_LIFETIME_MS = 10 * 60_000;
const REFRESH_LIFETIME_MS = 90 * 86400_000;

function aadError(env: EntraEnv, status: number, error: string, code: number, description: string): SandboxResponse {
  const now = env.ctx.clock.date();
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const stamp = now.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${stamp}`,
    error_codes: [code],
    timestamp: stamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${env.ctx.baseUrl}/login/error?code=${code}`,
  }, { "cache-control": "no-store" });
}

export function discoveryDocument(env: EntraEnv): Record<string, unknown> {
  const base = `${env.ctx.baseUrl}/login/${TENANT_ID}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: issuerV2(env),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${env.ctx.baseUrl}/graph/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

/** Entra ignores the port of http://localhost redirect URIs; everything else must match exactly. */
function redirectMatches(registered: string, candidate: string): boolean {
  if (registered === candidate) return true;
  try {
    const a = new URL(registered);
    const b = new URL(candidate);
    const loopback = (h: string) => h === "localhost" || h === "127.0.0.1" || h === "[::1]";
    return a.protocol === "http:" && b.protocol === "http:" && loopback(a.hostname) && a.hostname === b.hostname && a.pathname === b.pathname && a.search === b.search;
  } catch {
    return false;
  }
}

const clientInfo = (user: EntraUser) => Buffer.from(JSON.stringify({ uid: user.id, utid: TENANT_ID })).toString("base64url");

function errorPage(code: number, message: string): SandboxResponse {
  return html(400, `<!doctype html><html><head><meta charset="utf-8"><title>Sign in - sandbox</title></head><body><h1>Sorry, but we're having trouble signing you in.</h1><p id="error">AADSTS${code}: ${escapeHtml(message)}</p></body></html>`);
}

const AUTH_PARAMS = ["client_id", "response_type", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "response_mode", "prompt", "login_hint", "client_info"];

function validateAuthorize(env: EntraEnv, params: URLSearchParams): { app: EntraApplication; redirectUri: string } | SandboxResponse {
  const clientId = params.get("client_id") ?? "";
  const app = env.state.applicationByAppId(clientId);
  if (!app) return errorPage(700016, `Application with identifier '${clientId}' was not found in the directory '${TENANT_ID}'.`);
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!app.web.redirectUris.some((r) => redirectMatches(r, redirectUri)))
    return errorPage(50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
  if (params.get("response_type") !== "code") return errorPage(900144, "The request body must contain the following parameter: 'response_type' with value 'code'.");
  const method = params.get("code_challenge_method");
  if (params.get("code_challenge") && method !== "S256" && method !== "plain") return errorPage(50147, "Invalid code_challenge_method.");
  return { app, redirectUri };
}

function signInPage(env: EntraEnv, params: URLSearchParams, app: EntraApplication): SandboxResponse {
  const q = (params.get("sandbox_q") ?? params.get("login_hint") ?? "").trim().toLowerCase();
  const all = env.state.userList;
  const matches = (q ? all.filter((u) => u.userPrincipalName.toLowerCase().includes(q) || (u.displayName ?? "").toLowerCase().includes(q)) : all).slice(0, 100);
  const hidden = AUTH_PARAMS.map((k) => params.get(k) === null ? "" : `<input type="hidden" name="${k}" value="${escapeHtml(params.get(k) ?? "")}">`).join("");
  const action = `/login/${TENANT_ID}/oauth2/v2.0/authorize`;
  const rows = matches
    .map((u) => `<li><button type="submit" name="user_oid" value="${u.id}" data-upn="${escapeHtml(u.userPrincipalName)}">${escapeHtml(u.displayName ?? u.userPrincipalName)} <small>${escapeHtml(u.userPrincipalName)}</small>${u.accountEnabled ? "" : " <em>(disabled)</em>"}</button></li>`)
    .join("");
  return html(200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to your account - sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}li{list-style:none;margin:.25rem 0}button{width:100%;text-align:left;padding:.5rem;border:1px solid #ccc;background:#fff;border-radius:4px;cursor:pointer}small{color:#555;margin-left:.5rem}</style></head>
<body><h1>Pick an account</h1><p>Sandbox Microsoft identity platform — signing in to <strong>${escapeHtml(app.displayName)}</strong>. Consent is implied.</p>
<form method="get" action="${action}">${hidden}<input name="sandbox_q" placeholder="Search users" value="${escapeHtml(q)}"><button type="submit" style="width:auto">Search</button></form>
<form method="post" action="${action}">${hidden}<ul>${rows}</ul></form>
<p>${matches.length} of ${all.length} users shown.</p></body></html>`);
}

function redirectWith(redirectUri: string, mode: string | null, values: Record<string, string>): SandboxResponse {
  if (mode === "form_post") {
    const inputs = Object.entries(values).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`).join("");
    return html(200, `<!doctype html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()"><form method="POST" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`);
  }
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(values)) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.toString(), "cache-control": "no-store" }, body: "" };
}

function authorize(env: EntraEnv, req: SandboxRequest): SandboxResponse {
  const params = req.method === "POST" ? readForm(req) : req.url.searchParams;
  const checked = validateAuthorize(env, params);
  if ("status" in checked) return checked;
  const { app, redirectUri } = checked;
  const userOid = params.get("user_oid");
  if (!userOid) return signInPage(env, params, app);
  const user = env.state.users.get(userOid);
  if (!user) return errorPage(50034, "The user account does not exist in the directory.");
  if (!user.accountEnabled) return errorPage(50057, "The user account is disabled.");
  const sp = env.state.servicePrincipalByAppId(app.appId);
  if (sp?.appRoleAssignmentRequired && !userRoles(env, user, sp.id).assigned)
    return errorPage(50105, `Your administrator has configured the application ${app.displayName} ('${app.appId}') to block users unless they are specifically granted ('assigned') access to the application.`);
  const code = `1.${randomBytes(48).toString("base64url")}`;
  env.state.codes.set(code, {
    code,
    clientId: app.appId,
    redirectUri,
    userId: user.id,
    scopes: (params.get("scope") ?? "openid").split(/\s+/).filter(Boolean),
    nonce: params.get("nonce"),
    codeChallenge: params.get("code_challenge"),
    codeChallengeMethod: params.get("code_challenge_method"),
    expiresAt: env.ctx.clock.now() + CODE_LIFETIME_MS,
    redeemed: false,
  });
  const values: Record<string, string> = { code };
  if (params.get("client_info") === "1") values.client_info = clientInfo(user);
  const state = params.get("state");
  if (state !== null) values.state = state;
  values.session_state = randomUUID();
  return redirectWith(redirectUri, params.get("response_mode"), values);
}

/** App roles of a user on a resource: direct assignments and those through groups the user is a direct member of. */
export function userRoles(env: EntraEnv, user: EntraUser, resourceId: string): { assigned: boolean; roles: string[] } {
  const principals = new Set([user.id, ...(env.state.memberOf.get(user.id) ?? [])]);
  const sp = env.state.servicePrincipals.get(resourceId);
  const app = sp ? env.state.applications.get(sp.applicationId) : undefined;
  let assigned = false;
  const roles = new Set<string>();
  for (const a of env.state.assignments.values()) {
    if (a.resourceId !== resourceId || !principals.has(a.principalId)) continue;
    assigned = true;
    const role = app?.appRoles.find((r) => r.id === a.appRoleId);
    if (role?.value) roles.add(role.value);
  }
  return { assigned, roles: [...roles].sort() };
}

function authenticateClient(env: EntraEnv, req: SandboxRequest, form: URLSearchParams): EntraApplication | SandboxResponse {
  let clientId = form.get("client_id");
  let secret = form.get("client_secret");
  const basic = req.headers.authorization;
  if (typeof basic === "string" && basic.startsWith("Basic ")) {
    const [id, pw] = Buffer.from(basic.slice(6), "base64").toString("utf8").split(":");
    clientId = decodeURIComponent(id ?? "");
    secret = decodeURIComponent(pw ?? "");
  }
  if (!clientId) return aadError(env, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
  const app = env.state.applicationByAppId(clientId);
  if (!app || app.visibleAt > env.ctx.clock.now())
    return aadError(env, 400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${TENANT_ID}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
  if (form.get("client_assertion")) return aadError(env, 401, "invalid_client", 700027, "Client assertion failed signature validation (the sandbox accepts client secrets only).");
  if (!secret) return aadError(env, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  if (!app.secrets.includes(secret)) return aadError(env, 401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  return app;
}

function baseClaims(env: EntraEnv, lifetimeSeconds: number): Record<string, number | string> {
  const nowS = Math.floor(env.ctx.clock.now() / 1000);
  return { iat: nowS, nbf: nowS, exp: nowS + lifetimeSeconds, tid: TENANT_ID, uti: randomBytes(16).toString("base64url"), rh: "0.sandbox." };
}

function tokenResponse(env: EntraEnv, body: Record<string, unknown>): SandboxResponse {
  return json(200, body, { "cache-control": "no-store, no-cache", pragma: "no-cache" });
}

function clientCredentials(env: EntraEnv, app: EntraApplication, form: URLSearchParams): SandboxResponse {
  const scope = form.get("scope") ?? "";
  const scopes = scope.split(/\s+/).filter(Boolean);
  if (scopes.length !== 1 || !scopes[0]?.endsWith("/.default"))
    return aadError(env, 400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  const resource = (scopes[0] as string).slice(0, -"/.default".length);
  if (resource !== GRAPH_RESOURCE && resource !== GRAPH_RESOURCE_APP_ID)
    return aadError(env, 400, "invalid_resource", 500011, `The resource principal named ${resource} was not found in the tenant named ${TENANT_ID}.`);
  const sp = env.state.servicePrincipalByAppId(app.appId);
  const lifetime = env.state.config.tokenLifetimeSeconds;
  const roles = [...(sp?.grantedGraphPermissions ?? [])].sort();
  const claims: Record<string, unknown> = {
    aud: GRAPH_RESOURCE,
    iss: issuerV1(env),
    ...baseClaims(env, lifetime),
    app_displayname: app.displayName,
    appid: app.appId,
    appidacr: "1",
    idp: issuerV1(env),
    idtyp: "app",
    oid: sp?.id ?? app.id,
    sub: sp?.id ?? app.id,
    ver: "1.0",
    xms_tcdt: 1600000000,
  };
  if (roles.length) claims.roles = roles;
  return tokenResponse(env, { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: signJwt(env.tokenKey, claims) });
}

function userTokens(env: EntraEnv, app: EntraApplication, user: EntraUser, scopes: string[], nonce: string | null): SandboxResponse {
  const lifetime = env.state.config.tokenLifetimeSeconds;
  const sp = env.state.servicePrincipalByAppId(app.appId);
  const { roles } = sp ? userRoles(env, user, sp.id) : { roles: [] };
  const sub = createHash("sha256").update(`${user.id}:${app.appId}`).digest("base64url").slice(0, 43);
  const idClaims: Record<string, unknown> = {
    aud: app.appId,
    iss: issuerV2(env),
    ...baseClaims(env, lifetime),
    name: user.displayName ?? user.userPrincipalName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    sub,
    ver: "2.0",
    aio: randomBytes(24).toString("base64url"),
  };
  if (nonce) idClaims.nonce = nonce;
  if (roles.length) idClaims.roles = roles;
  if (scopes.includes("email") && user.mail) idClaims.email = user.mail;
  const resourceScopes = scopes.filter((s) => !["openid", "profile", "email", "offline_access"].includes(s));
  const scp = resourceScopes.map((s) => s.replace(`${GRAPH_RESOURCE}/`, "")).join(" ") || "User.Read";
  const accessClaims: Record<string, unknown> = {
    aud: GRAPH_RESOURCE_APP_ID,
    iss: issuerV1(env),
    ...baseClaims(env, lifetime),
    appid: app.appId,
    app_displayname: app.displayName,
    idtyp: "user",
    name: user.displayName,
    oid: user.id,
    scp,
    sub,
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    ver: "1.0",
  };
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: [...new Set([...scp.split(" "), ...scopes.filter((s) => ["openid", "profile", "email"].includes(s))])].join(" "),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: signJwt(env.tokenKey, accessClaims),
    id_token: signJwt(env.tokenKey, idClaims),
    client_info: clientInfo(user),
  };
  if (scopes.includes("offline_access")) {
    const refresh = `1.${randomBytes(64).toString("base64url")}`;
    env.state.refreshTokens.set(refresh, { clientId: app.appId, userId: user.id, scopes, expiresAt: env.ctx.clock.now() + REFRESH_LIFETIME_MS });
    body.refresh_token = refresh;
  }
  return tokenResponse(env, body);
}

function authorizationCode(env: EntraEnv, app: EntraApplication, form: URLSearchParams): SandboxResponse {
  const code = form.get("code") ?? "";
  const record = env.state.codes.get(code);
  if (!record || record.clientId !== app.appId)
    return aadError(env, 400, "invalid_grant", 70000, "The provided value for the 'code' parameter is not valid.");
  if (record.redeemed) return aadError(env, 400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
  record.redeemed = true;
  if (record.expiresAt <= env.ctx.clock.now())
    return aadError(env, 400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");
  if ((form.get("redirect_uri") ?? "") !== record.redirectUri)
    return aadError(env, 400, "invalid_grant", 500112, `The reply address '${form.get("redirect_uri") ?? ""}' does not match the reply address '${record.redirectUri}' provided when requesting Authorization code.`);
  if (record.codeChallenge) {
    const verifier = form.get("code_verifier");
    if (!verifier) return aadError(env, 400, "invalid_request", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");
    const computed = record.codeChallengeMethod === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
    if (computed !== record.codeChallenge)
      return aadError(env, 400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
  }
  const user = env.state.users.get(record.userId);
  if (!user || !user.accountEnabled) return aadError(env, 400, "invalid_grant", 50057, "The user account is disabled.");
  const requested = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);
  return userTokens(env, app, user, [...new Set([...record.scopes, ...requested])], record.nonce);
}

function refreshToken(env: EntraEnv, app: EntraApplication, form: URLSearchParams): SandboxResponse {
  const token = form.get("refresh_token") ?? "";
  const record = env.state.refreshTokens.get(token);
  if (!record || record.clientId !== app.appId) return aadError(env, 400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
  if (record.expiresAt <= env.ctx.clock.now()) return aadError(env, 400, "invalid_grant", 700082, "The refresh token has expired due to inactivity.");
  const user = env.state.users.get(record.userId);
  if (!user || !user.accountEnabled) return aadError(env, 400, "invalid_grant", 50057, "The user account is disabled.");
  env.state.refreshTokens.delete(token);
  const requested = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);
  return userTokens(env, app, user, [...new Set([...record.scopes, ...requested, "offline_access"])], null);
}

function token(env: EntraEnv, req: SandboxRequest): SandboxResponse {
  if (req.method !== "POST") return aadError(env, 405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
  const form = readForm(req);
  const grant = form.get("grant_type");
  const app = authenticateClient(env, req, form);
  if ("status" in app) return app;
  switch (grant) {
    case "client_credentials":
      return clientCredentials(env, app, form);
    case "authorization_code":
      return authorizationCode(env, app, form);
    case "refresh_token":
      return refreshToken(env, app, form);
    default:
      return aadError(env, 400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant ?? ""}'.`);
  }
}

/**
 * The end-session endpoint (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#send-a-sign-out-request).
 * The sandbox keeps no browser session (the picker asks every time), so signing out only decides where the browser
 * goes: back to post_logout_redirect_uri when it is one of the app's registered redirect URIs, otherwise to the
 * generic "You signed out" page, as Entra does. It never redirects to an unregistered address (no open redirect).
 */
function logout(env: EntraEnv, req: SandboxRequest): SandboxResponse {
  const params = req.method === "POST" ? readForm(req) : req.url.searchParams;
  const target = params.get("post_logout_redirect_uri");
  const app = env.state.applicationByAppId(params.get("client_id") ?? "");
  if (target && app && app.web.redirectUris.some((r) => redirectMatches(r, target))) {
    return { status: 302, headers: { location: target, "cache-control": "no-store" }, body: "" };
  }
  return html(200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out - sandbox</title></head><body><h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>${target ? `<p id="not-registered">${escapeHtml(target)} is not a registered redirect URI of this app, so you stay here.</p>` : ""}</body></html>`);
}

/** The Microsoft identity platform under /login/{tenantId}/…; `rest` is the part after the tenant. */
export function handleIdentity(env: EntraEnv, req: SandboxRequest, rest: string): SandboxResponse | undefined {
  switch (rest) {
    case "/v2.0/.well-known/openid-configuration":
      return json(200, discoveryDocument(env));
    case "/discovery/v2.0/keys":
    case "/discovery/keys":
      return json(200, { keys: [jwk(env.tokenKey, issuerV2(env))] });
    case "/oauth2/v2.0/authorize":
      return authorize(env, req);
    case "/oauth2/v2.0/token":
      return token(env, req);
    case "/oauth2/v2.0/logout":
      return logout(env, req);
    default:
      return undefined;
  }
}
