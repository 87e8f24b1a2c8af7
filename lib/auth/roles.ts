import type { Role } from "./permissions";

export interface RoleNames {
  admin: string;
  helpdesk: string;
  auditor: string;
}

/**
 * The portal role for a token's `roles` claim. A user holding several app roles acts with the most
 * capable one (admin, then helpdesk, then auditor); none → no access.
 */
export function portalRoleFromClaims(roles: unknown, names: RoleNames): Role | null {
  const values = Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
  for (const role of ["admin", "helpdesk", "auditor"] as const) if (values.includes(names[role])) return role;
  return null;
}
