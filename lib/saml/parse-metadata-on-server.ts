import "server-only";
import { parseMetadata } from "./parse-metadata";
import type { IdentityProviderMetadata, MetadataResult, MetadataSide, ParseMetadataOptions, ServiceProviderMetadata } from "./types";
import { verifyMetadataSignature } from "./verify-signature";

/**
 * The server's second look at a file the browser already accepted: the same checks, plus the signature,
 * which needs node's crypto. A signature that does not verify refuses the document.
 */
export function parseMetadataOnServer(xml: string, expected: "sp", options?: ParseMetadataOptions): Promise<MetadataResult<ServiceProviderMetadata>>;
export function parseMetadataOnServer(xml: string, expected: "idp", options?: ParseMetadataOptions): Promise<MetadataResult<IdentityProviderMetadata>>;
export function parseMetadataOnServer(xml: string, expected: MetadataSide, options?: ParseMetadataOptions): Promise<MetadataResult>;
export async function parseMetadataOnServer(xml: string, expected: MetadataSide, options?: ParseMetadataOptions): Promise<MetadataResult> {
  const parsed = await parseMetadata(xml, expected, options);
  if (!parsed.ok || parsed.metadata.signature === "absent") return parsed;
  const signingCertificates = parsed.metadata.certificates.filter((c) => c.use === "signing").map((c) => c.base64);
  // parseMetadata strips a BOM before parsing; the signature was computed over the document without it.
  const check = verifyMetadataSignature(xml.replace(/^\uFEFF/, ""), signingCertificates);
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
