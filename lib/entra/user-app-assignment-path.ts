import "server-only";
import { listAll, queryValue, segment } from "./call";
import type { GraphGateway } from "./client";
import type { GroupRef } from "./list-group-members-transitive";

export type AssignmentPath = "direct" | "group" | "nested-only" | "none";

export type UserAppAssignmentPathResult = {
  /** The strongest path: direct beats group beats nested-only. Only direct and group put the user in scope. */
  path: AssignmentPath;
  inScope: boolean;
  direct: boolean;
  /** Assigned groups the user is a direct member of. */
  viaGroups: GroupRef[];
  /** Assigned groups the user is only in through a nested group: does NOT count (https://learn.microsoft.com/entra/identity/app-provisioning/how-provisioning-works). */
  nestedVia: GroupRef[];
  /** Each app role the user holds and how: directly, or through an assigned group they are a direct member of. */
  roles: { appRoleId: string; via: GroupRef | null }[];
};

interface AssignmentRow {
  principalId: string;
  principalType?: string | null;
  principalDisplayName?: string | null;
  appRoleId?: string;
}

/** Like Promise.all, but waits for every call to settle before throwing the first failure. */
async function allSettledOrThrow<T extends readonly unknown[]>(calls: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(calls);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * How (if at all) a user is assigned to the app. The three reads are independent and run concurrently, so the
 * helpdesk check stays within one round trip here.
 */
export async function userAppAssignmentPath(
  gateway: GraphGateway,
  userId: string,
  servicePrincipalId: string,
  options: { oneAtATime?: boolean } = {},
): Promise<UserAppAssignmentPathResult> {
  // Direct assignments and those through groups the user is a direct member of (https://learn.microsoft.com/entra/identity/app-provisioning/how-provisioning-works).
  const mineCall = () =>
    listAll<AssignmentRow>(
      gateway,
      "ListUserAppRoleAssignments",
      gateway.api(`/users/${segment(userId)}/appRoleAssignments`).filter(queryValue(`resourceId eq ${servicePrincipalId}`)),
    );
  const membershipsCall = () =>
    listAll<{ id: string; displayName?: string | null }>(
      gateway,
      "ListUserTransitiveMemberOf",
      gateway
        .api(`/users/${segment(userId)}/transitiveMemberOf/microsoft.graph.group`)
        .select("id,displayName")
        .top(999),
    );
  const assignedCall = () =>
    listAll<AssignmentRow>(gateway, "ListAppRoleAssignedTo", gateway.api(`/servicePrincipals/${servicePrincipalId}/appRoleAssignedTo`).top(999));
  // oneAtATime: the helpdesk benchmark's baseline, which must not overlap any two upstream calls.
  // Concurrently, all three settled before answering: a failure of one never leaves the others in flight after the step.
  const [mine, memberships, assigned] = options.oneAtATime
    ? [await mineCall(), await membershipsCall(), await assignedCall()]
    : await allSettledOrThrow([mineCall(), membershipsCall(), assignedCall()] as const);
  const direct = mine.items.some((a) => a.principalType === "User");
  const viaIds = new Set(mine.items.filter((a) => a.principalType === "Group").map((a) => a.principalId));
  const viaGroups = [...viaIds].map((id) => ({ id, displayName: mine.items.find((a) => a.principalId === id)?.principalDisplayName ?? null }));
  const assignedGroups = new Map(assigned.items.filter((a) => a.principalType === "Group").map((a) => [a.principalId, a.principalDisplayName ?? null]));
  const nestedVia = memberships.items
    .filter((g) => assignedGroups.has(g.id) && !viaIds.has(g.id))
    .map((g) => ({ id: g.id, displayName: g.displayName ?? assignedGroups.get(g.id) ?? null }));
  const path: AssignmentPath = direct ? "direct" : viaGroups.length ? "group" : nestedVia.length ? "nested-only" : "none";
  const roles = mine.items.flatMap((a) =>
    a.appRoleId ? [{ appRoleId: a.appRoleId, via: a.principalType === "Group" ? { id: a.principalId, displayName: a.principalDisplayName ?? null } : null }] : [],
  );
  return { path, inScope: path === "direct" || path === "group", direct, viaGroups, nestedVia, roles };
}
