import "server-only";
import { cookies } from "next/headers";
import type { Role } from "./permissions";
import { readSessionCookie, SESSION_COOKIE } from "./session-cookie";

/** Who is acting: the signed-in Entra user and their portal role. */
export interface Session {
  userId: string;
  name: string;
  email: string;
  role: Role;
  tenantId: string;
}

export async function getSession(): Promise<Session | null> {
  const data = readSessionCookie((await cookies()).get(SESSION_COOKIE)?.value);
  return data ? { userId: data.oid, name: data.name, email: data.email, role: data.role, tenantId: data.tid } : null;
}
