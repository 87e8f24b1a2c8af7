import "server-only";
import { listAll, odataLiteral, queryValue, type WithRequestIds } from "./call";
import type { GraphGateway } from "./client";

export interface DirectoryGroup {
  id: string;
  displayName: string;
}

/** A group by its exact display name (step 11's picker). Several with one name: none is picked, all are reported. */
export async function findGroupByDisplayName(gateway: GraphGateway, displayName: string): Promise<WithRequestIds & { group: DirectoryGroup | null; ambiguous: DirectoryGroup[] }> {
  const requestIds: string[] = [];
  const { items } = await listAll<DirectoryGroup>(
    gateway,
    "ListGroups",
    requestIds,
    gateway.client.api("/groups").filter(`displayName eq ${odataLiteral(displayName.trim())}`).select("id,displayName").top(5),
    { maxItems: 5 },
  );
  return { group: items.length === 1 ? (items[0] ?? null) : null, ambiguous: items.length > 1 ? items : [], requestIds };
}

/** Groups whose display name starts with the query (case-insensitive in Graph), for on-demand provisioning. */
export async function searchGroups(gateway: GraphGateway, query: string, options: { top?: number } = {}): Promise<WithRequestIds & { groups: DirectoryGroup[] }> {
  const q = query.trim().replace(/\s+/g, " ");
  const requestIds: string[] = [];
  if (!q) return { groups: [], requestIds };
  const top = Math.min(Math.max(options.top ?? 10, 1), 50);
  const { items } = await listAll<DirectoryGroup>(
    gateway,
    "ListGroups",
    requestIds,
    gateway.client.api("/groups").filter(queryValue(`startswith(displayName,${odataLiteral(q)})`)).select("id,displayName").top(top),
    { maxItems: top },
  );
  return { groups: items, requestIds };
}
