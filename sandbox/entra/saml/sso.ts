import { randomUUID } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { DOMParser, type Element } from "@xmldom/xmldom";
import type { SandboxRequest, SandboxResponse } from "../../core/types";
import type { EntraEnv } from "../env";
import { recordSignIn } from "../graph/sign-ins";
import { escapeHtml, html, readForm } from "../http";
import type { EntraApplication, EntraServicePrincipal } from "../state";
import { TENANT_ID } from "../tenant";
import { SAML_NS, defaultReplyUrl, samlSignIn } from "./response";

/**
 * The tenant's SAML endpoint /login/{tenant}/saml2 (SP-initiated, HTTP-Redirect or HTTP-POST binding), the
 * "My Apps" style launch /login/{tenant}/saml2/launch?appId=… (IdP-initiated), the account picker between them
 * and the auto-POST of the SAMLResponse to the app's reply URL.
 * Request rules: https://learn.microsoft.com/entra/identity-platform/single-sign-on-saml-protocol#authnrequest.
 */

const HOSTILE = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

interface ParsedRequest {
  id: string;
  issuer: string;
  acsUrl: string | null;
}

type Checked = { app: EntraApplication; sp: EntraServicePrincipal; request: ParsedRequest | null };

class SamlRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly app?: EntraApplication,
  ) {
    super(message);
  }
}

/**
 * Where the sandbox posts a reply URL that names a real AWS sign-in host: the same path on the sandbox (the AWS
 * module serves /platform/saml/acs/{id}; /saml is the legacy per-account endpoint). Other URLs are kept.
 */
export function toSandboxUrl(url: string, baseUrl: string): string {
  try {
    const u = new URL(url);
    if (/(^|\.)signin\.aws\.amazon\.com$/i.test(u.hostname) || /\.sso\.signin\.aws$/i.test(u.hostname)) return `${baseUrl}${u.pathname}${u.search}`;
  } catch {
    // not a URL: posted as is
  }
  return url;
}

function errorPage(env: EntraEnv, code: number, message: string): SandboxResponse {
  const stamp = env.ctx.clock.date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return html(
    400,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title></head><body><h1>Sign in</h1>` +
      `<h2>Sorry, but we're having trouble signing you in.</h2><p id="error" data-code="AADSTS${code}">AADSTS${code}: ${escapeHtml(message)}</p>` +
      `<dl><dt>Request Id</dt><dd>${randomUUID()}</dd><dt>Correlation Id</dt><dd>${randomUUID()}</dd><dt>Timestamp</dt><dd>${stamp}</dd></dl></body></html>`,
  );
}

function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === n.ELEMENT_NODE) out.push(n as Element);
  return out;
}

function decodeRequest(encoded: string, binding: "redirect" | "post"): string {
  const raw = Buffer.from(encoded, "base64");
  return binding === "redirect" ? inflateRawSync(raw).toString("utf8") : raw.toString("utf8");
}

/** Parses and checks an AuthnRequest; failures are the AADSTS codes Entra answers. */
function checkRequest(env: EntraEnv, encoded: string, binding: "redirect" | "post"): Checked {
  let xml: string;
  try {
    xml = decodeRequest(encoded, binding);
  } catch {
    throw new SamlRequestError(75005, "The request is not a valid Saml2 protocol message.");
  }
  if (HOSTILE.test(xml)) throw new SamlRequestError(75005, "The request is not a valid Saml2 protocol message.");
  let root: Element | null;
  try {
    root = new DOMParser({ onError: (level) => { if (level !== "warning") throw new Error("not well-formed"); } }).parseFromString(xml, "text/xml").documentElement;
  } catch {
    root = null;
  }
  if (!root || root.namespaceURI !== SAML_NS.protocol || root.localName !== "AuthnRequest") throw new SamlRequestError(75005, "The request is not a valid Saml2 protocol message.");
  const id = root.getAttribute("ID") ?? "";
  const children = childElements(root);
  const issuer = (children.find((c) => c.localName === "Issuer" && c.namespaceURI === SAML_NS.assertion)?.textContent ?? "").trim();
  const app = [...env.state.applications.values()].find((a) => a.identifierUris.includes(issuer) && a.visibleAt <= env.ctx.clock.now());
  const sp = app ? env.state.servicePrincipalByAppId(app.appId) : undefined;
  if (!app || !sp)
    throw new SamlRequestError(
      700016,
      `Application with identifier '${issuer}' was not found in the directory '${TENANT_ID}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  if (!id) throw new SamlRequestError(75005, "The request is not a valid Saml2 protocol message: the AuthnRequest has no ID.", app);
  if (/^\d/.test(id)) throw new SamlRequestError(7500529, `The value '${id}' is not a valid SAML ID. The ID must not begin with a number.`, app);
  if (children.some((c) => c.localName === "Subject")) throw new SamlRequestError(75005, "The request is not a valid Saml2 protocol message: Subject is not supported in an AuthnRequest.", app);
  const context = children.find((c) => c.localName === "RequestedAuthnContext");
  if (context && (context.getAttribute("Comparison") ?? "exact") !== "exact") throw new SamlRequestError(75011, "Authentication method by which the user authenticated with the service doesn't match requested authentication method.", app);
  const acsUrl = root.getAttribute("AssertionConsumerServiceURL");
  if (acsUrl && !app.web.redirectUris.some((r) => !r.includes("*") && r === acsUrl))
    throw new SamlRequestError(
      50011,
      `The redirect URI '${acsUrl}' specified in the request does not match the redirect URIs configured for the application '${app.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
      app,
    );
  return { app, sp, request: { id, issuer, acsUrl: acsUrl || null } };
}

function picker(env: EntraEnv, app: EntraApplication, hidden: Record<string, string>, query: string): SandboxResponse {
  const q = query.trim().toLowerCase();
  const all = env.state.userList;
  const matches = (q ? all.filter((u) => u.userPrincipalName.toLowerCase().includes(q) || (u.displayName ?? "").toLowerCase().includes(q)) : all).slice(0, 100);
  const inputs = Object.entries(hidden).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`).join("");
  const rows = matches
    .map((u) => `<li><button type="submit" name="user_oid" value="${u.id}" data-upn="${escapeHtml(u.userPrincipalName)}">${escapeHtml(u.displayName ?? u.userPrincipalName)} <small>${escapeHtml(u.userPrincipalName)}</small>${u.accountEnabled ? "" : " <em>(disabled)</em>"}</button></li>`)
    .join("");
  const action = `/login/${TENANT_ID}/saml2/continue`;
  return html(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to your account - sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}li{list-style:none;margin:.25rem 0}button{text-align:left;padding:.5rem;border:1px solid #ccc;background:#fff;border-radius:4px;cursor:pointer}li button{width:100%}small{color:#555;margin-left:.5rem}</style></head>
<body><h1>Pick an account</h1><p>Sandbox Microsoft identity platform (SAML) — signing in to <strong>${escapeHtml(app.displayName)}</strong>.</p>
<form method="post" action="${action}">${inputs}<input name="sandbox_q" placeholder="Search users" value="${escapeHtml(q)}"><button type="submit" name="search" value="1">Search</button></form>
<form method="post" action="${action}">${inputs}<ul>${rows}</ul></form>
<p>${matches.length} of ${all.length} users shown.</p></body></html>`,
  );
}

/** The HTTP-POST binding page: a form and a script the sandbox serves (no inline script, so a strict CSP holds). */
function autoPost(env: EntraEnv, destination: string, samlResponse: string, relayState: string | null): SandboxResponse {
  const action = toSandboxUrl(destination, env.ctx.baseUrl);
  const relay = relayState === null ? "" : `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">`;
  return html(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Working...</title></head><body>` +
      `<form id="saml-post" method="post" action="${escapeHtml(action)}"><input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}">${relay}<noscript><button type="submit">Continue</button></noscript></form>` +
      `<script src="/login/${TENANT_ID}/saml2/autopost.js"></script></body></html>`,
  );
}

const AUTOPOST_JS = `document.getElementById("saml-post").submit();\n`;

function clientIp(req: SandboxRequest): string {
  const forwarded = req.headers["x-forwarded-for"];
  return typeof forwarded === "string" && forwarded ? (forwarded.split(",")[0] ?? "").trim() : "127.0.0.1";
}

/** The picked account: Entra's checks, the sign-in log row for the attempt, then the response or the error page. */
function complete(env: EntraEnv, req: SandboxRequest, checked: Checked, userOid: string, relayState: string | null): SandboxResponse {
  const { app, sp, request } = checked;
  const user = env.state.users.get(userOid);
  const at = env.ctx.clock.date();
  const appRef = { appId: app.appId, displayName: app.displayName };
  if (!user) {
    recordSignIn(env.state, { at, user: null, attemptedUpn: userOid, app: appRef, errorCode: 50034, failureReason: "The user account does not exist in the directory.", ipAddress: clientIp(req) });
    return errorPage(env, 50034, `The user account ${userOid} does not exist in the ${TENANT_ID} directory. To sign into this application, the account must be added to the directory.`);
  }
  const result = samlSignIn(env, {
    app,
    sp,
    user,
    inResponseTo: request?.id,
    acsUrl: request?.acsUrl ?? undefined,
    audience: request?.issuer,
    relayState: relayState ?? (request ? null : sp.samlSingleSignOnSettings?.relayState ?? null),
  });
  recordSignIn(env.state, {
    at,
    user,
    app: appRef,
    errorCode: result.ok ? 0 : result.code,
    failureReason: result.ok ? undefined : result.message,
    ipAddress: clientIp(req),
  });
  if (!result.ok) return errorPage(env, result.code, result.message);
  return autoPost(env, result.destination, result.samlResponse, result.relayState);
}

function failed(env: EntraEnv, req: SandboxRequest, error: SamlRequestError): SandboxResponse {
  // Entra logs a row for request errors it can tie to an app; without a user it names none.
  if (error.app) recordSignIn(env.state, { at: env.ctx.clock.date(), user: null, app: { appId: error.app.appId, displayName: error.app.displayName }, errorCode: error.code, failureReason: error.message, ipAddress: clientIp(req) });
  return errorPage(env, error.code, error.message);
}

/** Routes under /login/{tenant}/saml2…; undefined when `rest` is not one of them. */
export function handleSaml(env: EntraEnv, req: SandboxRequest, rest: string): SandboxResponse | undefined {
  const path = rest.toLowerCase();
  if (path === "/saml2/autopost.js") return { status: 200, headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" }, body: AUTOPOST_JS };
  try {
    if (path === "/saml2") {
      const params = req.method === "POST" ? readForm(req) : req.url.searchParams;
      const encoded = params.get("SAMLRequest");
      if (!encoded) throw new SamlRequestError(750054, "SAMLRequest or SAMLResponse must be present as query string parameters in HTTP request for SAML Redirect binding.");
      const binding = req.method === "POST" ? "post" : "redirect";
      const checked = checkRequest(env, encoded, binding);
      const hidden: Record<string, string> = { SAMLRequest: encoded, binding };
      const relay = params.get("RelayState");
      if (relay !== null) hidden.RelayState = relay;
      return picker(env, checked.app, hidden, params.get("login_hint") ?? "");
    }
    if (path === "/saml2/launch") {
      const appId = req.url.searchParams.get("appId") ?? req.url.searchParams.get("appid") ?? "";
      const app = env.state.applicationByAppId(appId);
      if (!app || !env.state.servicePrincipalByAppId(appId) || !defaultReplyUrl(app))
        throw new SamlRequestError(700016, `Application with identifier '${appId}' was not found in the directory '${TENANT_ID}' or has no reply URL for SAML sign-on.`);
      return picker(env, app, { appId }, "");
    }
    if (path === "/saml2/continue" && req.method === "POST") {
      const form = readForm(req);
      const encoded = form.get("SAMLRequest");
      let checked: Checked;
      if (encoded) checked = checkRequest(env, encoded, form.get("binding") === "post" ? "post" : "redirect");
      else {
        const app = env.state.applicationByAppId(form.get("appId") ?? "");
        const sp = app ? env.state.servicePrincipalByAppId(app.appId) : undefined;
        if (!app || !sp) throw new SamlRequestError(700016, `Application with identifier '${form.get("appId") ?? ""}' was not found in the directory '${TENANT_ID}'.`);
        checked = { app, sp, request: null };
      }
      const userOid = form.get("user_oid");
      if (!userOid) {
        const hidden: Record<string, string> = {};
        for (const key of ["SAMLRequest", "binding", "RelayState", "appId"]) {
          const v = form.get(key);
          if (v !== null) hidden[key] = v;
        }
        return picker(env, checked.app, hidden, form.get("sandbox_q") ?? "");
      }
      return complete(env, req, checked, userOid, form.get("RelayState"));
    }
  } catch (error) {
    if (error instanceof SamlRequestError) return failed(env, req, error);
    throw error;
  }
  return undefined;
}
