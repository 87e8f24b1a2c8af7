import { randomUUID } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { createSelfSignedCertificate, type GeneratedCertificate } from "../entra/saml/certificates";
import { SANDBOX } from "../fixtures";

/**
 * Test support for the legacy sign-in: an IdP key pair and SAML responses signed with xml-crypto the way Entra signs
 * them (RSA-SHA256, exclusive c14n, the assertion signed, the signature after its Issuer).
 */

export const ENTRA_ISSUER = `https://sts.windows.net/${SANDBOX.entra.tenantId}/`;

export async function testIdpKey(): Promise<GeneratedCertificate & { base64: string; privateKeyPem: string }> {
  const now = Date.now();
  const cert = await createSelfSignedCertificate("CN=Microsoft Azure Federated SSO Certificate", new Date(now - 86_400_000), new Date(now + 365 * 86_400_000));
  return { ...cert, base64: cert.der.toString("base64"), privateKeyPem: cert.privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

export interface ResponseOptions {
  now: number;
  roles?: string[];
  sessionName?: string | null;
  sessionDuration?: string;
  audience?: string;
  recipient?: string;
  issuer?: string;
  nameId?: string;
  issuedAt?: number;
  lifetimeMs?: number;
  status?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function samlResponseXml(o: ResponseOptions): string {
  const issued = o.issuedAt ?? o.now;
  const end = issued + (o.lifetimeMs ?? 70 * 60_000);
  const issuer = o.issuer ?? ENTRA_ISSUER;
  const recipient = o.recipient ?? "https://signin.aws.amazon.com/saml";
  const attr = (name: string, values: string[]) =>
    `<Attribute Name="${name}">${values.map((v) => `<AttributeValue>${v}</AttributeValue>`).join("")}</Attribute>`;
  const attributes = [
    o.roles?.length ? attr("https://aws.amazon.com/SAML/Attributes/Role", o.roles) : "",
    o.sessionName === null ? "" : attr("https://aws.amazon.com/SAML/Attributes/RoleSessionName", [o.sessionName ?? "b.simon@contoso-sandbox.onmicrosoft.com"]),
    o.sessionDuration ? attr("https://aws.amazon.com/SAML/Attributes/SessionDuration", [o.sessionDuration]) : "",
  ].join("");
  const assertionId = `_${randomUUID()}`;
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${randomUUID()}" Version="2.0" IssueInstant="${iso(issued)}" Destination="${recipient}">` +
    `<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">${issuer}</Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${o.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success"}"/></samlp:Status>` +
    `<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" IssueInstant="${iso(issued)}" Version="2.0">` +
    `<Issuer>${issuer}</Issuer>` +
    `<Subject><NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${o.nameId ?? "b.simon@contoso-sandbox.onmicrosoft.com"}</NameID>` +
    `<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData NotOnOrAfter="${iso(issued + 5 * 60_000)}" Recipient="${recipient}"/></SubjectConfirmation></Subject>` +
    `<Conditions NotBefore="${iso(issued)}" NotOnOrAfter="${iso(end)}"><AudienceRestriction><Audience>${o.audience ?? "https://signin.aws.amazon.com/saml"}</Audience></AudienceRestriction></Conditions>` +
    `<AttributeStatement>${attributes}</AttributeStatement>` +
    `<AuthnStatement AuthnInstant="${iso(issued)}" SessionIndex="${assertionId}"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement>` +
    `</Assertion></samlp:Response>`
  );
}

/** Signs the assertion (enveloped, placed after its Issuer) and returns the base64 SAMLResponse. */
export function signResponse(xml: string, key: { privateKeyPem: string; base64: string }): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: `-----BEGIN CERTIFICATE-----\n${key.base64}\n-----END CERTIFICATE-----\n`,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signer.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  signer.computeSignature(xml, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: "after" } });
  return Buffer.from(signer.getSignedXml(), "utf8").toString("base64");
}

/** A role trust policy for SAML federation through one or more providers. */
export const samlTrust = (providers: string[], aud = "https://signin.aws.amazon.com/saml") =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: {
      Effect: "Allow",
      Action: "sts:AssumeRoleWithSAML",
      Principal: { Federated: providers.length === 1 ? providers[0] : providers },
      Condition: { StringEquals: { "SAML:aud": aud } },
    },
  });
