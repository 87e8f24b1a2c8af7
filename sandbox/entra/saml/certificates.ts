import { createHash, KeyObject, webcrypto } from "node:crypto";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface GeneratedCertificate {
  der: Buffer;
  /** Upper-case hex SHA-1, the form Entra uses for `thumbprint` and `preferredTokenSigningKeyThumbprint`. */
  thumbprint: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  subject: string;
}

const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/** A real self-signed RSA-2048 / SHA-256 X.509 certificate, as Entra generates for SAML token signing. */
export async function createSelfSignedCertificate(subject: string, notBefore: Date, notAfter: Date): Promise<GeneratedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as unknown as CryptoKeyPair;
  const serial = createHash("sha1").update(`${subject}${notBefore.getTime()}${Math.random()}`).digest("hex").slice(0, 32);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `0${serial.slice(1)}`,
    name: subject,
    notBefore,
    notAfter,
    signingAlgorithm: algorithm,
    keys,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const der = Buffer.from(cert.rawData);
  return {
    der,
    thumbprint: createHash("sha1").update(der).digest("hex").toUpperCase(),
    privateKey: KeyObject.from(keys.privateKey as unknown as webcrypto.CryptoKey),
    publicKey: KeyObject.from(keys.publicKey as unknown as webcrypto.CryptoKey),
    notBefore,
    notAfter,
    subject,
  };
}
