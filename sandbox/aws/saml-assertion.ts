import { createHash, randomBytes } from "node:crypto";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { accountOfArn, iamFor } from "./accounts-iam";
import { AwsError } from "./errors";
import { wildcard } from "./iam-authorize";
import { iamId, secretKey, type IamRole, type RoleSession, type SamlProvider } from "./iam-state";
import { parseIdpMetadata, signingCertificatesOf } from "./saml-metadata";
import type { AwsState } from "./state";

/**
 * What IAM and STS check in a SAML response from an IdP (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html, troubleshooting wording from
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html): the signature against the SAML provider's
 * metadata certificate, the issuer, the audience and recipient, the validity window, the Role pair, RoleSessionName,
 * and the role's trust policy. Shared by STS AssumeRoleWithSAML and the console sign-in endpoint.
 */

const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const DS = "http://www.w3.org/2000/09/xmldsig#";
export const ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
export const SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
export const SESSION_DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
/** The audiences AWS accepts for its sign-in endpoint (its SP metadata's entityID and the endpoint URL). */
const AUDIENCES = ["https://signin.aws.amazon.com/saml", "urn:amazon:webservices"];
/** saml:aud is the Recipient: the global or a regional sign-in endpoint. */
const RECIPIENT = /^https:\/\/([a-z0-9-]+\.)?signin\.aws\.amazon\.com\/saml$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** STS: "Token must be redeemed within 5 minutes of issuance" (observed, https://github.com/Nike-Inc/gimme-aws-creds/issues/251). */
const REDEEM_WITHIN_MS = 5 * 60_000;

const invalidToken = (message: string) => new AwsError("InvalidIdentityToken", message, 400);
const notAuthorized = () => new AwsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 403);
const expired = (message: string) => new AwsError("ExpiredTokenException", message, 400);

export interface RolePair {
  roleArn: string;
  providerArn: string;
}

export interface ParsedResponse {
  xml: string;
  assertion: Element;
  issuer: string;
  nameId: string;
  nameIdFormat: string;
  issueInstant: number;
  recipient: string;
  audiences: string[];
  notBefore?: number;
  notOnOrAfter?: number;
  confirmationNotOnOrAfter?: number;
  sessionNotOnOrAfter?: number;
  roles: RolePair[];
  sessionName?: string;
  sessionDuration?: string;
}

const children = (parent: Element, ns: string, name: string): Element[] => {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name) out.push(n as Element);
  return out;
};
const child = (parent: Element | undefined, ns: string, name: string) => (parent ? children(parent, ns, name)[0] : undefined);
const textOf = (e: Element | undefined) => (e?.textContent ?? "").trim();
const time = (v: string | null | undefined) => {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
};

/** A Role value is "roleArn,providerArn"; AWS accepts either order. */
export function rolePair(value: string): RolePair | undefined {
  const parts = value.split(",").map((p) => p.trim());
  if (parts.length !== 2) return undefined;
  const role = parts.find((p) => /^arn:aws:iam::\d{12}:role\/.+/.test(p));
  const provider = parts.find((p) => /^arn:aws:iam::\d{12}:saml-provider\/.+/.test(p));
  return role && provider ? { roleArn: role, providerArn: provider } : undefined;
}

/** Decodes and parses a base64 SAMLResponse; anything malformed is an invalid identity token. */
export function parseSamlResponse(base64: string): ParsedResponse {
  const xml = Buffer.from(base64, "base64").toString("utf8");
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) throw invalidToken("Invalid SAML response");
  let root: Element | null;
  try {
    root = new DOMParser({
      onError: (level) => {
        if (level !== "warning") throw new Error("malformed");
      },
    }).parseFromString(xml, "text/xml").documentElement;
  } catch {
    throw invalidToken("Invalid SAML response");
  }
  if (!root || root.namespaceURI !== SAMLP || root.localName !== "Response") throw invalidToken("Invalid SAML response");
  const status = child(child(root, SAMLP, "Status"), SAMLP, "StatusCode")?.getAttribute("Value");
  // The IdP said the authentication failed (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html: IDPRejectedClaim).
  if (status && status !== "urn:oasis:names:tc:SAML:2.0:status:Success")
    throw new AwsError("IDPRejectedClaim", "The identity provider rejected the authentication.", 403);
  const assertions = children(root, SAML, "Assertion");
  if (children(root, SAML, "EncryptedAssertion").length) throw invalidToken("Encrypted assertions are not enabled for this SAML provider");
  const assertion = assertions[0];
  if (!assertion || assertions.length > 1) throw invalidToken("Invalid SAML response: the response must contain exactly one assertion");
  const subject = child(assertion, SAML, "Subject");
  const nameIdEl = child(subject, SAML, "NameID");
  const confirmations = subject ? children(subject, SAML, "SubjectConfirmation") : [];
  const data = child(confirmations[0], SAML, "SubjectConfirmationData");
  const conditions = child(assertion, SAML, "Conditions");
  const audiences = (conditions ? children(conditions, SAML, "AudienceRestriction") : []).flatMap((r) => children(r, SAML, "Audience").map(textOf));
  const attributes = (
    child(assertion, SAML, "AttributeStatement") ? children(child(assertion, SAML, "AttributeStatement") as Element, SAML, "Attribute") : []
  ).map((a) => ({
    name: a.getAttribute("Name") ?? "",
    values: children(a, SAML, "AttributeValue").map(textOf),
  }));
  const values = (name: string) => attributes.filter((a) => a.name === name).flatMap((a) => a.values);
  const authn = child(assertion, SAML, "AuthnStatement");
  if (confirmations.length !== 1) throw invalidToken("Invalid SAML response: exactly one SubjectConfirmation is required");
  return {
    xml,
    assertion,
    issuer: textOf(child(assertion, SAML, "Issuer")) || textOf(child(root, SAML, "Issuer")),
    nameId: textOf(nameIdEl),
    nameIdFormat: nameIdEl?.getAttribute("Format") ?? "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    issueInstant: time(assertion.getAttribute("IssueInstant")) ?? Number.NaN,
    recipient: data?.getAttribute("Recipient") ?? "",
    audiences,
    notBefore: time(conditions?.getAttribute("NotBefore")),
    notOnOrAfter: time(conditions?.getAttribute("NotOnOrAfter")),
    confirmationNotOnOrAfter: time(data?.getAttribute("NotOnOrAfter")),
    sessionNotOnOrAfter: time(authn?.getAttribute("SessionNotOnOrAfter")),
    roles: values(ROLE_ATTRIBUTE).flatMap((v) => rolePair(v) ?? []),
    sessionName: values(SESSION_NAME_ATTRIBUTE)[0],
    sessionDuration: values(SESSION_DURATION_ATTRIBUTE)[0],
  };
}

const pem = (base64: string) => `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;

/**
 * The response or its assertion must carry a signature made with a certificate of the provider's metadata, and
 * the signed element must be the one assertion read (or the response around it): no wrapping of unsigned content.
 */
export function checkSignature(parsed: ParsedResponse, provider: SamlProvider): void {
  const root = parsed.assertion.parentNode as Element;
  const candidates = [...children(parsed.assertion, DS, "Signature"), ...children(root, DS, "Signature")];
  const signature = candidates[0];
  if (!signature || candidates.length > 1) throw invalidToken("Response signature invalid");
  const signedId = (signature.parentNode as Element).getAttribute("ID");
  for (const cert of signingCertificatesOf(provider.metadata)) {
    const verifier = new SignedXml({ publicCert: pem(cert) });
    try {
      // xml-crypto types its input as lib.dom's Node; at run time it takes the @xmldom/xmldom nodes it uses itself.
      verifier.loadSignature(signature as unknown as Node);
      if (!verifier.checkSignature(parsed.xml)) continue;
    } catch {
      continue;
    }
    const refs = verifier.getReferences();
    const sameIds = parsed.xml.split(`ID="${signedId ?? ""}"`).length - 1;
    if (refs.length === 1 && signedId && refs[0]?.uri === `#${signedId}` && sameIds === 1) return;
  }
  throw invalidToken("Response signature invalid");
}

/** Issuer, validity window, audience and recipient, as STS checks them before looking at roles. */
export function checkConditions(parsed: ParsedResponse, provider: SamlProvider, now: number): void {
  const entityId = parseIdpMetadata(provider.metadata, now).entityId;
  if (parsed.issuer !== entityId) throw new AwsError("AuthSamlInvalidSamlResponseException", "Issuer not present in specified provider", 400);
  if (parsed.notBefore !== undefined && now < parsed.notBefore) throw invalidToken("Response is not yet valid");
  const ends = [parsed.notOnOrAfter, parsed.confirmationNotOnOrAfter].filter((t): t is number => t !== undefined);
  if (ends.some((t) => now >= t)) throw expired("Response has expired");
  if (!Number.isFinite(parsed.issueInstant) || now - parsed.issueInstant > REDEEM_WITHIN_MS)
    throw expired("Token must be redeemed within 5 minutes of issuance");
  if (!parsed.audiences.some((a) => AUDIENCES.includes(a))) throw invalidToken("Response does not contain the required audience");
  if (!RECIPIENT.test(parsed.recipient)) throw invalidToken("Invalid SAML response: SubjectConfirmationData Recipient is not an AWS sign-in endpoint");
  if (!parsed.nameId) throw notAuthorized();
}

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const matchesAction = (action: unknown) => list(action).some((a) => typeof a === "string" && /^sts:(AssumeRoleWithSAML|\*)$|^\*$/i.test(a));

/**
 * The role's trust policy allows this provider to federate with this saml:aud: an Allow statement for
 * sts:AssumeRoleWithSAML whose Principal.Federated names the provider and whose StringEquals conditions on
 * SAML:aud (keys are case-insensitive) include the recipient. No Deny applies.
 */
export function trustAllows(role: IamRole, providerArn: string, recipient: string): boolean {
  let doc: Json;
  try {
    doc = JSON.parse(role.trustPolicy) as Json;
  } catch {
    return false;
  }
  const statements = list(doc.Statement).filter((s): s is Json => typeof s === "object" && s !== null);
  const applies = (s: Json) => {
    if (!matchesAction(s.Action)) return false;
    const principal = s.Principal;
    const federated = principal === "*" ? ["*"] : list((principal as Json | undefined)?.Federated);
    if (!federated.some((f) => f === providerArn || f === "*")) return false;
    const conditions = (s.Condition ?? {}) as Json;
    for (const [operator, block] of Object.entries(conditions)) {
      for (const [key, value] of Object.entries((block ?? {}) as Json)) {
        const wanted = list(value).map(String);
        const actual = key.toLowerCase() === "saml:aud" ? recipient : undefined;
        if (operator === "StringEquals" && (actual === undefined || !wanted.includes(actual))) return false;
        if (operator === "StringLike" && (actual === undefined || !wanted.some((w) => wildcard(w, true).test(actual)))) return false;
      }
    }
    return true;
  };
  if (statements.some((s) => s.Effect === "Deny" && applies(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && applies(s));
}

/** NameQualifier: BASE64(SHA1(Issuer + AccountId + "/" + provider name)) (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html). */
export const nameQualifierOf = (issuer: string, accountId: string, providerName: string) =>
  createHash("sha1").update(`${issuer}${accountId}/${providerName}`).digest("base64");

export interface AssumeInput {
  roleArn: string;
  principalArn: string;
  durationSeconds?: number;
}

export interface AssumeResult {
  session: RoleSession;
  parsed: ParsedResponse;
  role: IamRole;
  provider: SamlProvider;
  nameQualifier: string;
  subjectType: string;
}

/** Role name from an ARN with a path: arn:aws:iam::123:role/path/Name → Name. */
const roleName = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/**
 * The checks of AssumeRoleWithSAML after parsing, and the temporary credentials it issues. The role and the
 * provider must be a pair of the assertion's Role attribute; the role must exist in this account and trust the
 * provider; DurationSeconds may not exceed the role's MaxSessionDuration.
 */
export function assumeRoleWithSaml(state: AwsState, parsed: ParsedResponse, input: AssumeInput, now: number): AssumeResult {
  // The provider and the role live in the IAM of the role's account (the management account or a member account).
  const accountId = accountOfArn(input.roleArn);
  const iam = iamFor(state, accountId);
  const provider = accountOfArn(input.principalArn) === accountId ? iam?.samlProviders.get(input.principalArn) : undefined;
  if (!provider) throw invalidToken(`SAML provider ${input.principalArn} does not exist`);
  checkSignature(parsed, provider);
  checkConditions(parsed, provider, now);
  if (!parsed.sessionName) throw invalidToken("RoleSessionName is required in AuthnResponse");
  if (!SESSION_NAME.test(parsed.sessionName)) throw invalidToken("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
  if (!parsed.roles.some((r) => r.roleArn === input.roleArn && r.providerArn === input.principalArn)) throw notAuthorized();
  const role = [...(iam?.roles.values() ?? [])].find((r) => r.arn === input.roleArn);
  if (!role || !trustAllows(role, provider.arn, parsed.recipient)) throw notAuthorized();
  // IAM Identity Center's roles cannot be assumed this way (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html).
  if (role.name.startsWith("AWSReservedSSO_")) throw notAuthorized();
  const duration = input.durationSeconds ?? 3600;
  if (duration > role.maxSessionDuration)
    throw new AwsError("ValidationError", `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`, 400);
  const expiresAt = Math.min(now + duration * 1000, parsed.sessionNotOnOrAfter ?? Number.POSITIVE_INFINITY);
  const session: RoleSession = {
    accountId,
    accessKeyId: iamId("ASIA", 16),
    secretAccessKey: secretKey(),
    sessionToken: randomBytes(96).toString("base64"),
    expiresAt,
    roleArn: role.arn,
    roleId: role.id,
    sessionName: parsed.sessionName,
    assumedRoleArn: `arn:aws:sts::${accountId}:assumed-role/${roleName(role.arn)}/${parsed.sessionName}`,
    providerArn: provider.arn,
    subject: parsed.nameId,
  };
  state.iam.sessions.set(session.accessKeyId, session);
  const nameQualifier = nameQualifierOf(parsed.issuer, accountId, provider.name);
  // "persistent", "transient" … without the SAML 2.0 prefix; other formats are returned whole.
  const subjectType = parsed.nameIdFormat.startsWith("urn:oasis:names:tc:SAML:2.0:nameid-format:") ? parsed.nameIdFormat.slice(42) : parsed.nameIdFormat;
  return { session, parsed, role, provider, nameQualifier, subjectType };
}
