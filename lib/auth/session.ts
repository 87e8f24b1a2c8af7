import "server-only";
import { cookies } from "next/headers";
import { isSandboxMode } from "../config/env";
import { isRole, type Role } from "./permissions";

/**
 * Who is acting. Until sign-in with Entra ID lands, this small module is the only source of the
 * session: in sandbox mode a cookie set by the header's role switcher picks the role of a sandbox
 * operator; in live mode there is no session at all (nothing is reachable without sign-in).
 * The sign-in work replaces this file and keeps its exports.
 */
export interface Session {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export const SANDBOX_ROLE_COOKIE = "ib_sandbox_role";

const SANDBOX_OPERATORS: Record<Role, Omit<Session, "role">> = {
  admin: { userId: "sandbox-admin", name: "Avery Admin", email: "avery.admin@contoso-sandbox.onmicrosoft.com" },
  helpdesk: { userId: "sandbox-helpdesk", name: "Harper Helpdesk", email: "harper.helpdesk@contoso-sandbox.onmicrosoft.com" },
  auditor: { userId: "sandbox-auditor", name: "Ari Auditor", email: "ari.auditor@contoso-sandbox.onmicrosoft.com" },
};

export function sandboxSession(role: Role): Session {
  return { ...SANDBOX_OPERATORS[role], role };
}

export async function getSession(): Promise<Session | null> {
  if (!isSandboxMode()) return null;
  const value = (await cookies()).get(SANDBOX_ROLE_COOKIE)?.value;
  return sandboxSession(isRole(value) ? value : "admin");
}
