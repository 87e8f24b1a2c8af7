import { createAwsModule, type AwsModule } from "./aws/index";
import { startSandbox, type SandboxServer } from "./core/server";
import { SANDBOX } from "./fixtures";
import { createEntraModule, type EntraModule } from "./entra/index";
import { createSelfSignedCertificate } from "./entra/saml/certificates";
import { spValues } from "./aws/saml-metadata";

/**
 * Test support for the SAML sign-in: both clouds in one sandbox, the Identity Center app configured in Entra the
 * way the checklist leaves it (identifier, reply URL, an active signing certificate, assignments) and Entra's
 * federation metadata uploaded to Identity Center; plus a scripted browser for the SP- and IdP-initiated flows.
 */

export interface SignInSandbox {
  server: SandboxServer;
  entra: EntraModule;
  aws: AwsModule;
  appId: string;
  servicePrincipalId: string;
  close(): Promise<void>;
}

const TENANT = SANDBOX.entra.tenantId;

/** Where the sandbox answers: all the flows below need of it. */
export type SandboxAddress = Pick<SandboxServer, "url">;

export async function adminCall(server: SandboxAddress, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Makes a new signing certificate for the app and activates it in Entra (a rollover); returns its thumbprint. */
export async function rollCertificate(s: SignInSandbox): Promise<string> {
  const state = s.entra.env().state;
  const sp = state.servicePrincipals.get(s.servicePrincipalId);
  if (!sp) throw new Error("service principal missing");
  const now = s.entra.env().ctx.clock.now();
  const cert = await createSelfSignedCertificate("CN=Microsoft Azure Federated SSO Certificate", new Date(now - 60_000), new Date(now + 3 * 365 * 86400_000));
  sp.signingCertificates.push({ cert, customKeyIdentifier: cert.thumbprint, displayName: "CN=Microsoft Azure Federated SSO Certificate" });
  sp.preferredTokenSigningKeyThumbprint = cert.thumbprint;
  return cert.thumbprint;
}

/** Downloads Entra's federation metadata for the app and uploads it as Identity Center's external IdP. */
export async function uploadIdpMetadata(s: SignInSandbox): Promise<void> {
  const xml = await (await fetch(`${s.server.url}/login/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=${s.appId}`)).text();
  await adminCall(s.server, "POST", "/_sandbox/aws/identity-source", { type: "EXTERNAL_IDP", confirm: "ACCEPT", metadataXml: xml });
}

/** Adds an identity-store user (as provisioning would) and returns its UserId. */
export async function addAwsUser(s: SignInSandbox, userName: string): Promise<string> {
  const made = await adminCall(s.server, "POST", "/_sandbox/aws/users", { userName });
  return String(made.UserId ?? (made.user as Record<string, unknown> | undefined)?.UserId ?? s.aws.state().directory.userIdByUserName(userName));
}

/** A permission set assigned to a principal in an account, written straight into the state (provisioning is not under test). */
export function assign(s: SignInSandbox, accountId: string, permissionSetName: string, principal: { type: "USER" | "GROUP"; id: string }): void {
  const state = s.aws.state();
  const arn = `${state.instanceArn}/ps-${Buffer.from(permissionSetName).toString("hex").slice(0, 16)}`;
  if (!state.sso.permissionSets.has(arn))
    state.sso.permissionSets.set(arn, { arn, name: permissionSetName, sessionDuration: "PT1H", createdAt: Date.now(), tags: [], managedPolicies: [], version: 1 });
  state.sso.assignments.set(`${accountId}|${arn}|${principal.type}|${principal.id}`, { accountId, permissionSetArn: arn, principalType: principal.type, principalId: principal.id });
}

export async function startSignInSandbox(): Promise<SignInSandbox> {
  const entra = createEntraModule();
  const aws = createAwsModule();
  const server = await startSandbox({ port: 0, modules: [entra, aws] });
  await adminCall(server, "POST", "/_sandbox/aws/instance/enable");
  const made = await adminCall(server, "POST", "/_sandbox/entra/setup-aws-app", {});
  const s: SignInSandbox = { server, entra, aws, appId: String(made.appId), servicePrincipalId: String(made.servicePrincipalId), close: () => server.close() };
  const state = aws.state();
  const sp = spValues(state.region, state.identityStoreId, state.acsId);
  const app = entra.env().state.applicationByAppId(s.appId);
  if (!app) throw new Error("app missing");
  // What the checklist's basic SAML step sets: Identifier = the IAM IC issuer URL, Reply URL = its ACS URL.
  app.identifierUris = [sp.entityId];
  app.web.redirectUris = [sp.acsUrl];
  // The app is readable at once (no replication wait in these tests).
  app.visibleAt = 0;
  const principal = entra.env().state.servicePrincipals.get(s.servicePrincipalId);
  if (principal) principal.visibleAt = 0;
  await rollCertificate(s);
  await uploadIdpMetadata(s);
  return s;
}

export interface FormPage {
  status: number;
  html: string;
  url: string;
}

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (v: string) => v.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c))).replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The hidden inputs of the first form in a page whose action matches. */
export function formFields(html: string, action?: RegExp): { action: string; fields: Record<string, string> } {
  const forms = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((f) => !action || action.test(attr(f[0], "action") ?? "")) ?? forms[0];
  if (!form) throw new Error(`no form in page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of (form[1] ?? "").matchAll(/<input\b[^>]*>/g)) {
    const name = attr(input[0], "name");
    if (name && attr(input[0], "type") === "hidden") fields[name] = unescape(attr(input[0], "value") ?? "");
  }
  return { action: unescape(attr(form[0], "action") ?? ""), fields };
}

/** The user_oid behind the picker's button[data-upn]. */
export function pickUser(html: string, upn: string): string {
  const m = new RegExp(`<button[^>]*value="([^"]+)"[^>]*data-upn="${upn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`).exec(html);
  if (!m?.[1]) throw new Error(`no button for ${upn}`);
  return m[1];
}

async function post(url: string, fields: Record<string, string>): Promise<FormPage> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString(), redirect: "manual" });
  return { status: res.status, html: await res.text(), url };
}

export interface FlowResult {
  /** The page Entra answered the pick with: the auto-POST form or its error page. */
  entra: FormPage;
  /** The page AWS answered the POST with, when Entra posted one. */
  aws?: FormPage;
  samlResponse?: string;
  acs?: string;
}

/** Follows Entra's answer to a pick: posts the SAMLResponse to the ACS like the auto-POST script does. */
async function deliver(server: SandboxAddress, entraPage: FormPage): Promise<FlowResult> {
  if (entraPage.status !== 200) return { entra: entraPage };
  const { action, fields } = formFields(entraPage.html, /saml/);
  const acs = action.startsWith("/") ? `${server.url}${action}` : action;
  return { entra: entraPage, aws: await post(acs, fields), samlResponse: fields.SAMLResponse, acs };
}

/** SP-initiated: the access-portal start URL → Entra's picker → pick `upn` → Entra's answer → AWS's answer. */
export async function spInitiated(server: SandboxAddress, upn: string, identityStoreId: string = SANDBOX.aws.identityStoreId): Promise<FlowResult> {
  const start = await fetch(`${server.url}/awsapps/${identityStoreId}/start`, { redirect: "manual" });
  const location = start.headers.get("location");
  if (start.status !== 302 || !location) throw new Error(`start URL answered ${start.status}`);
  const pickerRes = await fetch(location);
  const picker = await pickerRes.text();
  if (pickerRes.status !== 200) return { entra: { status: pickerRes.status, html: picker, url: location } };
  const { action, fields } = formFields(picker, /continue/);
  const entra = await post(`${server.url}${action}`, { ...fields, user_oid: pickUser(picker, upn) });
  return deliver(server, entra);
}

/** IdP-initiated: Entra's launch URL for the app → pick `upn` → unsolicited response → AWS. */
export async function idpInitiated(server: SandboxAddress, appId: string, upn: string): Promise<FlowResult> {
  const launch = `${server.url}/login/${TENANT}/saml2/launch?appId=${appId}`;
  const picker = await (await fetch(launch)).text();
  const { action, fields } = formFields(picker, /continue/);
  const entra = await post(`${server.url}${action}`, { ...fields, user_oid: pickUser(picker, upn) });
  return deliver(server, entra);
}

/** Posts a captured SAMLResponse again (replay, or after the clock moved). */
export async function repost(flow: FlowResult): Promise<FormPage> {
  if (!flow.acs || !flow.samlResponse) throw new Error("nothing was posted");
  return post(flow.acs, { SAMLResponse: flow.samlResponse });
}
