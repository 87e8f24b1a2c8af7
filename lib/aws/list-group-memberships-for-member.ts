import "server-only";
import { DescribeGroupCommand, paginateListGroupMembershipsForMember } from "@aws-sdk/client-identitystore";
import { callAws, orNull, pagesOf } from "./call";
import type { AwsClients } from "./clients";

export interface GroupMembership {
  membershipId: string;
  groupId: string;
  /** Null when the group vanished between the listing and the describe. */
  groupName: string | null;
}

export type GroupMembershipsResult = { memberships: GroupMembership[] };

/**
 * The user's AWS groups with their names; the describes run concurrently to keep the helpdesk page fast.
 * With `describe: false` only the listing runs (names null), for callers that describe alongside other work.
 */
export async function listGroupMembershipsForMember(
  clients: AwsClients,
  identityStoreId: string,
  userId: string,
  options: { describe?: boolean } = {},
): Promise<GroupMembershipsResult> {
  const raw: { membershipId: string; groupId: string }[] = [];
  const paginator = paginateListGroupMembershipsForMember({ client: clients.ids }, { IdentityStoreId: identityStoreId, MemberId: { UserId: userId } });
  for await (const page of pagesOf("ListGroupMembershipsForMember", paginator)) {
    for (const m of page.GroupMemberships ?? []) if (m.MembershipId && m.GroupId) raw.push({ membershipId: m.MembershipId, groupId: m.GroupId });
  }
  const names = new Map<string, string | null>();
  if (options.describe === false) return { memberships: raw.map((m) => ({ ...m, groupName: null })) };
  await Promise.all(
    [...new Set(raw.map((m) => m.groupId))].map(async (groupId) => {
      const described = await describeGroupName(clients, identityStoreId, groupId);
      names.set(groupId, described.displayName);
    }),
  );
  return { memberships: raw.map((m) => ({ ...m, groupName: names.get(m.groupId) ?? null })) };
}

/** One group's display name (null when the group is gone). */
export async function describeGroupName(clients: AwsClients, identityStoreId: string, groupId: string): Promise<{ displayName: string | null }> {
  const group = await orNull(
    callAws("DescribeGroup", () => clients.ids.send(new DescribeGroupCommand({ IdentityStoreId: identityStoreId, GroupId: groupId }))),
  );
  return { displayName: group?.DisplayName ?? null };
}
