// Node-only (fs, crypto) but without "server-only": the request proxy needs it to open session cookies.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../config/env";
import { createKeyring, type Keyring } from "../crypto/secrets";

/** Where sandbox mode keeps its generated development session key (gitignored data folder, 0600). */
export const DEV_SESSION_KEY_FILE = path.join(process.cwd(), "data", "dev-session-key");

let cached: Keyring | undefined;

/**
 * The session keyring from IB_SESSION_KEYS (newest first signs, every listed version opens): a key of its own,
 * so neither the secrets' key (IB_ENCRYPTION_KEYS) nor anyone holding it can mint a session. Only sandbox mode
 * may fall back to a development key generated on first start, like the encryption and audit keys; the env
 * schema makes live mode without it impossible.
 */
export function sessionKeyring(): Keyring {
  if (cached) return cached;
  const configured = env().IB_SESSION_KEYS;
  if (configured?.length) cached = createKeyring(configured, configured[0]?.version);
  else if (env().IB_MODE === "sandbox") cached = createKeyring([{ version: 1, key: loadOrCreateDevSessionKey() }]);
  else throw new Error("live mode requires IB_SESSION_KEYS");
  return cached;
}

function loadOrCreateDevSessionKey(): Buffer {
  if (fs.existsSync(DEV_SESSION_KEY_FILE)) return Buffer.from(fs.readFileSync(DEV_SESSION_KEY_FILE, "utf8").trim(), "base64");
  fs.mkdirSync(path.dirname(DEV_SESSION_KEY_FILE), { recursive: true });
  const key = randomBytes(32);
  // wx: two processes starting at once must not overwrite each other's key.
  try {
    fs.writeFileSync(DEV_SESSION_KEY_FILE, key.toString("base64"), { flag: "wx", mode: 0o600 });
    return key;
  } catch {
    return Buffer.from(fs.readFileSync(DEV_SESSION_KEY_FILE, "utf8").trim(), "base64");
  }
}
