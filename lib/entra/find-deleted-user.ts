import "server-only";
import { callGraph, listAll, odataLiteral, orNull, queryValue, segment } from "./call";
import type { GraphGateway } from "./client";
import { GUID } from "./types";

export interface DeletedUser {
  id: string;
  /** Entra prefixes a deleted user's UPN with its object id (without dashes). */
  userPrincipalName: string;
  displayName: string | null;
  deletedDateTime: string | null;
}

interface DeletedRow {
  id: string;
  userPrincipalName?: string | null;
  displayName?: string | null;
  deletedDateTime?: string | null;
}

const toDeleted = (row: DeletedRow): DeletedUser => ({
  id: row.id,
  userPrincipalName: row.userPrincipalName ?? "",
  displayName: row.displayName ?? null,
  deletedDateTime: row.deletedDateTime ?? null,
});

/**
 * A user in the Entra recycle bin (kept 30 days), by object id or original UPN: why a helpdesk search for someone
 * who "was there last week" finds nobody. The mangled UPN ends with the original one, an advanced query.
 */
export async function findDeletedUser(gateway: GraphGateway, key: string): Promise<{ user: DeletedUser | null }> {
  const wanted = key.trim();
  if (GUID.test(wanted)) {
    const row = await orNull(callGraph<DeletedRow>(gateway, "GetDeletedUser", () => gateway.api(`/directory/deletedItems/${segment(wanted)}`).get()));
    return { user: row ? toDeleted(row) : null };
  }
  if (!wanted.includes("@")) return { user: null };
  const { items } = await listAll<DeletedRow>(
    gateway,
    "ListDeletedUsers",
    gateway
      .api("/directory/deletedItems/microsoft.graph.user")
      .filter(queryValue(`endswith(userPrincipalName,${odataLiteral(wanted)})`))
      .select("id,userPrincipalName,displayName,deletedDateTime")
      .query({ $count: "true" })
      .top(5),
    { headers: { ConsistencyLevel: "eventual" }, maxItems: 5 },
  );
  const first = items[0];
  return { user: first ? toDeleted(first) : null };
}
