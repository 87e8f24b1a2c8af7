import "server-only";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";

const jwksByUri = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

export interface IdTokenExpectations {
  jwksUri: string;
  issuer: string;
  audience: string;
  nonce: string;
  tenantId?: string;
}

export interface IdTokenClaims extends JWTPayload {
  oid?: string;
  tid?: string;
  name?: string;
  preferred_username?: string;
  email?: string;
  roles?: string[];
  nonce?: string;
}

/**
 * Validates the ID token independently of MSAL: RS256 signature against the tenant's keys, issuer,
 * audience, expiry (two minutes of clock skew), nonce and tenant. Throws on any mismatch.
 */
export async function validateIdTokenOrThrow(idToken: string, expected: IdTokenExpectations): Promise<IdTokenClaims> {
  let jwks = jwksByUri.get(expected.jwksUri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(expected.jwksUri), { timeoutDuration: 5_000 });
    jwksByUri.set(expected.jwksUri, jwks);
  }
  const { payload } = await jwtVerify<IdTokenClaims>(idToken, jwks, {
    issuer: expected.issuer,
    audience: expected.audience,
    algorithms: ["RS256"],
    clockTolerance: 120,
    requiredClaims: ["exp", "iat", "nonce", "oid"],
  });
  if (payload.nonce !== expected.nonce) throw new Error("the ID token's nonce does not match this sign-in");
  if (expected.tenantId && payload.tid && payload.tid !== expected.tenantId && /^[0-9a-f-]{36}$/i.test(expected.tenantId)) {
    throw new Error("the ID token was issued for another tenant");
  }
  return payload;
}
