/**
 * The permission table: role × action, the single source for pages, server actions and route
 * handlers. A test walks every entry, and every server action must name one of these.
 */
export const ROLES = ["admin", "helpdesk", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "setup.view": ["admin", "auditor"],
  /** Run checklist steps: they change both clouds. */
  "setup.run": ["admin"],
  /** Re-check a step against live state (reads only). */
  "setup.verify": ["admin", "auditor"],
  "provisioning.view": ["admin", "helpdesk", "auditor"],
  /** Provision on demand, restart, pause, start: they change what reaches AWS. */
  "provisioning.operate": ["admin"],
  "helpdesk.view": ["admin", "helpdesk", "auditor"],
  /** Search users and run a (stored, audited) diagnosis: reads both clouds, changes nothing there. */
  "helpdesk.diagnose": ["admin", "helpdesk"],
  /** Provision on demand from a diagnosis; helpdesk only while an admin allows it (lib/settings/helpdesk-policy.ts). */
  "helpdesk.provision": ["admin", "helpdesk"],
  /** Whether helpdesk may provision on demand. */
  "helpdesk.policy.update": ["admin"],
  "audit.view": ["admin", "auditor"],
  "audit.verify": ["admin", "auditor"],
  /** Take a configuration snapshot or check drift now: reads both clouds, writes only the portal's own history. */
  "history.record": ["admin", "auditor"],
  "settings.view": ["admin", "auditor"],
  /** The Access area: account assignments, group memberships, effective access, permission sets (reads AWS). */
  "access.view": ["admin", "helpdesk", "auditor"],
  /** Change AWS group memberships and the protected-principals list. */
  "access.manage": ["admin"],
  "settings.connections.update": ["admin"],
  /** End every portal session of a user at once (e.g. a lost laptop or an offboarding that cannot wait). */
  "sessions.end": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", helpdesk: "Helpdesk", auditor: "Auditor" };

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const isRole = (value: unknown): value is Role => typeof value === "string" && (ROLES as readonly string[]).includes(value);
