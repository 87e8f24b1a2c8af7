import "server-only";
import { callGraph, listAll } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError, isEntraGatewayError } from "./errors";
import { readServicePrincipal } from "./service-principal";

export interface AppAssignment {
  id: string;
  principalId: string;
  principalType: "User" | "Group" | "ServicePrincipal" | "Unknown";
  principalDisplayName: string | null;
  appRoleId: string;
  createdDateTime: string | null;
}

/** Graph's "default access" role, used when an app defines no roles of its own. */
export const DEFAULT_ACCESS_ROLE_ID = "00000000-0000-0000-0000-000000000000";

interface Row {
  id: string;
  principalId: string;
  principalType?: string | null;
  principalDisplayName?: string | null;
  appRoleId: string;
  createdDateTime?: string | null;
}

const toAssignment = (r: Row): AppAssignment => ({
  id: r.id,
  principalId: r.principalId,
  principalType: r.principalType === "User" || r.principalType === "Group" || r.principalType === "ServicePrincipal" ? r.principalType : "Unknown",
  principalDisplayName: r.principalDisplayName ?? null,
  appRoleId: r.appRoleId,
  createdDateTime: r.createdDateTime ?? null,
});

async function listRows(gateway: GraphGateway, servicePrincipalId: string): Promise<AppAssignment[]> {
  const { items } = await listAll<Row>(gateway, "ListAppRoleAssignedTo", gateway.api(`/servicePrincipals/${servicePrincipalId}/appRoleAssignedTo`).top(999));
  return items.map(toAssignment);
}

/** Who is assigned to the app (https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto; recent changes may take a moment to show). */
export async function listAppAssignments(gateway: GraphGateway, servicePrincipalId: string): Promise<{ assignments: AppAssignment[] }> {
  return { assignments: await listRows(gateway, servicePrincipalId) };
}

/** The role to assign when none is named: the app's enabled "User" role (the AWS gallery apps have one), else its first user role. */
async function defaultRole(gateway: GraphGateway, servicePrincipalId: string): Promise<string> {
  const sp = await readServicePrincipal(gateway, servicePrincipalId);
  const roles = sp.appRoles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes("User"));
  if (!sp.appRoles.length) return DEFAULT_ACCESS_ROLE_ID;
  const role = roles.find((r) => r.displayName === "User") ?? roles.find((r) => r.displayName !== "msiam_access") ?? roles[0];
  if (!role)
    throw new EntraGatewayError({
      kind: "validation",
      operation: "CreateAppRoleAssignment",
      message: "The app has no enabled role that users can be assigned to.",
    });
  return role.id;
}

export type EnsureAppAssignmentResult = { outcome: "created" | "adopted"; assignment: AppAssignment };

/** Step 11: assigns a user or group to the app once; an existing assignment of that principal with that role is adopted. */
export async function ensureAppAssignment(
  gateway: GraphGateway,
  input: { servicePrincipalId: string; principalId: string; appRoleId?: string },
): Promise<EnsureAppAssignmentResult> {
  const sp = input.servicePrincipalId;
  const [appRoleId, existing] = await Promise.all([input.appRoleId ?? defaultRole(gateway, sp), listRows(gateway, sp)]);
  const found = existing.find((a) => a.principalId === input.principalId && a.appRoleId === appRoleId);
  if (found) return { outcome: "adopted", assignment: found };
  try {
    const created = await callGraph<Row>(gateway, "CreateAppRoleAssignment", () =>
      gateway.api(`/servicePrincipals/${sp}/appRoleAssignedTo`).post({ principalId: input.principalId, resourceId: sp, appRoleId }),
    );
    return { outcome: "created", assignment: toAssignment(created) };
  } catch (error) {
    // "Permission being assigned already exists": a concurrent run (or replication lag in our read) beat us.
    if (!isEntraGatewayError(error, "validation") || !/already exists/i.test(error.detail ?? "")) throw error;
    const again = (await listRows(gateway, sp)).find((a) => a.principalId === input.principalId && a.appRoleId === appRoleId);
    if (!again) throw error;
    return { outcome: "adopted", assignment: again };
  }
}

/** Removes a principal's assignment(s) to the app (all roles unless one is named); absent is not an error. */
export async function removeAppAssignment(
  gateway: GraphGateway,
  input: { servicePrincipalId: string; principalId: string; appRoleId?: string },
): Promise<{ removed: AppAssignment[] }> {
  const mine = (await listRows(gateway, input.servicePrincipalId)).filter(
    (a) => a.principalId === input.principalId && (input.appRoleId === undefined || a.appRoleId === input.appRoleId),
  );
  const removed: AppAssignment[] = [];
  for (const a of mine) {
    try {
      await callGraph(gateway, "DeleteAppRoleAssignment", () =>
        gateway.api(`/servicePrincipals/${input.servicePrincipalId}/appRoleAssignedTo/${encodeURIComponent(a.id)}`).delete(),
      );
      removed.push(a);
    } catch (error) {
      if (!isEntraGatewayError(error, "not-found")) throw error;
    }
  }
  return { removed };
}
