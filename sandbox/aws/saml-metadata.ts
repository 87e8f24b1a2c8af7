import { X509Certificate } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * SAML metadata as the AWS side sees it: validation of an uploaded IdP metadata document (console
 * upload and IAM CreateSAMLProvider), and the Identity Center SP metadata it offers for download.
 */

export class MetadataError extends Error {}

export interface IdpCertificate {
  subject: string;
  notBefore: string;
  notAfter: string;
  sha1Thumbprint: string;
}

export interface IdpMetadata {
  entityId: string;
  ssoServices: { binding: string; location: string }[];
  certificates: IdpCertificate[];
}

type Node = Record<string, unknown>;

const MAX_METADATA_CHARS = 10_000_000;
/** Identity Center quota: an IdP certificate of at most 2500 characters (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html). */
const MAX_CERT_CHARS = 2500;
const BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  // Entities are never expanded: hostile metadata (billion laughs, XXE) is refused before parsing anyway.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const asNode = (v: unknown): Node | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Node) : undefined);
const text = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "object" && v !== null && typeof (v as Node)["#text"] === "string" ? String((v as Node)["#text"]) : "";

function certificate(base64: string, now: number): IdpCertificate {
  const compact = base64.replace(/\s+/g, "");
  if (compact.length > MAX_CERT_CHARS) throw new MetadataError(`The signing certificate exceeds ${MAX_CERT_CHARS} characters.`);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(compact, "base64"));
  } catch {
    throw new MetadataError("The signing certificate in the metadata could not be parsed.");
  }
  const bits = cert.publicKey.asymmetricKeyDetails?.modulusLength;
  if (cert.publicKey.asymmetricKeyType === "rsa" && (bits === undefined || bits < 1024))
    throw new MetadataError("The signing certificate key must be at least 1024 bits.");
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() <= now) throw new MetadataError(`The signing certificate expired on ${notAfter.toISOString()}.`);
  return {
    subject: cert.subject.replace(/\n/g, ", "),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: notAfter.toISOString(),
    sha1Thumbprint: cert.fingerprint.replace(/:/g, ""),
  };
}

/** Parse and validate IdP metadata; every refusal is a MetadataError with a message fit for a person. */
export function parseIdpMetadata(xml: unknown, now: number): IdpMetadata {
  if (typeof xml !== "string" || xml.trim() === "") throw new MetadataError("The metadata document is empty.");
  if (xml.length > MAX_METADATA_CHARS) throw new MetadataError("The metadata document is too large.");
  if (xml.charCodeAt(0) === 0xfeff) throw new MetadataError("The metadata document must be UTF-8 without a byte order mark.");
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MetadataError("DOCTYPE and entity declarations are not allowed in metadata.");
  if (XMLValidator.validate(xml) !== true) throw new MetadataError("The metadata document is not well-formed XML.");
  const doc = parser.parse(xml) as Node;
  const root = asNode(doc.EntityDescriptor);
  if (!root) throw new MetadataError("The metadata root element must be EntityDescriptor.");
  const entityId = root["@_entityID"];
  if (typeof entityId !== "string" || !entityId) throw new MetadataError("The EntityDescriptor has no entityID.");
  const idp = asNode(asArray(root.IDPSSODescriptor)[0]);
  if (!idp) throw new MetadataError("The metadata has no IDPSSODescriptor: it does not describe an identity provider.");
  const ssoServices = asArray(idp.SingleSignOnService).flatMap((s) => {
    const node = asNode(s);
    const binding = node?.["@_Binding"];
    const location = node?.["@_Location"];
    return typeof binding === "string" && typeof location === "string" ? [{ binding, location }] : [];
  });
  if (!ssoServices.length) throw new MetadataError("The IDPSSODescriptor has no SingleSignOnService.");
  for (const s of ssoServices) {
    if (!/^https?:\/\//.test(s.location)) throw new MetadataError(`SingleSignOnService location ${s.location} is not an http(s) URL.`);
  }
  const certificates = asArray(idp.KeyDescriptor)
    .map(asNode)
    .filter((k): k is Node => k !== undefined && (k["@_use"] === undefined || k["@_use"] === "signing"))
    .flatMap((k) => asArray(asNode(asNode(k.KeyInfo)?.X509Data)?.X509Certificate).map(text))
    .filter((c) => c.length > 0)
    .map((c) => certificate(c, now));
  if (!certificates.length) throw new MetadataError("The IDPSSODescriptor has no signing certificate.");
  return { entityId, ssoServices, certificates };
}

/** The signing certificates (base64 DER) of metadata that parseIdpMetadata accepted, to verify assertions with. */
export function signingCertificatesOf(xml: string): string[] {
  const root = asNode((parser.parse(xml) as Node).EntityDescriptor);
  const idp = asNode(asArray(root?.IDPSSODescriptor)[0]);
  return asArray(idp?.KeyDescriptor)
    .map(asNode)
    .filter((k): k is Node => k !== undefined && (k["@_use"] === undefined || k["@_use"] === "signing"))
    .flatMap((k) => asArray(asNode(asNode(k.KeyInfo)?.X509Data)?.X509Certificate).map(text))
    .map((c) => c.replace(/\s+/g, ""))
    .filter((c) => c.length > 0);
}

/** The redirect-binding SSO URL when offered (what AWS sends the browser to), else the first one. */
export const preferredSso = (m: IdpMetadata) => m.ssoServices.find((s) => s.binding === BINDING_REDIRECT) ?? m.ssoServices[0];

export interface SpValues {
  entityId: string;
  acsUrl: string;
  dualStackAcsUrl: string;
  signInUrl: string;
}

/** The Identity Center SP values in the formats the IAM Identity Center console shows (issuer, ACS URL, access portal URL). */
export function spValues(region: string, identityStoreId: string, acsId: string): SpValues {
  return {
    entityId: `https://${region}.signin.aws.amazon.com/platform/saml/${identityStoreId}`,
    acsUrl: `https://${region}.signin.aws.amazon.com/platform/saml/acs/${acsId}`,
    dualStackAcsUrl: `https://${region}.sso.signin.aws/platform/saml/acs/${acsId}`,
    signInUrl: `https://${identityStoreId}.awsapps.com/start`,
  };
}

export function spMetadataXml(sp: SpValues): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${sp.entityId}">`,
    '  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    "    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>",
    `    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sp.acsUrl}" index="0" isDefault="true"/>`,
    `    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sp.dualStackAcsUrl}" index="1"/>`,
    "  </md:SPSSODescriptor>",
    "</md:EntityDescriptor>",
    "",
  ].join("\n");
}
