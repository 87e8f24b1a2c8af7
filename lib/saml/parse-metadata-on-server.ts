import "server-only";
import { parseMetadata } from "./parse-metadata";
import type { IdentityProviderMetadata, MetadataResult, MetadataSide, ParseMetadataOptions, SamlMetadata, ServiceProviderMetadata } from "./types";
import { verifyMetadataSignature } from "./verify-signature";

export interface ServerParseOptions extends ParseMetadataOptions {
  /**
   * The SHA-1 thumbprint of the certificate that must have signed the document, as the signer's own directory
   * reports it — for Entra's federation metadata, the app's active token-signing key, which Graph reports as the
   * service principal's preferredTokenSigningKeyThumbprint among its keyCredentials
   * (https://learn.microsoft.com/graph/api/resources/serviceprincipal). A document that carries and verifies
   * against some other certificate proves only that it was not altered after whoever made it signed it; with
   * `signedBy` it must be signed by that one key, and an unsigned document is refused.
   */
  signedBy?: string;
}

/**
 * The server's second look at a file the browser already accepted: the same checks, plus the signature,
 * which needs node's crypto. A signature that does not verify refuses the document. Identity provider metadata
 * is always checked against the signing key its directory reports (`signedBy`), never only against itself.
 */
export function parseMetadataOnServer(xml: string, expected: "sp", options?: ServerParseOptions): Promise<MetadataResult<ServiceProviderMetadata>>;
export function parseMetadataOnServer(
  xml: string,
  expected: "idp",
  options: ServerParseOptions & { signedBy: string },
): Promise<MetadataResult<IdentityProviderMetadata>>;
export async function parseMetadataOnServer(xml: string, expected: MetadataSide, options: ServerParseOptions = {}): Promise<MetadataResult> {
  const parsed = await parseMetadata(xml, expected, options);
  if (!parsed.ok) return parsed;
  const { metadata } = parsed;
  const signedBy = options.signedBy === undefined ? undefined : normaliseThumbprint(options.signedBy);
  if (signedBy === undefined) {
    if (metadata.signature === "absent") return parsed;
    return checkSignature(xml, parsed, signingCertificates(metadata));
  }
  if (!/^[0-9A-F]{40}$/.test(signedBy)) return untrusted("The signing key to check it against is not a SHA-1 thumbprint.");
  if (metadata.signature === "absent") return untrusted(`This metadata is not signed, but it must be signed by the active signing certificate ${signedBy}.`);
  const trusted = metadata.certificates.filter((c) => c.use === "signing" && c.sha1Thumbprint === signedBy);
  if (trusted.length === 0) {
    const carried = [...new Set(metadata.certificates.filter((c) => c.use === "signing").map((c) => c.sha1Thumbprint))].join(", ");
    return untrusted(
      `This metadata does not carry the active signing certificate ${signedBy}; it carries ${carried}. Metadata signed with another key does not prove it comes from the app.`,
    );
  }
  const checked = checkSignature(
    xml,
    parsed,
    trusted.map((c) => c.base64),
  );
  if (checked.ok || checked.error.code !== "signature-invalid") return checked;
  // Name the key that did sign it, when the document itself carries it: "signed by another key" is the finding.
  const other = metadata.certificates.find((c) => c.use === "signing" && c.sha1Thumbprint !== signedBy && verifies(xml, c.base64));
  if (other)
    return untrusted(
      `This metadata is signed by the certificate ${other.sha1Thumbprint}, not by the active signing certificate ${signedBy}, so it does not prove it comes from the app.`,
    );
  return untrusted(`This metadata's signature does not verify with the active signing certificate ${signedBy}: ${reasonOf(checked)}`);
}

const signingCertificates = (metadata: SamlMetadata) => metadata.certificates.filter((c) => c.use === "signing").map((c) => c.base64);

// parseMetadata strips a BOM before parsing; the signature was computed over the document without it.
const withoutBom = (xml: string) => xml.replace(/^\uFEFF/, "");

const verifies = (xml: string, certificateBase64: string) => verifyMetadataSignature(withoutBom(xml), [certificateBase64]).status === "valid";

function checkSignature(xml: string, parsed: MetadataResult & { ok: true }, certificates: readonly string[]): MetadataResult {
  const check = verifyMetadataSignature(withoutBom(xml), certificates);
  if (check.status === "valid") return { ...parsed, metadata: { ...parsed.metadata, signature: "valid" } };
  if (check.status === "absent") return { ...parsed, metadata: { ...parsed.metadata, signature: "absent" } };
  return {
    ok: false,
    error: {
      code: "signature-invalid",
      message: `The signature on this file is invalid: ${check.reason} Download the metadata again and use the file exactly as downloaded.`,
    },
  };
}

const reasonOf = (result: MetadataResult) => (result.ok ? "" : result.error.message.replace(/^The signature on this file is invalid: /, ""));

const untrusted = (message: string): MetadataResult => ({ ok: false, error: { code: "signature-untrusted", message } });

const normaliseThumbprint = (thumbprint: string) => thumbprint.replace(/[\s:]/g, "").toUpperCase();
