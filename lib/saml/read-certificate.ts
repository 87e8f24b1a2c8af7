// @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs the Reflect metadata API first.
import "reflect-metadata";
import { X509Certificate } from "@peculiar/x509";
import { MetadataRefusal } from "./refusal";
import type { CertificateInfo, CertificateUse, MetadataSide, MetadataWarning } from "./types";

const DAY_MS = 24 * 60 * 60 * 1000;
export const EXPIRY_WARNING_DAYS = 60;
/** IAM CreateSAMLProvider accepts keys of 1024 bits and more (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html); below 2048 we only warn. */
const MIN_RSA_BITS = 1024;
const RECOMMENDED_RSA_BITS = 2048;
/** Identity Center quota: an IdP certificate of at most 2500 characters (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html). */
const MAX_IDP_CERTIFICATE_CHARS = 2500;

export interface ReadCertificateContext {
  side: MetadataSide;
  now: Date;
  warnings: MetadataWarning[];
}

/** What the role-descriptor readers need: the certificate context, and whether the portal runs in sandbox mode. */
export interface ReadContext extends ReadCertificateContext {
  sandbox: boolean;
}

export async function readCertificate(base64Text: string, use: CertificateUse, context: ReadCertificateContext): Promise<CertificateInfo> {
  const base64 = base64Text.replace(/\s+/g, "");
  const label = `${use} certificate`;
  if (context.side === "idp" && base64.length > MAX_IDP_CERTIFICATE_CHARS)
    throw new MetadataRefusal(
      "certificate-too-long",
      `The ${label} is ${base64.length} characters long; AWS IAM Identity Center accepts at most ${MAX_IDP_CERTIFICATE_CHARS}.`,
    );
  const certificate = decodeCertificate(base64, label);
  const [sha1, sha256] = await thumbprints(certificate);
  const sha1Thumbprint = toHex(sha1);
  const { keyAlgorithm, keySize } = describeKey(certificate);
  const daysLeft = Math.floor((certificate.notAfter.getTime() - context.now.getTime()) / DAY_MS);
  const info: CertificateInfo = {
    use,
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber.toUpperCase(),
    sha1Thumbprint,
    sha256Thumbprint: toHex(sha256),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    daysLeft,
    keyAlgorithm,
    keySize,
    base64,
  };
  checkValidity(info, label, context);
  return info;
}

function decodeCertificate(base64: string, label: string): X509Certificate {
  try {
    const binary = atob(base64);
    const der = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
    return new X509Certificate(der);
  } catch {
    throw new MetadataRefusal("certificate-unreadable", `The ${label} in this file could not be read as an X.509 certificate.`);
  }
}

async function thumbprints(certificate: X509Certificate): Promise<[ArrayBuffer, ArrayBuffer]> {
  // Browsers expose WebCrypto only to secure contexts (https or localhost); say so rather than fail vaguely.
  if (typeof globalThis.crypto === "undefined" || typeof globalThis.crypto.subtle === "undefined")
    throw new MetadataRefusal(
      "certificate-unreadable",
      "This page cannot compute certificate thumbprints because the browser offers WebCrypto only over https or on localhost.",
    );
  return Promise.all([certificate.getThumbprint("SHA-1"), certificate.getThumbprint("SHA-256")]);
}

function describeKey(certificate: X509Certificate): { keyAlgorithm: string; keySize: number | null } {
  const algorithm: Algorithm & { modulusLength?: unknown; namedCurve?: unknown } = certificate.publicKey.algorithm;
  if (typeof algorithm.modulusLength === "number") return { keyAlgorithm: "RSA", keySize: algorithm.modulusLength };
  if (typeof algorithm.namedCurve === "string") {
    const bits = /(\d+)$/.exec(algorithm.namedCurve)?.[1];
    return { keyAlgorithm: `EC ${algorithm.namedCurve}`, keySize: bits === undefined ? null : Number(bits) };
  }
  return { keyAlgorithm: algorithm.name, keySize: null };
}

function checkValidity(info: CertificateInfo, label: string, { now, warnings }: ReadCertificateContext): void {
  const who = `${info.subject} (thumbprint ${info.sha1Thumbprint})`;
  if (new Date(info.notAfter).getTime() <= now.getTime())
    throw new MetadataRefusal(
      "certificate-expired",
      `The ${label} ${who} expired on ${info.notAfter.slice(0, 10)}. Create a new certificate and download the metadata again.`,
    );
  if (info.keyAlgorithm === "RSA" && info.keySize !== null && info.keySize < MIN_RSA_BITS)
    throw new MetadataRefusal(
      "certificate-weak-key",
      `The ${label} ${who} has a ${info.keySize}-bit RSA key; AWS accepts only keys of ${MIN_RSA_BITS} bits or more.`,
    );
  if (info.keyAlgorithm === "RSA" && info.keySize !== null && info.keySize < RECOMMENDED_RSA_BITS)
    warnings.push({
      code: "certificate-short-key",
      message: `The ${label} ${who} has a ${info.keySize}-bit RSA key. AWS accepts it, but ${RECOMMENDED_RSA_BITS} bits is the minimum considered safe.`,
    });
  if (new Date(info.notBefore).getTime() > now.getTime())
    warnings.push({
      code: "certificate-not-yet-valid",
      message: `The ${label} ${who} is valid only from ${info.notBefore.slice(0, 10)}; sign-in fails until then.`,
    });
  if (info.daysLeft < EXPIRY_WARNING_DAYS)
    warnings.push({
      code: "certificate-expiring",
      message: `The ${label} ${who} expires in ${info.daysLeft} ${info.daysLeft === 1 ? "day" : "days"}, on ${info.notAfter.slice(0, 10)}. Plan the rollover now.`,
    });
}

const toHex = (buffer: ArrayBuffer): string =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
