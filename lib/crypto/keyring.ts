// Node-only (fs, crypto) but without "server-only": the request proxy needs it to open session cookies.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../config/env";
import { createKeyring, type Keyring } from "./secrets";

/** Where sandbox mode keeps its generated development key (gitignored data folder). */
export const DEV_KEY_FILE = path.join(process.cwd(), "data", "dev-encryption-key");

let cached: Keyring | undefined;

/**
 * The keyring from IB_ENCRYPTION_KEYS. Only sandbox mode may fall back to a development key, generated
 * on first start; the env schema makes live mode without keys impossible.
 */
export function keyring(): Keyring {
  if (cached) return cached;
  const configured = env().IB_ENCRYPTION_KEYS;
  if (configured?.length) {
    cached = createKeyring(configured, configured[0]?.version);
  } else if (env().IB_MODE === "sandbox") {
    cached = createKeyring([{ version: 1, key: loadOrCreateDevKey() }]);
  } else {
    throw new Error("live mode requires IB_ENCRYPTION_KEYS");
  }
  return cached;
}

export function loadOrCreateDevKey(): Buffer {
  if (fs.existsSync(DEV_KEY_FILE)) return Buffer.from(fs.readFileSync(DEV_KEY_FILE, "utf8").trim(), "base64");
  fs.mkdirSync(path.join(process.cwd(), "data"), { recursive: true });
  const key = randomBytes(32);
  // wx: two processes starting at once must not overwrite each other's key.
  try {
    fs.writeFileSync(DEV_KEY_FILE, key.toString("base64"), { flag: "wx", mode: 0o600 });
    return key;
  } catch {
    return Buffer.from(fs.readFileSync(DEV_KEY_FILE, "utf8").trim(), "base64");
  }
}
