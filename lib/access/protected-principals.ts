import { z } from "zod";

/**
 * Principals no portal action may change or remove: the Control Tower groups (the landing zone's own
 * administration, https://docs.aws.amazon.com/controltower/latest/userguide/sso-groups.html) and the break-glass
 * users an admin names. Pure: the list itself is stored by lib/access/protected-store.ts.
 */
export const protectedPrincipalSchema = z.object({
  type: z.enum(["GROUP", "USER"]),
  /** Group display name or user name, compared without case. */
  name: z.string().trim().min(1).max(200),
  note: z.string().trim().max(300).optional(),
});
export type ProtectedPrincipal = z.infer<typeof protectedPrincipalSchema>;

/** Always protected; the admin adds to these (break-glass users) but cannot take them off. */
export const DEFAULT_PROTECTED_PRINCIPALS: readonly ProtectedPrincipal[] = [
  { type: "GROUP", name: "AWSControlTowerAdmins", note: "AWS Control Tower administrators" },
  { type: "GROUP", name: "AWSSecurityAuditors", note: "AWS Control Tower security auditors" },
];

const same = (a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "accent" }) === 0;

export function findProtected(list: readonly ProtectedPrincipal[], principal: { type: "GROUP" | "USER"; name: string }): ProtectedPrincipal | undefined {
  return list.find((p) => p.type === principal.type && same(p.name, principal.name));
}

export const isDefaultProtected = (principal: { type: "GROUP" | "USER"; name: string }) => findProtected(DEFAULT_PROTECTED_PRINCIPALS, principal) !== undefined;

/** A change refused by a safety rail; the message is written for the user and goes to the audit row. */
export class AccessRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessRefusedError";
  }
}

/**
 * Refuses a change that touches a protected principal. `principals` are every group and user the change touches
 * (the group and the user of a membership; the principal of an assignment). Bulk callers (the job runner) call it
 * per operation before queueing it.
 */
export function assertNotProtected(
  list: readonly ProtectedPrincipal[],
  principals: readonly { type: "GROUP" | "USER"; name: string }[],
  change: string,
): void {
  for (const principal of principals) {
    const hit = findProtected(list, principal);
    if (hit)
      throw new AccessRefusedError(
        `Refused: ${principal.type === "GROUP" ? "group" : "user"} “${principal.name}” is a protected principal${hit.note ? ` (${hit.note})` : ""}, and no portal action may ${change} it. Change it in the AWS console with the management account's credentials if you really must, or take it off the protected list first (only break-glass users an admin added can be taken off).`,
      );
  }
}
