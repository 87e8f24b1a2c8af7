import {
  DEFAULT_MAX_BYTES,
  EXPIRY_WARNING_DAYS,
  metadataHeading,
  primaryAssertionConsumerService,
  primarySingleSignOnService,
  type CertificateInfo,
  type IdentityProviderMetadata,
  type MetadataSide,
  type MetadataWarning,
  type SamlMetadata,
  type ServiceProviderMetadata,
} from "@/lib/saml";

/** The metadata type parseMetadata returns for the side a drop zone expects. */
export type MetadataFor<S extends MetadataSide> = S extends "sp" ? ServiceProviderMetadata : IdentityProviderMetadata;

export function isMetadataFor<S extends MetadataSide>(metadata: SamlMetadata, side: S): metadata is MetadataFor<S> {
  return metadata.side === side;
}

export { DEFAULT_MAX_BYTES };

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
}

/**
 * Checked on File.size before the file is read, so a wrong pick (a disk image, a log) is refused without
 * loading it into memory. The parser checks the text length again for pasted XML.
 */
export function checkFileSize(file: { size: number }, maxBytes: number = DEFAULT_MAX_BYTES): { ok: true } | { ok: false; message: string } {
  if (file.size === 0) return { ok: false, message: "The file is empty. Choose the metadata XML file you downloaded." };
  if (file.size > maxBytes)
    return {
      ok: false,
      message: `This file is ${formatSize(file.size)}, larger than the ${formatSize(maxBytes)} allowed. SAML metadata for one entity is a few kilobytes; check that you chose the right file.`,
    };
  return { ok: true };
}

export type ExpiryTone = "good" | "warn" | "bad";

export interface CertificateSummary {
  use: CertificateInfo["use"];
  subject: string;
  sha1Thumbprint: string;
  /** yyyy-mm-dd */
  expiresOn: string;
  daysLeft: number;
  expiryText: string;
  tone: ExpiryTone;
}

export interface SummaryFact {
  label: string;
  value: string;
  /** URLs and ids render in a monospace font and break anywhere. */
  isCode: boolean;
}

export interface DropZoneSummary {
  heading: string;
  facts: SummaryFact[];
  certificates: CertificateSummary[];
  warnings: string[];
  signature: string;
}

export function expiryTone(daysLeft: number): ExpiryTone {
  if (daysLeft < 0) return "bad";
  return daysLeft < EXPIRY_WARNING_DAYS ? "warn" : "good";
}

function expiryText(daysLeft: number): string {
  if (daysLeft < 0) return `expired ${-daysLeft} ${-daysLeft === 1 ? "day" : "days"} ago`;
  if (daysLeft === 0) return "expires today";
  return `${daysLeft} ${daysLeft === 1 ? "day" : "days"} left`;
}

const SIGNATURE_TEXT: Record<SamlMetadata["signature"], string> = {
  valid: "Valid",
  invalid: "Invalid",
  absent: "Not signed",
  "not-checked-in-browser": "Present; the server checks it when you continue",
};

const fact = (label: string, value: string, isCode = true): SummaryFact => ({ label, value, isCode });

/**
 * What the drop zone shows for an accepted parse: every endpoint and certificate (not only the primary ones,
 * unlike summarizeMetadata's one-line facts), in the words the AWS and Entra consoles use.
 */
export function summarizeForDropZone(metadata: SamlMetadata, warnings: readonly MetadataWarning[]): DropZoneSummary {
  const facts: SummaryFact[] = [];
  if (metadata.side === "sp") {
    facts.push(fact("Identifier (Entity ID)", metadata.entityId));
    const primary = primaryAssertionConsumerService(metadata.assertionConsumerServices);
    const ordered = primary ? [primary, ...metadata.assertionConsumerServices.filter((s) => s !== primary)] : metadata.assertionConsumerServices;
    ordered.forEach((service, i) => facts.push(fact(i === 0 ? "Reply URL (Assertion Consumer Service URL)" : `Further reply URL ${i}`, service.location)));
    if (metadata.aws) {
      facts.push(fact("AWS Region", metadata.aws.region));
      facts.push(fact("Identity store ID", metadata.aws.identityStoreId));
      facts.push(fact("Sign on URL (AWS access portal)", metadata.aws.accessPortalUrl));
    }
  } else {
    facts.push(fact("Microsoft Entra Identifier (Entity ID)", metadata.entityId));
    const sso = primarySingleSignOnService(metadata.singleSignOnServices);
    if (sso) facts.push(fact("Login URL (Single Sign-On URL)", sso.location));
    if (metadata.entra) facts.push(fact("Tenant ID", metadata.entra.tenantId));
  }
  if (metadata.nameIdFormats.length > 0) facts.push(fact("NameID formats", metadata.nameIdFormats.map(shortNameIdFormat).join(", "), false));

  const certificates = [...metadata.certificates]
    .sort((a, b) => (a.use === b.use ? a.daysLeft - b.daysLeft : a.use === "signing" ? -1 : 1))
    .map((certificate): CertificateSummary => ({
      use: certificate.use,
      subject: certificate.subject,
      sha1Thumbprint: certificate.sha1Thumbprint,
      expiresOn: certificate.notAfter.slice(0, 10),
      daysLeft: certificate.daysLeft,
      expiryText: expiryText(certificate.daysLeft),
      tone: expiryTone(certificate.daysLeft),
    }));

  return {
    heading: metadataHeading(metadata),
    facts,
    certificates,
    warnings: warnings.map((warning) => warning.message),
    signature: SIGNATURE_TEXT[metadata.signature],
  };
}

/** urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress → emailAddress, as the consoles show it. */
function shortNameIdFormat(format: string): string {
  return format.startsWith("urn:oasis:names:tc:SAML:") ? (format.split(":").pop() ?? format) : format;
}
