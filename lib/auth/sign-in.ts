import "server-only";
import { appendAuditEvent } from "../audit/append";
import { db } from "../db";
import { signInAfterColumn } from "../federation/columns";
import { log } from "../log";
import { validateIdTokenOrThrow } from "./id-token";
import { cryptoProvider, signInClient } from "./msal";
import { portalRoleFromClaims } from "./roles";
import { FLOW_COOKIE, sealSessionCookie } from "./session-cookie";
import { openFlow, safeReturnTo, sealFlow, type SessionData } from "./session-seal";
import { cookieKeyring } from "./session-cookie";

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
    returnTo: safeReturnTo(returnTo),
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
  return { url, flowCookie: sealFlow(cookieKeyring(), flow) };
}

export type SignInOutcome =
  | { kind: "signed-in"; cookie: string; returnTo: string }
  | { kind: "no-access"; name: string }
  | { kind: "failed"; reason: "expired" | "state" | "denied" | "token" | "unavailable" };

const anonymous = { actor: "anonymous", role: "none", action: "auth.sign-in" };

/**
 * Completes the flow: state checked against the flow cookie, code redeemed with the PKCE verifier by
 * MSAL, the ID token validated here as well (signature, issuer, audience, expiry, nonce), the role taken
 * from the `roles` claim. Every outcome is audited, and a role different from last time is noted.
 */
export async function completeSignIn(origin: string, params: URLSearchParams, flowCookie: string | undefined): Promise<SignInOutcome> {
  const flow = flowCookie ? openFlow(cookieKeyring(), flowCookie, Date.now()) : undefined;
  if (!flow) {
    await appendAuditEvent(db(), { ...anonymous, result: "failure", error: "sign-in attempt expired or its cookie is missing" });
    return { kind: "failed", reason: "expired" };
  }
  if (params.get("state") !== flow.state) {
    await appendAuditEvent(db(), { ...anonymous, result: "failure", error: "state does not match this sign-in attempt" });
    return { kind: "failed", reason: "state" };
  }
  const authorityError = params.get("error");
  if (authorityError) {
    await appendAuditEvent(db(), { ...anonymous, result: "failure", error: `identity provider answered ${authorityError}` });
    return { kind: "failed", reason: "denied" };
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
      return { kind: "no-access", name };
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
      v: 1,
      oid: String(claims.oid),
      tid: String(claims.tid ?? config.tenantId),
      name,
      email,
      role,
      appRoles,
      createdAt: now,
      lastSeenAt: now,
    };
    return { kind: "signed-in", cookie: sealSessionCookie(session), returnTo: flow.returnTo };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log("warn", "sign-in failed", { error: detail });
    await appendAuditEvent(db(), { ...anonymous, result: "failure", error: `sign-in could not be completed: ${detail.slice(0, 200)}` });
    return { kind: "failed", reason: /fetch|ECONNREFUSED|timeout|discovery/i.test(detail) ? "unavailable" : "token" };
  }
}

export { FLOW_COOKIE };
