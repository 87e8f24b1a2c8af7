import "server-only";
import { can, type Permission } from "./permissions";
import { getSession, type Session } from "./session";

export type PageAccess = { state: "allowed"; session: Session } | { state: "forbidden"; session: Session } | { state: "anonymous" };

/** Pages check the same permission table as actions; hiding a link is never the only guard. */
export async function pageAccess(permission: Permission): Promise<PageAccess> {
  const session = await getSession();
  if (!session) return { state: "anonymous" };
  return can(session.role, permission) ? { state: "allowed", session } : { state: "forbidden", session };
}
