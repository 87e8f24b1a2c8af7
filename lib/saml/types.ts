/** The side of the federation a metadata document must describe: AWS is the SP, Entra the IdP. */
export type MetadataSide = "sp" | "idp";

export type MetadataErrorCode =
  | "empty"
  | "too-large"
  | "doctype"
  | "entity-declaration"
  | "not-xml"
  | "wrong-root"
  | "entities-descriptor"
  | "missing-entity-id"
  | "wrong-role"
  | "missing-role"
  | "missing-endpoint"
  | "unsafe-value"
  | "foreign-reply-url"
  | "certificate-unreadable"
  | "certificate-expired"
  | "certificate-weak-key"
  | "certificate-too-long"
  | "missing-signing-certificate"
  | "signature-invalid"
  | "signature-untrusted";

export type MetadataWarningCode =
  "local-endpoint" | "certificate-expiring" | "certificate-not-yet-valid" | "certificate-short-key" | "byte-order-mark" | "unrecognised-provider";

export interface MetadataProblem<Code extends string> {
  code: Code;
  message: string;
}

export type MetadataError = MetadataProblem<MetadataErrorCode>;
export type MetadataWarning = MetadataProblem<MetadataWarningCode>;

/**
 * "not-checked-in-browser": the document carries a signature but the isomorphic parser cannot verify it;
 * the server path (parse-metadata-on-server.ts) replaces it with "valid" or refuses the document.
 */
export type SignatureStatus = "valid" | "invalid" | "absent" | "not-checked-in-browser";

export interface Endpoint {
  binding: string;
  location: string;
}

export interface IndexedEndpoint extends Endpoint {
  index: number | null;
  isDefault: boolean;
}

export type CertificateUse = "signing" | "encryption";

export interface CertificateInfo {
  use: CertificateUse;
  subject: string;
  issuer: string;
  serialNumber: string;
  /** Uppercase hex without separators, as the Entra portal shows it. */
  sha1Thumbprint: string;
  sha256Thumbprint: string;
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter, rounded down; negative once expired. */
  daysLeft: number;
  keyAlgorithm: string;
  /** RSA modulus length or EC curve size in bits; null when the algorithm does not say. */
  keySize: number | null;
  /** The base64 DER as found in the metadata, whitespace removed (the server verifies signatures with it). */
  base64: string;
}

export interface ServiceProviderMetadata {
  side: "sp";
  entityId: string;
  assertionConsumerServices: IndexedEndpoint[];
  nameIdFormats: string[];
  wantAssertionsSigned: boolean | null;
  authnRequestsSigned: boolean | null;
  certificates: CertificateInfo[];
  /** Present when the entity id is an IAM Identity Center issuer URL. */
  aws: { region: string; identityStoreId: string; accessPortalUrl: string } | null;
  signature: SignatureStatus;
}

export interface IdentityProviderMetadata {
  side: "idp";
  entityId: string;
  singleSignOnServices: Endpoint[];
  singleLogoutServices: Endpoint[];
  nameIdFormats: string[];
  certificates: CertificateInfo[];
  /** Present when the entity id (or SSO URL) names an Entra tenant. */
  entra: { tenantId: string } | null;
  signature: SignatureStatus;
}

export type SamlMetadata = ServiceProviderMetadata | IdentityProviderMetadata;

export interface ParseMetadataOptions {
  now?: Date;
  maxBytes?: number;
  /**
   * True only when the portal runs in sandbox mode (IB_MODE=sandbox; the setup page passes it to the browser, steps
   * pass SetupContext.isSandbox). Then the sandbox cloud's local endpoints (http://127.0.0.1, localhost) are
   * accepted with a warning; otherwise any local endpoint refuses the file.
   */
  sandbox?: boolean;
}

export type MetadataResult<M extends SamlMetadata = SamlMetadata> =
  { ok: true; metadata: M; warnings: MetadataWarning[] } | { ok: false; error: MetadataError };
