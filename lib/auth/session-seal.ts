import { hkdfSync } from "node:crypto";
import { createKeyring, decryptSecretOrThrow, encryptSecret, SecretDecryptionError, type Keyring } from "../crypto/secrets";
import { isRole, type Role } from "./permissions";

/**
 * The session cookie's content, sealed with AES-256-GCM under a key derived from the secrets keyring
 * (HKDF, so the session key never equals a key that encrypts stored secrets). Kept free of Next.js
 * and "server-only" so the e2e helper can mint a session exactly as the callback does.
 */
export interface SessionData {
  v: 1;
  /** Entra object id of the user. */
  oid: string;
  tid: string;
  name: string;
  email: string;
  role: Role;
  /** The app roles the token carried, for the audit trail. */
  appRoles: string[];
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export type OpenedSession = { ok: true; data: SessionData } | { ok: false; reason: "malformed" | "tampered" | "idle" | "expired" };

const SESSION_PURPOSE = "cookie:session:v1";
const FLOW_PURPOSE = "cookie:sign-in-flow:v1";

export function deriveCookieKeyring(base: Keyring): Keyring {
  const keys = [...base.keys.entries()].map(([version, key]) => ({
    version,
    key: Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), Buffer.from("identity-bridge cookies v1"), 32)),
  }));
  return createKeyring(keys, base.current);
}

export function sealSession(ring: Keyring, data: SessionData): string {
  return encryptSecret(ring, SESSION_PURPOSE, JSON.stringify(data));
}

function isSessionData(value: unknown): value is SessionData {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === 1 &&
    typeof v.oid === "string" &&
    typeof v.tid === "string" &&
    typeof v.name === "string" &&
    typeof v.email === "string" &&
    isRole(v.role) &&
    Array.isArray(v.appRoles) &&
    typeof v.createdAt === "number" &&
    typeof v.lastSeenAt === "number"
  );
}

export function openSession(ring: Keyring, cookie: string, now: number, limits: SessionLimits): OpenedSession {
  let text: string;
  try {
    text = decryptSecretOrThrow(ring, SESSION_PURPOSE, cookie);
  } catch (error) {
    return { ok: false, reason: error instanceof SecretDecryptionError && error.reason !== "malformed" ? "tampered" : "malformed" };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!isSessionData(data)) return { ok: false, reason: "malformed" };
  if (now - data.createdAt > limits.absoluteMs || data.createdAt > now + 60_000) return { ok: false, reason: "expired" };
  if (now - data.lastSeenAt > limits.idleMs) return { ok: false, reason: "idle" };
  return { ok: true, data };
}

/** The short-lived state of one sign-in attempt: PKCE verifier, state and nonce, where to return. */
export interface SignInFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
}

export const SIGN_IN_FLOW_MAX_AGE_MS = 10 * 60_000;

export function sealFlow(ring: Keyring, flow: SignInFlow): string {
  return encryptSecret(ring, FLOW_PURPOSE, JSON.stringify(flow));
}

export function openFlow(ring: Keyring, cookie: string, now: number): SignInFlow | undefined {
  try {
    const flow = JSON.parse(decryptSecretOrThrow(ring, FLOW_PURPOSE, cookie)) as SignInFlow;
    return now - flow.createdAt <= SIGN_IN_FLOW_MAX_AGE_MS ? flow : undefined;
  } catch {
    return undefined;
  }
}

/** Only same-origin paths are valid return targets (no open redirect through returnTo). */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.startsWith("/auth/")) return "/";
  return value;
}
