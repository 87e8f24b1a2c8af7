import "server-only";
import type { GraphGateway } from "./client";
import { comparePermissions, REQUIRED_GRAPH_PERMISSIONS, type GraphPermissionRequirement } from "./permissions";

export { REQUIRED_GRAPH_PERMISSIONS };

export type PreflightEntraResult = {
  tenantId: string;
  clientId: string;
  /** Every application permission the token carries (its `roles` claim), sorted. */
  granted: string[];
  /** Required permissions the token does not satisfy, each with why the portal needs it. */
  missing: GraphPermissionRequirement[];
  /** The token's expiry, for the record. */
  tokenExpiresAt: string | null;
};

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Step 0's live check: a fresh app-only token (bypassing MSAL's cache, so a permission granted or revoked a
 * moment ago shows), its `roles` claim compared with what the portal needs. Bad credentials throw kind "auth".
 */
export async function preflightEntra(gateway: GraphGateway): Promise<PreflightEntraResult> {
  const token = await gateway.acquireToken({ fresh: true });
  const claims = claimsOf(token);
  const granted = (Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : []).sort();
  const { missing } = comparePermissions(granted);
  return {
    tenantId: typeof claims.tid === "string" ? claims.tid : gateway.target.tenantId,
    clientId: gateway.target.clientId,
    granted,
    missing,
    tokenExpiresAt: typeof claims.exp === "number" ? new Date(claims.exp * 1000).toISOString() : null,
  };
}
