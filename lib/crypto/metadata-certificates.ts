import { createHash, X509Certificate } from "node:crypto";

/** One certificate of a SAML metadata document: its SHA-1 thumbprint (upper-case hex of the DER, as Entra shows it) and expiry. */
export interface MetadataCertificate {
  thumbprint: string;
  notAfter: string | null;
}

/**
 * The X.509 certificates a SAML metadata document carries (ds:X509Certificate, base64 DER;
 * https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf §2.4.1.1), each once. A certificate that
 * does not parse keeps its thumbprint with no expiry.
 */
export function metadataCertificates(xml: string): MetadataCertificate[] {
  const found = new Map<string, MetadataCertificate>();
  for (const m of xml.matchAll(/<(?:\w+:)?X509Certificate>([^<]+)<\/(?:\w+:)?X509Certificate>/g)) {
    const der = Buffer.from((m[1] ?? "").replace(/\s+/g, ""), "base64");
    if (!der.length) continue;
    let thumbprint: string;
    let notAfter: string | null = null;
    try {
      const certificate = new X509Certificate(der);
      thumbprint = certificate.fingerprint.replaceAll(":", "").toUpperCase();
      notAfter = new Date(certificate.validTo).toISOString();
    } catch {
      thumbprint = createSha1(der);
    }
    if (!found.has(thumbprint)) found.set(thumbprint, { thumbprint, notAfter });
  }
  return [...found.values()];
}
const createSha1 = (der: Buffer) => createHash("sha1").update(der).digest("hex").toUpperCase();
