import "server-only";
import { callGraph, listAll, odataLiteral, orNull, queryValue, segment } from "./call";
import type { GraphGateway } from "./client";
import { GUID, USER_SELECT, toDirectoryUser, type DirectoryUser, type GraphUserRow } from "./types";

export type FindUserResult = {
  user: DirectoryUser | null;
  /** How the key matched: the object id, the UPN, or (a UPN lookup having missed) the mail address. */
  matchedBy: "id" | "userPrincipalName" | "mail" | null;
  /** Several users share that mail address: none is picked. */
  ambiguous: DirectoryUser[];
};

/** One user by object id, UPN or mail (https://learn.microsoft.com/graph/api/user-get). Unknown is a normal answer, not an error. */
export async function findUser(gateway: GraphGateway, key: string): Promise<FindUserResult> {
  const wanted = key.trim();
  if (!wanted) return { user: null, matchedBy: null, ambiguous: [] };
  const direct = await orNull(
    callGraph<GraphUserRow>(gateway, "GetUser", () =>
      gateway
        .api(`/users/${segment(wanted)}`)
        .select(USER_SELECT)
        .get(),
    ),
  );
  if (direct) return { user: toDirectoryUser(direct), matchedBy: GUID.test(wanted) ? "id" : "userPrincipalName", ambiguous: [] };
  if (!wanted.includes("@")) return { user: null, matchedBy: null, ambiguous: [] };
  const { items } = await listAll<GraphUserRow>(
    gateway,
    "ListUsers",
    gateway
      .api("/users")
      .filter(queryValue(`mail eq ${odataLiteral(wanted)}`))
      .select(USER_SELECT)
      .top(5),
    { maxItems: 5 },
  );
  const users = items.map(toDirectoryUser);
  if (users.length === 1) return { user: users[0] ?? null, matchedBy: "mail", ambiguous: [] };
  return { user: null, matchedBy: null, ambiguous: users };
}
