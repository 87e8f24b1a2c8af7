import "server-only";
import { DescribeGroupCommand, DescribeGroupMembershipCommand } from "@aws-sdk/client-identitystore";
import { callAws, orNull } from "./call";
import type { AwsClients } from "./clients";
import type { DirectoryGroup } from "./list-identity-store-directory";

/** One group with its ExternalIds (null when it does not exist). */
export async function describeDirectoryGroup(clients: AwsClients, identityStoreId: string, groupId: string): Promise<DirectoryGroup | null> {
  const g = await orNull(callAws("DescribeGroup", () => clients.ids.send(new DescribeGroupCommand({ IdentityStoreId: identityStoreId, GroupId: groupId }))));
  if (!g?.GroupId) return null;
  return {
    groupId: g.GroupId,
    displayName: g.DisplayName ?? g.GroupId,
    description: g.Description,
    externalIds: (g.ExternalIds ?? []).flatMap((e) => (e.Issuer && e.Id ? [{ issuer: e.Issuer, id: e.Id }] : [])),
  };
}

/** Which group and user a membership joins (null when it is gone). */
export async function describeGroupMembership(clients: AwsClients, identityStoreId: string, membershipId: string): Promise<{ groupId: string; userId: string } | null> {
  const m = await orNull(
    callAws("DescribeGroupMembership", () => clients.ids.send(new DescribeGroupMembershipCommand({ IdentityStoreId: identityStoreId, MembershipId: membershipId }))),
  );
  const userId = m?.MemberId && "UserId" in m.MemberId ? m.MemberId.UserId : undefined;
  if (!m?.GroupId || !userId) return null;
  return { groupId: m.GroupId, userId };
}
