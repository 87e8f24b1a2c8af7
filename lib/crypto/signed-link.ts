import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { AuditKey } from "../audit/keys";

// Short-lived download links: the payload as base64url JSON, a dot, and an HMAC-SHA256 (RFC 2104,
// https://www.rfc-editor.org/rfc/rfc2104) over it with a key derived by HKDF (RFC 5869,
// https://www.rfc-editor.org/rfc/rfc5869) from the audit key for one purpose, so links of one kind never verify
// as another and never share the checkpoints' key. The payload names the key version that signed it, so links
// survive a key rotation while the old version is still listed.

const linkKey = (purpose: string, key: AuditKey) => Buffer.from(hkdfSync("sha256", key.key, Buffer.alloc(0), purpose, 32));

/** Signs a payload (which must carry its `expiresAt` as ISO text) with the newest key. */
export function signLink(purpose: string, payload: { expiresAt: string }, keys: readonly AuditKey[]): string {
  const key = keys[0];
  if (!key) throw new Error("no audit signing key");
  const body = Buffer.from(JSON.stringify({ ...payload, v: key.version }), "utf8").toString("base64url");
  return `${body}.${createHmac("sha256", linkKey(purpose, key)).update(body).digest("base64url")}`;
}

/** The payload of a link signed for this purpose (without its key version), or why it cannot be used. */
export function readLink(purpose: string, token: string, now: number, keys: readonly AuditKey[]): Record<string, unknown> | "invalid" | "expired" {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) return "invalid";
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return "invalid";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "invalid";
  const { v: version, ...payload } = parsed as Record<string, unknown>;
  const key = keys.find((k) => k.version === version);
  if (!key) return "invalid";
  const expected = createHmac("sha256", linkKey(purpose, key)).update(body).digest();
  const actual = Buffer.from(mac, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return "invalid";
  if (typeof payload.expiresAt !== "string") return "invalid";
  if (!(Date.parse(payload.expiresAt) > now)) return "expired";
  return payload;
}
