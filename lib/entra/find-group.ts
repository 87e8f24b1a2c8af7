import "server-only";
import { listAll, odataLiteral, queryValue } from "./call";
import type { GraphGateway } from "./client";

export interface DirectoryGroup {
  id: string;
  displayName: string;
}

/** A group by its exact display name (step 11's picker). Several with one name: none is picked, all are reported. */
export async function findGroupByDisplayName(
  gateway: GraphGateway,
  displayName: string,
): Promise<{ group: DirectoryGroup | null; ambiguous: DirectoryGroup[] }> {
  const { items } = await listAll<DirectoryGroup>(
    gateway,
    "ListGroups",
    gateway
      .api("/groups")
      .filter(`displayName eq ${odataLiteral(displayName.trim())}`)
      .select("id,displayName")
      .top(5),
    { maxItems: 5 },
  );
  return { group: items.length === 1 ? (items[0] ?? null) : null, ambiguous: items.length > 1 ? items : [] };
}

/** Groups whose display name starts with the query (case-insensitive in Graph), for on-demand provisioning. */
export async function searchGroups(gateway: GraphGateway, query: string, options: { top?: number } = {}): Promise<{ groups: DirectoryGroup[] }> {
  const q = query.trim().replace(/\s+/g, " ");
  if (!q) return { groups: [] };
  const top = Math.min(Math.max(options.top ?? 10, 1), 50);
  const { items } = await listAll<DirectoryGroup>(
    gateway,
    "ListGroups",
    gateway
      .api("/groups")
      .filter(queryValue(`startswith(displayName,${odataLiteral(q)})`))
      .select("id,displayName")
      .top(top),
    { maxItems: top },
  );
  return { groups: items };
}
