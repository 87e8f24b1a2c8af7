import type { CertificateInfo, Endpoint, IndexedEndpoint, SamlMetadata } from "./types";

export interface MetadataFact {
  label: string;
  value: string;
}

export interface MetadataSummary {
  heading: string;
  facts: MetadataFact[];
}

const HTTP_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/** What the setup page shows under a dropped file, in the words of the consoles the admin has open. */
export function summarizeMetadata(metadata: SamlMetadata): MetadataSummary {
  const facts: MetadataFact[] = [];
  if (metadata.side === "sp") {
    facts.push({ label: "Identifier (Entity ID)", value: metadata.entityId });
    const acs = primaryAssertionConsumerService(metadata.assertionConsumerServices);
    if (acs) facts.push({ label: "Reply URL (Assertion Consumer Service URL)", value: acs.location });
    const others = metadata.assertionConsumerServices.length - 1;
    if (others > 0) facts.push({ label: "Further reply URLs", value: `${others} (dual-stack)` });
    if (metadata.aws) {
      facts.push({ label: "AWS Region", value: metadata.aws.region });
      facts.push({ label: "Identity store ID", value: metadata.aws.identityStoreId });
      facts.push({ label: "Sign on URL (AWS access portal)", value: metadata.aws.accessPortalUrl });
    }
  } else {
    facts.push({ label: "Microsoft Entra Identifier (Entity ID)", value: metadata.entityId });
    const sso = primarySingleSignOnService(metadata.singleSignOnServices);
    if (sso) facts.push({ label: "Login URL (Single Sign-On URL)", value: sso.location });
    if (metadata.entra) facts.push({ label: "Tenant ID", value: metadata.entra.tenantId });
  }
  const certificate = soonestExpiring(metadata.certificates.filter((c) => c.use === "signing"));
  if (certificate) {
    facts.push({ label: "Signing certificate", value: certificate.subject });
    facts.push({ label: "Thumbprint", value: certificate.sha1Thumbprint });
    facts.push({ label: "Expires", value: `${certificate.notAfter.slice(0, 10)} (${certificate.daysLeft} days left)` });
  }
  facts.push({ label: "Signature", value: SIGNATURE_TEXT[metadata.signature] });
  return { heading: metadataHeading(metadata), facts };
}

/**
 * "(AWS)" and "(Entra)" only when the file is recognised as theirs (an IAM Identity Center issuer, an Entra tenant):
 * a heading must not vouch for a file the parser only warned about.
 */
export function metadataHeading(metadata: SamlMetadata): string {
  if (metadata.side === "sp") return metadata.aws ? "Service provider metadata (AWS)" : "Service provider metadata (not recognised as AWS)";
  return metadata.entra ? "Identity provider metadata (Entra)" : "Identity provider metadata (not recognised as Entra)";
}

const SIGNATURE_TEXT: Record<SamlMetadata["signature"], string> = {
  valid: "Valid",
  invalid: "Invalid",
  absent: "Not signed",
  "not-checked-in-browser": "Present; checked by the server when you continue",
};

/** SAML picks the isDefault endpoint, else the lowest index, else the first listed (metadata §2.2.3). */
export function primaryAssertionConsumerService(services: readonly IndexedEndpoint[]): IndexedEndpoint | undefined {
  const byDefault = services.find((service) => service.isDefault);
  if (byDefault) return byDefault;
  const indexed = services.filter((service) => service.index !== null).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return indexed[0] ?? services[0];
}

/** AWS sends the browser to the IdP with the HTTP-Redirect binding, so that URL is the one that matters. */
export function primarySingleSignOnService(services: readonly Endpoint[]): Endpoint | undefined {
  return services.find((service) => service.binding === HTTP_REDIRECT) ?? services[0];
}

function soonestExpiring(certificates: readonly CertificateInfo[]): CertificateInfo | undefined {
  return [...certificates].sort((a, b) => a.daysLeft - b.daysLeft)[0];
}
