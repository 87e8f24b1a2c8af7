import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, decryptSecretOrThrow, encryptSecret, keyVersionOf, reencryptSecret, SecretDecryptionError } from "./secrets";

const k1 = { version: 1, key: randomBytes(32) };
const k2 = { version: 2, key: randomBytes(32) };

function reasonOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof SecretDecryptionError) return error.reason;
    throw error;
  }
  return "no error";
}

describe("secrets at rest", () => {
  it("round-trips and never repeats a ciphertext (random IV)", () => {
    const ring = createKeyring([k1]);
    const a = encryptSecret(ring, "connection:entra", "s3cr3t-value");
    const b = encryptSecret(ring, "connection:entra", "s3cr3t-value");
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cr3t");
    expect(decryptSecretOrThrow(ring, "connection:entra", a)).toBe("s3cr3t-value");
    expect(keyVersionOf(a)).toBe(1);
  });

  it("fails clearly with a wrong key instead of returning garbage", () => {
    const envelope = encryptSecret(createKeyring([k1]), "p", "value");
    const wrong = createKeyring([{ version: 1, key: randomBytes(32) }]);
    expect(reasonOf(() => decryptSecretOrThrow(wrong, "p", envelope))).toBe("wrong-key-or-tampered");
    expect(() => decryptSecretOrThrow(wrong, "p", envelope)).toThrow(/key version 1: the key is wrong or the value was altered/);
  });

  it("fails clearly when the key version was rotated away", () => {
    const envelope = encryptSecret(createKeyring([k1]), "p", "value");
    expect(reasonOf(() => decryptSecretOrThrow(createKeyring([k2]), "p", envelope))).toBe("unknown-key-version");
    expect(() => decryptSecretOrThrow(createKeyring([k2]), "p", envelope)).toThrow(/key version 1, which is not in IB_ENCRYPTION_KEYS/);
  });

  it("binds the purpose, detects tampering and rejects malformed values", () => {
    const ring = createKeyring([k1]);
    const envelope = encryptSecret(ring, "connection:entra", "value");
    expect(reasonOf(() => decryptSecretOrThrow(ring, "connection:aws", envelope))).toBe("wrong-key-or-tampered");
    const parts = envelope.split(".");
    const flipped = Buffer.from(parts[3] ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    parts[3] = flipped.toString("base64url");
    expect(reasonOf(() => decryptSecretOrThrow(ring, "connection:entra", parts.join(".")))).toBe("wrong-key-or-tampered");
    expect(reasonOf(() => decryptSecretOrThrow(ring, "p", "plaintext"))).toBe("malformed");
  });

  it("rotates: new values use the newest key, old ones still read and re-encrypt", () => {
    const old = encryptSecret(createKeyring([k1]), "p", "value");
    const ring = createKeyring([k1, k2]);
    expect(keyVersionOf(encryptSecret(ring, "p", "x"))).toBe(2);
    const rotated = reencryptSecret(ring, "p", old);
    expect(keyVersionOf(rotated)).toBe(2);
    expect(decryptSecretOrThrow(createKeyring([k2]), "p", rotated)).toBe("value");
  });
});
