import { hkdfSync } from "node:crypto";
import { createKeyring, decryptSecretOrThrow, encryptSecret, SecretDecryptionError, type Keyring } from "../crypto/secrets";
import { isRole, type Role } from "./permissions";

/**
 * The session cookie's content, sealed with AES-256-GCM under a key derived (HKDF) from IB_SESSION_KEYS, a
 * keyring of its own: never the key that encrypts stored secrets. The seal is bound to the deployment that made
 * it (mode, sign-in tenant, sign-in client id) through the AES-GCM additional data, so a cookie from a sandbox
 * instance is refused by a live one even if both were given the same keys
 * (https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html). Kept free of Next.js
 * and "server-only" so the e2e helper can mint a session exactly as the callback does.
 */
export interface SessionData {
  v: 2;
  /** The server-side session row (lib/auth/session-store.ts): sign-out and admins end it there. */
  sid: string;
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

/** Which deployment a cookie belongs to. */
export interface SessionBinding {
  mode: "sandbox" | "live";
  /** The sign-in tenant and app registration (client id). */
  tenantId: string;
  clientId: string;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export type OpenedSession = { ok: true; data: SessionData } | { ok: false; reason: "malformed" | "tampered" | "idle" | "expired" };

const sessionPurpose = (b: SessionBinding) => `cookie:session:v2|${b.mode}|${b.tenantId.toLowerCase()}|${b.clientId.toLowerCase()}`;
const flowPurpose = (b: SessionBinding) => `cookie:sign-in-flow:v2|${b.mode}|${b.tenantId.toLowerCase()}|${b.clientId.toLowerCase()}`;

/** The cookie keys: HKDF-SHA256 of each IB_SESSION_KEYS version (RFC 5869), same versions, same current one. */
export function deriveCookieKeyring(base: Keyring): Keyring {
  const keys = [...base.keys.entries()].map(([version, key]) => ({
    version,
    key: Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), Buffer.from("identity-bridge session cookies v2"), 32)),
  }));
  return createKeyring(keys, base.current);
}

export function sealSession(ring: Keyring, binding: SessionBinding, data: SessionData): string {
  return encryptSecret(ring, sessionPurpose(binding), JSON.stringify(data));
}

function isSessionData(value: unknown): value is SessionData {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === 2 &&
    typeof v.sid === "string" &&
    v.sid.length >= 16 &&
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

export function openSession(ring: Keyring, binding: SessionBinding, cookie: string, now: number, limits: SessionLimits): OpenedSession {
  let text: string;
  try {
    text = decryptSecretOrThrow(ring, sessionPurpose(binding), cookie);
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

export function sealFlow(ring: Keyring, binding: SessionBinding, flow: SignInFlow): string {
  return encryptSecret(ring, flowPurpose(binding), JSON.stringify(flow));
}

export function openFlow(ring: Keyring, binding: SessionBinding, cookie: string, now: number): SignInFlow | undefined {
  try {
    const flow = JSON.parse(decryptSecretOrThrow(ring, flowPurpose(binding), cookie)) as SignInFlow;
    return now - flow.createdAt <= SIGN_IN_FLOW_MAX_AGE_MS ? flow : undefined;
  } catch {
    return undefined;
  }
}

/** Any C0 control character, DEL, or a backslash (which browsers read as a slash in http(s) URLs). */
const UNSAFE_IN_RETURN_TO = /[\u0000-\u001f\u007f\\]/;

/**
 * Where to go after sign-in: only a path of the portal itself, never another site (no open redirect,
 * https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html).
 * The value is parsed the way the browser will resolve it, with the portal's origin as base, and must keep that
 * origin. Control characters and backslashes are refused outright: the URL parser drops tab and newline
 * (https://url.spec.whatwg.org/#concept-basic-url-parser), so `/\t/evil.example` would become `//evil.example`.
 * Returns the normalised path, query and fragment, or "/".
 */
export function safeReturnTo(value: string | null | undefined, origin = "https://portal.invalid"): string {
  if (!value || !value.startsWith("/") || UNSAFE_IN_RETURN_TO.test(value)) return "/";
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin || url.username || url.password) return "/";
  if (url.pathname.startsWith("/auth/")) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Belt and braces: what we hand back must itself be a plain same-origin path.
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}
