import "server-only";
import { callGraph, listAll, orNull, queryValue, segment } from "./call";
import type { GraphGateway } from "./client";

interface ServicePrincipal {
  id: string;
  appRoles?: { id: string; value?: string | null; isEnabled?: boolean }[];
}

const SERVICE_PRINCIPAL_TTL_MS = 10 * 60_000;
let cachedSp: { key: string; at: number; sp: ServicePrincipal } | undefined;

async function servicePrincipalOf(gateway: GraphGateway, appId: string): Promise<ServicePrincipal> {
  const key = `${gateway.target.tenantId}|${appId}`;
  if (cachedSp?.key === key && Date.now() - cachedSp.at < SERVICE_PRINCIPAL_TTL_MS) return cachedSp.sp;
  // https://learn.microsoft.com/graph/api/serviceprincipal-get (alternate key appId)
  const sp = await callGraph<ServicePrincipal>(gateway, "GetServicePrincipalByAppId", () =>
    gateway.api(`/servicePrincipals(appId='${segment(appId)}')`).select("id,appRoles").get(),
  );
  cachedSp = { key, at: Date.now(), sp };
  return sp;
}

/** The app role values a user holds on one app now, and whether the account exists and is enabled. */
export interface UserAppRoles {
  exists: boolean;
  accountEnabled: boolean;
  appRoles: string[];
}

/**
 * A user's app roles on the app `appId`: direct assignments and those through groups the user is a direct member of,
 * which is what Entra puts in the `roles` claim (https://learn.microsoft.com/graph/api/user-list-approleassignments).
 * A deleted user has none. Needs User.Read.All and Application.Read.All (or Directory.Read.All).
 */
export async function userAppRoles(gateway: GraphGateway, userId: string, appId: string): Promise<UserAppRoles> {
  const sp = await servicePrincipalOf(gateway, appId);
  const [user, assignments] = await Promise.all([
    orNull(callGraph<{ accountEnabled?: boolean }>(gateway, "GetUser", () => gateway.api(`/users/${segment(userId)}`).select("id,accountEnabled").get())),
    orNull(
      listAll<{ appRoleId: string; resourceId: string }>(
        gateway,
        "ListUserAppRoleAssignments",
        gateway.api(`/users/${segment(userId)}/appRoleAssignments`).filter(queryValue(`resourceId eq ${sp.id}`)),
      ),
    ),
  ]);
  if (!user || !assignments) return { exists: false, accountEnabled: false, appRoles: [] };
  const values = assignments.items
    .filter((a) => a.resourceId === sp.id)
    .map((a) => sp.appRoles?.find((r) => r.id === a.appRoleId && r.isEnabled !== false)?.value)
    .filter((v): v is string => typeof v === "string");
  return { exists: true, accountEnabled: user.accountEnabled !== false, appRoles: [...new Set(values)].sort() };
}
