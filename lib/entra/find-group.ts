import "server-only";
import { listAll, odataLiteral, type WithRequestIds } from "./call";
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
