import { createHash, createPublicKey, createSign, createVerify, type KeyObject } from "node:crypto";
import { isRecord } from "../http";

export type JwtClaims = Record<string, unknown>;

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 DER of a self-signed certificate for the key, published as x5c like Entra's JWKS. */
  certificateDer: string;
}

export function signJwt(key: SigningKey, claims: JwtClaims): string {
  const header = { typ: "JWT", alg: "RS256", kid: key.kid, x5t: key.kid };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign("RSA-SHA256").update(input).sign(key.privateKey);
  return `${input}.${b64url(signature)}`;
}

/** Verifies signature against our key and returns the claims, or undefined for anything malformed or forged. */
export function verifyJwt(key: SigningKey, token: string): JwtClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [head, body, sig] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as unknown;
    if (!isRecord(header) || header.alg !== "RS256" || header.kid !== key.kid) return undefined;
    const ok = createVerify("RSA-SHA256").update(`${head}.${body}`).verify(key.publicKey, Buffer.from(sig, "base64url"));
    if (!ok) return undefined;
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as unknown;
    return isRecord(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}

export function jwk(key: SigningKey, issuer: string): Record<string, unknown> {
  const exported = key.publicKey.export({ format: "jwk" });
  return {
    kty: "RSA",
    use: "sig",
    kid: key.kid,
    x5t: key.kid,
    n: exported.n,
    e: exported.e,
    x5c: [key.certificateDer],
    issuer,
  };
}

/** Entra's kid is the certificate's SHA-1 thumbprint, base64url. */
export const kidFromDer = (der: Buffer) => createHash("sha1").update(der).digest("base64url");

export const publicKeyFromPem = (pem: string) => createPublicKey(pem);
