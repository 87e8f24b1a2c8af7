import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Secrets at rest: AES-256-GCM, a fresh 96-bit IV per value, and the key version in the envelope so
 * keys can rotate (old versions stay in the keyring for reading until every value is re-encrypted).
 * Envelope: `ib1.<keyVersion>.<iv>.<ciphertext>.<tag>` (base64url parts). The purpose (e.g.
 * "connection:entra") is bound as additional data, so a ciphertext cannot be moved to another field.
 */
export interface Keyring {
  /** Version used for new values. */
  current: number;
  keys: ReadonlyMap<number, Buffer>;
}

export type SecretErrorReason = "malformed" | "unknown-key-version" | "wrong-key-or-tampered";

export class SecretDecryptionError extends Error {
  constructor(
    readonly reason: SecretErrorReason,
    message: string,
  ) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

const PREFIX = "ib1";

export function createKeyring(keys: readonly { version: number; key: Buffer }[], current?: number): Keyring {
  if (keys.length === 0) throw new Error("a keyring needs at least one key");
  for (const { version, key } of keys) {
    if (key.length !== 32) throw new Error(`encryption key version ${version} must be 32 bytes`);
  }
  const chosen = current ?? Math.max(...keys.map((k) => k.version));
  const map = new Map(keys.map((k) => [k.version, k.key]));
  if (!map.has(chosen)) throw new Error(`current key version ${chosen} is not in the keyring`);
  return { current: chosen, keys: map };
}

export function encryptSecret(keyring: Keyring, purpose: string, plaintext: string): string {
  const key = keyring.keys.get(keyring.current);
  if (!key) throw new Error(`current key version ${keyring.current} is not in the keyring`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [PREFIX, String(keyring.current), iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function keyVersionOf(envelope: string): number | undefined {
  const [prefix, version] = envelope.split(".");
  return prefix === PREFIX && version && /^\d+$/.test(version) ? Number(version) : undefined;
}

export function decryptSecretOrThrow(keyring: Keyring, purpose: string, envelope: string): string {
  const parts = envelope.split(".");
  const [prefix, versionText, ivText, ciphertextText, tagText] = parts;
  if (parts.length !== 5 || prefix !== PREFIX || !versionText || !/^\d+$/.test(versionText) || !ivText || ciphertextText === undefined || !tagText) {
    throw new SecretDecryptionError("malformed", "The stored secret is not an Identity Bridge encrypted value.");
  }
  const version = Number(versionText);
  const key = keyring.keys.get(version);
  if (!key) {
    throw new SecretDecryptionError(
      "unknown-key-version",
      `The stored secret was encrypted with key version ${version}, which is not in IB_ENCRYPTION_KEYS. Add that key back, or enter the secret again.`,
    );
  }
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== 12 || tag.length !== 16) throw new SecretDecryptionError("malformed", "The stored secret is truncated.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(purpose, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError(
      "wrong-key-or-tampered",
      `The stored secret cannot be decrypted with key version ${version}: the key is wrong or the value was altered.`,
    );
  }
}

/** Re-encrypts a value under the keyring's current version (key rotation); returns it unchanged when already current. */
export function reencryptSecret(keyring: Keyring, purpose: string, envelope: string): string {
  if (keyVersionOf(envelope) === keyring.current) return envelope;
  return encryptSecret(keyring, purpose, decryptSecretOrThrow(keyring, purpose, envelope));
}
