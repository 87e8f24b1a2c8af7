import { randomUUID } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { SANDBOX } from "../../fixtures";
import { userRoles } from "../identity/platform";
import type { EntraEnv } from "../env";
import { TENANT_ID } from "../tenant";
import type { EntraApplication, EntraServicePrincipal, EntraUser } from "../state";
import { activeCertificate } from "./metadata";
import type { GeneratedCertificate } from "./certificates";

/**
 * Entra ID as a SAML 2.0 IdP for any SAML app of the tenant: checks a user against the app and issues the
 * SAMLResponse Entra sends (https://learn.microsoft.com/entra/identity-platform/single-sign-on-saml-protocol).
 * The HTTP pages are in ./sso.ts; other sandbox code calls `samlSignIn` directly.
 */

export const SAML_NS = { protocol: "urn:oasis:names:tc:SAML:2.0:protocol", assertion: "urn:oasis:names:tc:SAML:2.0:assertion" };
const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";
/** Microsoft's sample: the subject confirmation is good for 5 minutes, the conditions for 70 (https://learn.microsoft.com/entra/identity-platform/single-sign-on-saml-protocol#response). */
const CONFIRMATION_MS = 5 * 60_000;
const CONDITIONS_MS = 70 * 60_000;

/** A claim source as the "Attributes & Claims" blade names them, or a constant. */
export interface SamlClaim {
  name: string;
  source?: string;
  value?: string;
}

/**
 * The app's claims configuration (sandbox fixture: the portal-side "Attributes & Claims" blade has no v1.0 Graph
 * API). `nameIdSource` is the Unique User Identifier's source attribute.
 */
export interface SamlClaimsConfig {
  nameIdSource: string;
  attributes: SamlClaim[];
}

const LEGACY_AWS = "https://aws.amazon.com/SAML/Attributes";

/**
 * Defaults per template: UPN as NameID plus the standard claims for every app; the legacy AWS Single-Account
 * Access app adds Role, RoleSessionName and SessionDuration
 * (https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial).
 */
export function defaultClaims(legacyAws: boolean): SamlClaimsConfig {
  const attributes: SamlClaim[] = [
    { name: `${CLAIMS}/emailaddress`, source: "user.mail" },
    { name: `${CLAIMS}/givenname`, source: "user.givenname" },
    { name: `${CLAIMS}/name`, source: "user.userprincipalname" },
    { name: `${CLAIMS}/surname`, source: "user.surname" },
  ];
  if (legacyAws)
    attributes.push(
      { name: `${LEGACY_AWS}/Role`, source: "user.assignedroles" },
      { name: `${LEGACY_AWS}/RoleSessionName`, source: "user.userprincipalname" },
      { name: `${LEGACY_AWS}/SessionDuration`, value: "900" },
    );
  return { nameIdSource: "user.userprincipalname", attributes };
}

export function claimsOf(sp: EntraServicePrincipal): SamlClaimsConfig {
  return sp.samlClaims ?? defaultClaims(sp.applicationTemplateId === SANDBOX.entra.templates.singleAccount);
}

/**
 * The claims a sign-in emits: the app's configuration, with the claims of a linked claims mapping policy in place
 * of those of the same SAML claim type (a schema entry is a user attribute `Source`/`ID` or a constant `Value`:
 * https://learn.microsoft.com/entra/identity-platform/reference-claims-customization#claims-schema). The Graph
 * routes keep only definitions that parse, so one that does not is ignored here.
 */
export function emittedClaims(env: EntraEnv, sp: EntraServicePrincipal): SamlClaimsConfig {
  const base = claimsOf(sp);
  const policyId = env.state.claimsPolicyOf.get(sp.id);
  const definition = policyId ? env.state.claimsPolicies.get(policyId)?.definition[0] : undefined;
  if (!definition) return base;
  let schema: unknown;
  try {
    schema = (JSON.parse(definition) as { ClaimsMappingPolicy?: { ClaimsSchema?: unknown } }).ClaimsMappingPolicy?.ClaimsSchema;
  } catch {
    return base;
  }
  const mapped: SamlClaim[] = (Array.isArray(schema) ? (schema as Record<string, unknown>[]) : []).flatMap((e): SamlClaim[] =>
    typeof e.SamlClaimType !== "string"
      ? []
      : typeof e.Value === "string"
        ? [{ name: e.SamlClaimType, value: e.Value }]
        : typeof e.Source === "string" && typeof e.ID === "string"
          ? [{ name: e.SamlClaimType, source: `${e.Source}.${e.ID}` }]
          : [],
  );
  const names = new Set(mapped.map((c) => c.name));
  return { nameIdSource: base.nameIdSource, attributes: [...base.attributes.filter((a) => !names.has(a.name)), ...mapped] };
}

function sourceValues(env: EntraEnv, sp: EntraServicePrincipal, user: EntraUser, source: string): string[] {
  switch (source.toLowerCase()) {
    case "user.userprincipalname":
      return [user.userPrincipalName];
    case "user.mail":
      return user.mail ? [user.mail] : [];
    case "user.givenname":
      return user.givenName ? [user.givenName] : [];
    case "user.surname":
      return user.surname ? [user.surname] : [];
    case "user.displayname":
      return user.displayName ? [user.displayName] : [];
    case "user.objectid":
      return [user.id];
    case "user.mailnickname":
      return [user.mailNickname];
    case "user.employeeid":
      return user.employeeId ? [user.employeeId] : [];
    case "user.assignedroles":
      return userRoles(env, user, sp.id).roles.filter((r) => r !== "msiam_access");
    default:
      return [];
  }
}

export type SamlSignInResult =
  | { ok: true; responseXml: string; samlResponse: string; destination: string; relayState: string | null; nameId: string; assertionId: string }
  | { ok: false; code: number; message: string };

export interface SamlSignInRequest {
  app: EntraApplication;
  sp: EntraServicePrincipal;
  user: EntraUser;
  /** The AuthnRequest ID; none for an IdP-initiated (unsolicited) response. */
  inResponseTo?: string;
  /** The ACS the request asked for (already checked against the reply URLs); else the app's default reply URL. */
  acsUrl?: string;
  /** The request's Issuer; else the app's first identifier. */
  audience?: string;
  relayState?: string | null;
}

const esc = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const instant = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const pem = (cert: GeneratedCertificate) => `-----BEGIN CERTIFICATE-----\n${cert.der.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;

/** The reply URL an unsolicited response goes to: the default one (first exact URL; wildcards are never posted to). */
export function defaultReplyUrl(app: EntraApplication): string | undefined {
  return app.web.redirectUris.find((u) => !u.includes("*"));
}

/**
 * Checks the user as Entra does for a SAML app (exists, enabled, assigned when assignment is required — directly or
 * through a group they are a direct member of; nested groups do not count) and, when they pass, issues a
 * SAMLResponse whose assertion is signed (RSA-SHA256, exclusive c14n) with the app's active signing certificate.
 * Does not write the sign-in log; `recordSignIn` is the caller's (the pages record every attempt).
 */
export function samlSignIn(env: EntraEnv, request: SamlSignInRequest): SamlSignInResult {
  const { app, sp, user } = request;
  if (!sp.accountEnabled) return { ok: false, code: 7000112, message: `Application '${app.appId}'(${app.displayName}) is disabled.` };
  if (!user.accountEnabled) return { ok: false, code: 50057, message: "The user account is disabled." };
  if (sp.appRoleAssignmentRequired && !userRoles(env, user, sp.id).assigned)
    return {
      ok: false,
      code: 50105,
      message: `Your administrator has configured the application ${app.displayName} ('${app.appId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '${user.userPrincipalName}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.`,
    };
  const cert = activeCertificate(env, app.appId);
  if (cert === "unknown-app") return { ok: false, code: 700016, message: `Application with identifier '${app.appId}' was not found in the directory '${TENANT_ID}'.` };
  const destination = request.acsUrl ?? defaultReplyUrl(app);
  if (!destination) return { ok: false, code: 50011, message: `The reply URL specified in the request does not match the reply URLs configured for the application: '${app.appId}'.` };
  // "Azure AD removes the value of #, and sends … https://signin.aws.amazon.com/saml as the audience URL" — how several
  // instances of the AWS app share one audience (https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial).
  const audience = (request.audience ?? app.identifierUris[0])?.replace(/#.*$/, "");
  if (!audience) return { ok: false, code: 700016, message: `Application with identifier '${app.appId}' has no identifier (Entity ID) configured.` };
  const claims = emittedClaims(env, sp);
  const nameId = sourceValues(env, sp, user, claims.nameIdSource)[0];
  if (!nameId) return { ok: false, code: 501241, message: `Mandatory Input '${claims.nameIdSource}' missing from transformation id 'CreateNameIdentifier'.` };

  const now = env.ctx.clock.now();
  const responseId = `_${randomUUID()}`;
  const assertionId = `_${randomUUID()}`;
  const issuer = `https://sts.windows.net/${TENANT_ID}/`;
  const irt = request.inResponseTo ? ` InResponseTo="${esc(request.inResponseTo)}"` : "";
  const attributes = claims.attributes
    .map((c) => ({ name: c.name, values: c.value !== undefined ? [c.value] : sourceValues(env, sp, user, c.source ?? "") }))
    .filter((a) => a.values.length > 0)
    .map((a) => `<Attribute Name="${esc(a.name)}">${a.values.map((v) => `<AttributeValue>${esc(v)}</AttributeValue>`).join("")}</Attribute>`)
    .join("");
  const assertion =
    `<Assertion xmlns="${SAML_NS.assertion}" ID="${assertionId}" IssueInstant="${instant(now)}" Version="2.0">` +
    `<Issuer>${esc(issuer)}</Issuer>` +
    `<Subject><NameID Format="${NAMEID_EMAIL}">${esc(nameId)}</NameID>` +
    `<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData${irt} NotOnOrAfter="${instant(now + CONFIRMATION_MS)}" Recipient="${esc(destination)}"/></SubjectConfirmation></Subject>` +
    `<Conditions NotBefore="${instant(now)}" NotOnOrAfter="${instant(now + CONDITIONS_MS)}"><AudienceRestriction><Audience>${esc(audience)}</Audience></AudienceRestriction></Conditions>` +
    `<AttributeStatement>${attributes}<Attribute Name="http://schemas.microsoft.com/identity/claims/tenantid"><AttributeValue>${TENANT_ID}</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/identity/claims/objectidentifier"><AttributeValue>${user.id}</AttributeValue></Attribute></AttributeStatement>` +
    `<AuthnStatement AuthnInstant="${instant(now)}" SessionIndex="${assertionId}"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement>` +
    `</Assertion>`;
  const unsigned =
    `<samlp:Response xmlns:samlp="${SAML_NS.protocol}" ID="${responseId}" Version="2.0" IssueInstant="${instant(now)}" Destination="${esc(destination)}"${irt}>` +
    `<Issuer xmlns="${SAML_NS.assertion}">${esc(issuer)}</Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`;
  // The assertion is signed (Entra's default "Sign SAML assertion", SHA-256: https://learn.microsoft.com/entra/identity/enterprise-apps/certificate-signing-options).
  const signer = new SignedXml({
    privateKey: cert.privateKey.export({ type: "pkcs8", format: "pem" }),
    publicCert: pem(cert),
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signer.addReference({
    xpath: `//*[local-name(.)='Assertion' and @ID='${assertionId}']`,
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  signer.computeSignature(unsigned, { location: { reference: `//*[local-name(.)='Assertion' and @ID='${assertionId}']/*[local-name(.)='Issuer']`, action: "after" } });
  const responseXml = signer.getSignedXml();
  return {
    ok: true,
    responseXml,
    samlResponse: Buffer.from(responseXml, "utf8").toString("base64"),
    destination,
    relayState: request.relayState ?? null,
    nameId,
    assertionId,
  };
}
