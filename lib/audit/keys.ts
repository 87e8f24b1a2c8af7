// Node-only (fs, crypto).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../config/env";

/** An HMAC key that signs audit checkpoints; the first of a key list signs, every listed version verifies. */
export interface AuditKey {
  version: number;
  key: Buffer;
}

/** Where sandbox mode keeps its generated development audit key (gitignored data folder). */
export const DEV_AUDIT_KEY_FILE = path.join(process.cwd(), "data", "dev-audit-key");

let cached: AuditKey[] | undefined;

/**
 * The audit signing keys from IB_AUDIT_KEYS (newest first). Only sandbox mode may fall back to a
 * development key generated on first start; the env schema makes live mode without keys impossible.
 */
export function auditKeys(): AuditKey[] {
  if (cached) return cached;
  const configured = env().IB_AUDIT_KEYS;
  if (configured?.length) cached = configured;
  else if (env().IB_MODE === "sandbox") cached = [{ version: 1, key: loadOrCreateDevAuditKey() }];
  else throw new Error("live mode requires IB_AUDIT_KEYS");
  return cached;
}

function loadOrCreateDevAuditKey(): Buffer {
  if (fs.existsSync(DEV_AUDIT_KEY_FILE)) return Buffer.from(fs.readFileSync(DEV_AUDIT_KEY_FILE, "utf8").trim(), "base64");
  fs.mkdirSync(path.dirname(DEV_AUDIT_KEY_FILE), { recursive: true });
  const key = randomBytes(32);
  // wx: two processes starting at once must not overwrite each other's key.
  try {
    fs.writeFileSync(DEV_AUDIT_KEY_FILE, key.toString("base64"), { flag: "wx", mode: 0o600 });
    return key;
  } catch {
    return Buffer.from(fs.readFileSync(DEV_AUDIT_KEY_FILE, "utf8").trim(), "base64");
  }
}
