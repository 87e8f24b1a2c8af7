import "server-only";
import { appendAuditEvent } from "../audit/append";
import { db } from "../db";
import { signInAfterColumn } from "../federation/columns";
import { log } from "../log";
import { validateIdTokenOrThrow } from "./id-token";
import { cryptoProvider, signInClient } from "./msal";
import { portalRoleFromClaims } from "./roles";
import { env } from "../config/env";
import { createFailureAggregator, sanitizeErrorCode, sanitizeText, type CallbackFailure, type FailureAggregator } from "./callback-failures";
import { cookieKeyring, FLOW_COOKIE, sealSessionCookie, sessionBinding } from "./session-cookie";
import { openFlow, safeReturnTo, sealFlow, type SessionData } from "./session-seal";
import { createSessionRow, newSessionId } from "./session-store";

const SCOPES = ["openid", "profile", "email"];

export const redirectUriFor = (origin: string) => new URL("/auth/callback", origin).toString();

/** Starts the authorization code flow with PKCE: returns the authority URL and the sealed flow cookie. */
export async function beginSignIn(origin: string, returnTo: string | null) {
  const { msal } = await signInClient();
  const { verifier, challenge } = await cryptoProvider.generatePkceCodes();
  const flow = {
    state: cryptoProvider.createNewGuid(),
    nonce: cryptoProvider.createNewGuid(),
    codeVerifier: verifier,
    returnTo: safeReturnTo(returnTo, origin),
    createdAt: Date.now(),
  };
  const url = await msal.getAuthCodeUrl({
    scopes: SCOPES,
    redirectUri: redirectUriFor(origin),
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    state: flow.state,
    nonce: flow.nonce,
    responseMode: "query",
    prompt: "select_account",
  });
  return { url, flowCookie: sealFlow(cookieKeyring(), sessionBinding(), flow) };
}

/**
 * `flow` says whether the callback belonged to a sign-in this browser started (its flow cookie opened and the state
 * matched): only such a callback may touch the browser's session cookie or consume the flow cookie.
 */
export type SignInOutcome =
  | { kind: "signed-in"; cookie: string; returnTo: string; flow: true }
  | { kind: "no-access"; name: string; flow: true }
  | { kind: "failed"; reason: CallbackFailure; flow: boolean };

const globalForFailures = globalThis as unknown as { identityBridgeCallbackFailures?: FailureAggregator };
/** One aggregator per process: anonymous callback failures become one audit row a minute (lib/auth/callback-failures.ts). */
export const callbackFailures = () => (globalForFailures.identityBridgeCallbackFailures ??= createFailureAggregator((event) => appendAuditEvent(db(), event)));

/**
 * Completes the flow: state checked against the flow cookie, code redeemed with the PKCE verifier by
 * MSAL, the ID token validated here as well (signature, issuer, audience, expiry, nonce), the role taken
 * from the `roles` claim. Every outcome is audited, and a role different from last time is noted.
 */
export async function completeSignIn(origin: string, params: URLSearchParams, flowCookie: string | undefined): Promise<SignInOutcome> {
  const flow = flowCookie ? openFlow(cookieKeyring(), sessionBinding(), flowCookie, Date.now()) : undefined;
  if (!flow) {
    callbackFailures().record("expired");
    return { kind: "failed", reason: "expired", flow: false };
  }
  if (params.get("state") !== flow.state) {
    callbackFailures().record("state");
    return { kind: "failed", reason: "state", flow: false };
  }
  const authorityError = params.get("error");
  if (authorityError) {
    // Only the error code is kept, and only if it is one of OAuth's plain codes; error_description is never stored.
    callbackFailures().record("denied", { code: sanitizeErrorCode(authorityError) });
    return { kind: "failed", reason: "denied", flow: true };
  }

  let claims: Awaited<ReturnType<typeof validateIdTokenOrThrow>>;
  try {
    const { msal, metadata, config } = await signInClient();
    const code = params.get("code") ?? "";
    // MSAL checks the returned state against the payload and the ID token's nonce against request.nonce.
    const result = await msal.acquireTokenByCode(
      { code, codeVerifier: flow.codeVerifier, redirectUri: redirectUriFor(origin), scopes: SCOPES, state: flow.state, nonce: flow.nonce },
      { code, state: params.get("state") ?? "" },
    );
    claims = await validateIdTokenOrThrow(result.idToken, {
      jwksUri: metadata.jwks_uri,
      issuer: metadata.issuer,
      audience: config.clientId,
      nonce: flow.nonce,
      tenantId: config.tenantId,
    });
    const role = portalRoleFromClaims(claims.roles, config.roleNames);
    const email = String(claims.preferred_username ?? claims.email ?? claims.oid);
    const name = String(claims.name ?? email);
    const appRoles = Array.isArray(claims.roles) ? claims.roles : [];
    if (!role) {
      await appendAuditEvent(db(), {
        actor: email,
        role: "none",
        action: "auth.sign-in",
        result: "denied",
        error: "no portal app role assigned",
        after: { appRoles },
      });
      return { kind: "no-access", name, flow: true };
    }
    const previous = await db().auditEvent.findFirst({
      where: { action: "auth.sign-in", actor: email, result: "success" },
      orderBy: { seq: "desc" },
      select: { after: true },
    });
    const previousRole = signInAfterColumn.decodeNullable(previous?.after)?.role;
    await appendAuditEvent(db(), { actor: email, role, action: "auth.sign-in", target: String(claims.oid), result: "success", after: { role, appRoles } });
    if (previousRole && previousRole !== role) {
      await appendAuditEvent(db(), {
        actor: email,
        role,
        action: "auth.role-changed",
        target: String(claims.oid),
        result: "success",
        before: { role: previousRole },
        after: { role },
      });
    }
    const now = Date.now();
    const session: SessionData = {
      v: 2,
      sid: newSessionId(),
      oid: String(claims.oid),
      tid: String(claims.tid ?? config.tenantId),
      name,
      email,
      role,
      appRoles,
      createdAt: now,
      lastSeenAt: now,
    };
    await createSessionRow(db(), session, sessionBinding(), { roleCheckMs: env().IB_SESSION_ROLE_CHECK_SECONDS * 1000 });
    return { kind: "signed-in", cookie: sealSessionCookie(session), returnTo: safeReturnTo(flow.returnTo, origin), flow: true };
  } catch (error) {
    const detail = sanitizeText(error instanceof Error ? error.message : String(error));
    log("warn", "sign-in failed", { error: detail });
    const reason = /fetch|ECONNREFUSED|timeout|discovery/i.test(detail) ? "unavailable" : "token";
    callbackFailures().record(reason, { message: `sign-in could not be completed: ${detail}` });
    return { kind: "failed", reason, flow: true };
  }
}

/**
 * Where the browser goes to end its Entra session too: the authority's end-session endpoint from the discovery
 * document, returning to /auth/signed-out, which must be registered as a redirect URI of the sign-in app
 * (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#send-a-sign-out-request). Undefined when the
 * authority cannot be reached; the portal session is ended either way.
 */
export async function endSessionUrl(origin: string, loginHint?: string): Promise<string | undefined> {
  try {
    const { metadata, config } = await signInClient();
    if (!metadata.end_session_endpoint) return undefined;
    const url = new URL(metadata.end_session_endpoint);
    url.searchParams.set("post_logout_redirect_uri", new URL("/auth/signed-out", origin).toString());
    url.searchParams.set("client_id", config.clientId);
    if (loginHint) url.searchParams.set("logout_hint", loginHint);
    return url.toString();
  } catch (error) {
    log("warn", "Entra end-session endpoint unavailable", { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

export { FLOW_COOKIE };
