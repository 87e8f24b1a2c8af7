import "server-only";
import { env } from "../config/env";
import { createGraphGateway, sealCredential, type GraphGateway } from "../entra/client";
import { userAppRoles } from "../entra/user-app-roles";
import type { Role } from "./permissions";
import { signInRoleNames } from "./role-names";
import { portalRoleFromClaims } from "./roles";
import { signInConfig } from "./sign-in-config";

/** What Microsoft Graph says about a signed-in user now: the portal role their app role assignments give, if any. */
export interface CurrentRole {
  role: Role | null;
  appRoles: string[];
  /** false when the account is disabled or gone. */
  accountEnabled: boolean;
}

let gateway: GraphGateway | undefined;

/**
 * A Graph client acting as the portal's sign-in app itself (client credentials in the sign-in tenant), so the check
 * reads the same tenant and app registration whose `roles` claim signed the user in. It needs the application
 * permissions User.Read.All and Application.Read.All (or Directory.Read.All) on that app registration
 * (https://learn.microsoft.com/graph/api/user-list-approleassignments, https://learn.microsoft.com/graph/api/serviceprincipal-get).
 */
function signInGateway(): GraphGateway {
  if (gateway) return gateway;
  const config = signInConfig();
  const e = env();
  const sandboxUrl = e.SANDBOX_URL.replace(/\/+$/, "");
  gateway = createGraphGateway(
    {
      kind: e.IB_MODE,
      tenantId: config.tenantId,
      clientId: config.clientId,
      credential: sealCredential({ kind: "secret", clientSecret: config.clientSecret }),
      graphBaseUrl: e.IB_MODE === "sandbox" ? `${sandboxUrl}/graph` : "https://graph.microsoft.com",
      loginBaseUrl: e.IB_MODE === "sandbox" ? `${sandboxUrl}/login` : e.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ""),
    },
    // A session check sits in the request path: fail fast and try again later rather than hold the page.
    { requestTimeoutMs: 5_000, tokenTimeoutMs: 5_000, maxRetries: 1, retryDelaySeconds: 1 },
  );
  return gateway;
}

/**
 * Maps the user's current app role assignments on the sign-in app to a portal role exactly as sign-in maps the
 * `roles` claim. A disabled or deleted account has no role.
 */
export async function readCurrentRole(userId: string): Promise<CurrentRole> {
  const now = await userAppRoles(signInGateway(), userId, signInConfig().clientId);
  const enabled = now.exists && now.accountEnabled;
  return { role: enabled ? portalRoleFromClaims(now.appRoles, signInRoleNames()) : null, appRoles: now.appRoles, accountEnabled: enabled };
}
