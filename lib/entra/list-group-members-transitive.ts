import "server-only";
import { listAll } from "./call";
import type { GraphGateway } from "./client";
import { USER_SELECT, toDirectoryUser, type DirectoryUser, type GraphUserRow } from "./types";

export interface GroupRef {
  id: string;
  displayName: string | null;
}

type MemberRow = GraphUserRow & { "@odata.type"?: string };

function split(rows: MemberRow[]): { users: DirectoryUser[]; groups: GroupRef[] } {
  const users: DirectoryUser[] = [];
  const groups: GroupRef[] = [];
  for (const r of rows) {
    if (r["@odata.type"] === "#microsoft.graph.group") groups.push({ id: r.id, displayName: r.displayName ?? null });
    else if (r["@odata.type"] === "#microsoft.graph.user") users.push(toDirectoryUser(r));
  }
  return { users, groups };
}

/** Direct members only: these are the users an assigned group puts in provisioning scope. */
export async function listGroupMembers(
  gateway: GraphGateway,
  groupId: string,
  options: { maxItems?: number } = {},
): Promise<{ users: DirectoryUser[]; groups: GroupRef[]; truncated: boolean }> {
  const { items, truncated } = await listAll<MemberRow>(
    gateway,
    "ListGroupMembers",
    gateway.api(`/groups/${groupId}/members`).select(USER_SELECT).top(999),
    options,
  );
  return { ...split(items), truncated };
}

/** Every member at any depth: users and the nested groups they come through. */
export async function listGroupMembersTransitive(
  gateway: GraphGateway,
  groupId: string,
  options: { maxItems?: number } = {},
): Promise<{ users: DirectoryUser[]; groups: GroupRef[]; truncated: boolean }> {
  const { items, truncated } = await listAll<MemberRow>(
    gateway,
    "ListGroupTransitiveMembers",
    gateway.api(`/groups/${groupId}/transitiveMembers`).select(USER_SELECT).top(999),
    options,
  );
  return { ...split(items), truncated };
}
