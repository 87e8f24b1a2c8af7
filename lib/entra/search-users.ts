import "server-only";
import { listAll, odataLiteral, queryValue } from "./call";
import type { GraphGateway } from "./client";
import { USER_SELECT, toDirectoryUser, type DirectoryUser, type GraphUserRow } from "./types";

/**
 * Type-ahead for the helpdesk: UPN, mail, or the start of a display/given/family name. Graph's startswith is
 * case-insensitive; extra spaces are collapsed so "  jane   doe " finds Jane Doe.
 */
export async function searchUsers(gateway: GraphGateway, query: string, options: { top?: number } = {}): Promise<{ users: DirectoryUser[] }> {
  const q = query.trim().replace(/\s+/g, " ");
  if (!q) return { users: [] };
  const top = Math.min(Math.max(options.top ?? 10, 1), 50);
  const lit = odataLiteral(q);
  const fields = q.includes("@") ? ["userPrincipalName", "mail"] : ["displayName", "givenName", "surname", "userPrincipalName", "mail"];
  const filter = fields.map((f) => `startswith(${f},${lit})`).join(" or ");
  const { items } = await listAll<GraphUserRow>(gateway, "ListUsers", gateway.api("/users").filter(queryValue(filter)).select(USER_SELECT).top(top), {
    maxItems: top,
  });
  return { users: items.map(toDirectoryUser) };
}
