import { randomUUID } from "node:crypto";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import type { SandboxRequest, SandboxResponse } from "../core/types";
import { recordCloudTrailEvent } from "./cloudtrail";
import { callSourceOf } from "./saml-trail";
import type { UserRecord } from "./directory";
import { signingCertificatesOf, spValues } from "./saml-metadata";
import type { AwsState } from "./state";

/**
 * IAM Identity Center's assertion consumer service, POST /platform/saml/acs/{acsId} (the path the SP metadata
 * declares), and the access portal it lands on. Checks: https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html
 * and https://docs.aws.amazon.com/singlesignon/latest/userguide/other-idps.html — one unencrypted assertion, signed
 * by a certificate of the uploaded IdP metadata, its issuer, the audience, the recipient (ACS), the validity window,
 * and a NameID exactly equal to the UserName of an existing identity-store user.
 */

const PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const HOSTILE = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
/** AWS documents no clock-skew tolerance for IAM Identity Center (UNCONFIRMED); 5 minutes, the usual SAML default. */
export const ACS_CLOCK_SKEW_MS = 5 * 60_000;

/** AWS's documented error pages (troubleshooting.html). Which page each cause shows is partly UNCONFIRMED (see each use). */
export const AWS_ERROR_PAGES = {
  unexpected: "An unexpected error has occurred",
  notYou: "It's not you, it is us",
} as const;

/**
 * The `errorMessage` the sandbox writes into ExternalIdPDirectoryLogin per cause. Only the InResponseTo one is
 * observed in public records; the others are UNCONFIRMED sandbox wording, stable so tests and the portal can key on it.
 */
export const ACS_FAILURE_MESSAGES = {
  requestId: (id: string) => `Not a valid response for the provided request id: ${id}`,
  signature: "Invalid signature: the assertion is not signed by a certificate of the identity provider metadata",
  issuer: "Issuer of the assertion does not match the identity provider metadata",
  audience: "Response does not contain the required audience",
  recipient: "Recipient of the assertion is not the assertion consumer service",
  expired: "The assertion is not yet valid or has expired",
  replay: "The assertion has already been used",
  malformed: "Not a valid SAML response",
  nameIdFormat: "NameID format is not urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  noUser: (nameId: string) => `No user in the identity store has the user name ${nameId}`,
  disabled: (nameId: string) => `The user ${nameId} is disabled`,
} as const;

class AcsFailure extends Error {
  constructor(
    readonly page: keyof typeof AWS_ERROR_PAGES,
    message: string,
    readonly nameId?: string,
  ) {
    super(message);
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, body: string): SandboxResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0}main{max-width:640px;margin:60px auto;background:#fff;padding:32px;border-radius:8px}li{margin:4px 0}</style></head><body><main>${body}</main></body></html>`,
  };
}

function elements(parent: Element | null | undefined, ns: string, name: string): Element[] {
  const out: Element[] = [];
  if (!parent) return out;
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === n.ELEMENT_NODE && (n as Element).namespaceURI === ns && (n as Element).localName === name) out.push(n as Element);
  }
  return out;
}

const first = (parent: Element | null | undefined, ns: string, name: string) => elements(parent, ns, name)[0];

function parse(xml: string): Element | null {
  if (HOSTILE.test(xml)) return null;
  try {
    return new DOMParser({ onError: (level) => { if (level !== "warning") throw new Error("not well-formed"); } }).parseFromString(xml, "text/xml").documentElement;
  } catch {
    return null;
  }
}

const toPem = (b64: string) => `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;

/**
 * The assertion as signed, or a failure: the signature must verify against one of the uploaded certificates and
 * cover exactly this assertion. The returned element is parsed from what was signed (not the posted document), so
 * content wrapped around a signed part is never read.
 */
function verifiedAssertion(xml: string, assertion: Element, certificates: string[]): Element {
  const signature = first(assertion, DS, "Signature");
  const id = assertion.getAttribute("ID") ?? "";
  if (!signature || !id) throw new AcsFailure("notYou", ACS_FAILURE_MESSAGES.signature);
  for (const cert of certificates) {
    const verifier = new SignedXml({ publicCert: toPem(cert) });
    try {
      // xml-crypto types its input as lib.dom's Node; at run time it takes @xmldom/xmldom nodes.
      verifier.loadSignature(signature as unknown as Node);
      if (!verifier.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const references = verifier.getReferences();
    if (references.length !== 1 || references[0]?.uri !== `#${id}`) continue;
    const signed = parse(verifier.getSignedReferences()[0] ?? "");
    if (signed && signed.localName === "Assertion" && signed.namespaceURI === ASSERTION) return signed;
  }
  throw new AcsFailure("notYou", ACS_FAILURE_MESSAGES.signature);
}

interface Verified {
  nameId: string;
  user: UserRecord;
  assertionId: string;
}

function verify(state: AwsState, samlResponse: string, now: number): Verified {
  const source = state.identitySource;
  if (source.type !== "EXTERNAL_IDP") throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.malformed);
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  const root = parse(xml);
  if (!root || root.namespaceURI !== PROTOCOL || root.localName !== "Response") throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.malformed);
  const sp = spValues(state.region, state.identityStoreId, state.acsId);
  const ours = [sp.acsUrl, sp.dualStackAcsUrl];
  const destination = root.getAttribute("Destination");
  // ACS mismatch shows "An unexpected error has occurred" (troubleshooting.html).
  if (destination && !ours.includes(destination)) throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.recipient);
  const status = first(first(root, PROTOCOL, "Status"), PROTOCOL, "StatusCode")?.getAttribute("Value");
  if (status !== "urn:oasis:names:tc:SAML:2.0:status:Success") throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.malformed);
  // Exactly one assertion, not encrypted (other-idps.md).
  const assertions = elements(root, ASSERTION, "Assertion");
  if (assertions.length !== 1 || elements(root, ASSERTION, "EncryptedAssertion").length) throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.malformed);
  // Certificate mismatch shows "It's not you, it is us" (troubleshooting.html).
  const assertion = verifiedAssertion(xml, assertions[0] as Element, signingCertificatesOf(source.idp.metadataXml));
  const assertionId = assertion.getAttribute("ID") ?? "";
  const issuer = (first(assertion, ASSERTION, "Issuer")?.textContent ?? "").trim();
  // Issuer mismatch: page UNCONFIRMED (treated like the certificate mismatch).
  if (issuer !== source.idp.entityId) throw new AcsFailure("notYou", ACS_FAILURE_MESSAGES.issuer);
  const subject = first(assertion, ASSERTION, "Subject");
  const nameIdNode = first(subject, ASSERTION, "NameID");
  const nameId = (nameIdNode?.textContent ?? "").trim();
  const conditions = first(assertion, ASSERTION, "Conditions");
  const audiences = elements(conditions, ASSERTION, "AudienceRestriction").flatMap((r) => elements(r, ASSERTION, "Audience").map((a) => (a.textContent ?? "").trim()));
  // Audience mismatch: page UNCONFIRMED.
  if (!audiences.includes(sp.entityId)) throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.audience, nameId);
  const confirmation = first(first(subject, ASSERTION, "SubjectConfirmation"), ASSERTION, "SubjectConfirmationData");
  if (!confirmation || !ours.includes(confirmation.getAttribute("Recipient") ?? "")) throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.recipient, nameId);
  const time = (v: string | null | undefined) => (v ? Date.parse(v) : NaN);
  const notBefore = time(conditions?.getAttribute("NotBefore"));
  const notOnOrAfter = Math.min(...[time(conditions?.getAttribute("NotOnOrAfter")), time(confirmation.getAttribute("NotOnOrAfter"))].filter((t) => Number.isFinite(t)));
  // A clock problem shows "It's not you, it is us" (troubleshooting.html).
  if ((Number.isFinite(notBefore) && now + ACS_CLOCK_SKEW_MS < notBefore) || !Number.isFinite(notOnOrAfter) || now - ACS_CLOCK_SKEW_MS >= notOnOrAfter)
    throw new AcsFailure("notYou", ACS_FAILURE_MESSAGES.expired, nameId);
  const inResponseTo = confirmation.getAttribute("InResponseTo") ?? root.getAttribute("InResponseTo");
  if (inResponseTo) {
    const pending = state.samlSignIn.requests.get(inResponseTo);
    if (pending === undefined || pending < now) throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.requestId(inResponseTo), nameId);
  }
  if (state.samlSignIn.assertions.has(assertionId)) throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.replay, nameId);
  const format = nameIdNode?.getAttribute("Format");
  if (format && format !== "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress") throw new AcsFailure("notYou", ACS_FAILURE_MESSAGES.nameIdFormat, nameId);
  // NameID must equal an existing UserName exactly; no JIT (other-idps.md). Mismatch shows "An unexpected error has occurred".
  const userId = state.directory.userIdByUserName(nameId);
  const user = userId ? state.directory.users.get(userId) : undefined;
  if (!user || user.UserName !== nameId) throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.noUser(nameId), nameId);
  // A disabled user: page UNCONFIRMED.
  if (user.UserStatus === "DISABLED") throw new AcsFailure("unexpected", ACS_FAILURE_MESSAGES.disabled(nameId), nameId);
  if (inResponseTo) state.samlSignIn.requests.delete(inResponseTo);
  state.samlSignIn.assertions.set(assertionId, notOnOrAfter + ACS_CLOCK_SKEW_MS);
  return { nameId, user, assertionId };
}

/** The accounts and permission sets a user can open: assignments to the user and to the groups they belong to. */
export function portalEntitlements(state: AwsState, userId: string): { accountId: string; accountName: string; permissionSets: string[] }[] {
  const principals = new Set([userId, ...state.directory.membershipsOfUser(userId).map((m) => m.GroupId)]);
  const byAccount = new Map<string, Set<string>>();
  for (const a of state.sso.assignments.values()) {
    if (!principals.has(a.principalId)) continue;
    const name = state.sso.permissionSets.get(a.permissionSetArn)?.name;
    if (!name) continue;
    const set = byAccount.get(a.accountId) ?? new Set<string>();
    set.add(name);
    byAccount.set(a.accountId, set);
  }
  return [...byAccount.entries()]
    .map(([accountId, sets]) => ({ accountId, accountName: state.org.accounts.find((acc) => acc.id === accountId)?.name ?? accountId, permissionSets: [...sets].sort() }))
    .sort((x, y) => x.accountName.localeCompare(y.accountName));
}

function portalPage(state: AwsState, user: UserRecord): SandboxResponse {
  const accounts = portalEntitlements(state, user.UserId);
  const list = accounts.length
    ? `<ul id="accounts">${accounts
        .map(
          (a) =>
            `<li data-account-id="${a.accountId}"><strong>${escapeHtml(a.accountName)}</strong> <small>${a.accountId}</small><ul>${a.permissionSets.map((p) => `<li data-permission-set="${escapeHtml(p)}">${escapeHtml(p)}</li>`).join("")}</ul></li>`,
        )
        .join("")}</ul>`
    : `<p id="no-accounts">You do not have any applications.</p>`;
  return page(200, "AWS access portal", `<h1>AWS access portal</h1><p id="signed-in-as" data-user-name="${escapeHtml(user.UserName)}">Signed in as ${escapeHtml(user.UserName)}</p><h2>AWS accounts</h2>${list}`);
}

function errorPage(failure: AcsFailure): SandboxResponse {
  const detail =
    failure.page === "notYou" ? "We couldn't complete your request right now. Please try again later." : "Please try again. If the problem persists, contact your administrator.";
  return page(400, AWS_ERROR_PAGES[failure.page], `<h1 id="aws-error" data-page="${failure.page}">${escapeHtml(AWS_ERROR_PAGES[failure.page])}</h1><p>${detail}</p>`);
}

/** POST /platform/saml/acs/{acsId}: verifies the response, writes CloudTrail, shows the portal or AWS's error page. */
export function handleAcs(req: SandboxRequest, state: AwsState, now: number, baseUrl: string): SandboxResponse | undefined {
  const m = /^\/saml\/acs\/([^/]+)\/?$/.exec(req.path);
  if (!m) return undefined;
  if (req.method !== "POST" || !state.instance.enabled || m[1] !== state.acsId) return page(404, "Not found", "<h1>The page you're looking for doesn't exist.</h1>");
  for (const [id, until] of state.samlSignIn.requests) if (until < now) state.samlSignIn.requests.delete(id);
  for (const [id, until] of state.samlSignIn.assertions) if (until < now) state.samlSignIn.assertions.delete(id);
  const form = new URLSearchParams(req.body.toString("utf8"));
  const { sourceIPAddress: ip, userAgent } = callSourceOf(req);
  const identityStoreArn = `arn:aws:identitystore::${state.accountId}:identitystore/${state.identityStoreId}`;
  try {
    const verified = verify(state, form.get("SAMLResponse") ?? "", now);
    // Success: UserAuthentication, the only success event for an external IdP (understanding-sign-in-events.html).
    recordCloudTrailEvent(state, {
      eventName: "UserAuthentication",
      eventSource: "signin.amazonaws.com",
      eventType: "AwsServiceEvent",
      eventTime: now,
      // The LookupEvents Username of Identity Center events after July 2025 is UNCONFIRMED; the sandbox uses the user name.
      username: verified.nameId,
      userIdentity: { type: "IdentityCenterUser", accountId: state.accountId, onBehalfOf: { userId: verified.user.UserId, identityStoreArn }, credentialId: randomUUID() },
      sourceIPAddress: ip,
      userAgent,
      additionalEventData: { AuthWorkflowID: randomUUID(), CredentialType: "EXTERNAL_IDP", LoginTo: `${baseUrl}/awsapps/${state.identityStoreId}/start`, UserName: verified.nameId },
      serviceEventDetails: { UserAuthentication: "Success" },
    });
    return portalPage(state, verified.user);
  } catch (error) {
    if (!(error instanceof AcsFailure)) throw error;
    // Failure: ExternalIdPDirectoryLogin (AwsConsoleSignIn, responseElements Failure, errorMessage) as observed;
    // userIdentity and the UserName field for failures are UNCONFIRMED.
    recordCloudTrailEvent(state, {
      eventName: "ExternalIdPDirectoryLogin",
      eventSource: "signin.amazonaws.com",
      eventType: "AwsConsoleSignIn",
      eventTime: now,
      username: error.nameId ?? null,
      userIdentity: { type: "Unknown", accountId: state.accountId },
      sourceIPAddress: ip,
      userAgent,
      errorMessage: error.message,
      responseElements: { ExternalIdPDirectoryLogin: "Failure" },
      additionalEventData: { CredentialType: "EXTERNAL_IDP", ...(error.nameId ? { UserName: error.nameId } : {}) },
    });
    return errorPage(error);
  }
}
