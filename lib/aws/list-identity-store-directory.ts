import "server-only";
import { paginateListGroupMemberships, paginateListGroups, paginateListUsers } from "@aws-sdk/client-identitystore";
import type { AwsClients } from "./clients";
import { pacedPagesOf } from "./pace";

export interface DirectoryGroup {
  groupId: string;
  displayName: string;
  description?: string;
  /** The ExternalIds AWS keeps for the group; SCIM-made groups carry one whose Issuer is "SCIM". */
  externalIds: { issuer: string; id: string }[];
}

export interface DirectoryUserEntry {
  userId: string;
  userName: string;
  displayName?: string;
  externalIds: { issuer: string; id: string }[];
}

export interface GroupMember {
  membershipId: string;
  groupId: string;
  userId: string;
}

const externalIdsOf = (list: { Issuer?: string; Id?: string }[] | undefined) =>
  (list ?? []).flatMap((e) => (e.Issuer && e.Id ? [{ issuer: e.Issuer, id: e.Id }] : []));

/** Every group of the identity store (https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_ListGroups.html). */
export async function listDirectoryGroups(clients: AwsClients, identityStoreId: string, pace: () => Promise<void>): Promise<DirectoryGroup[]> {
  const groups: DirectoryGroup[] = [];
  for await (const page of pacedPagesOf("ListGroups", paginateListGroups({ client: clients.ids }, { IdentityStoreId: identityStoreId }), pace)) {
    for (const g of page.Groups ?? [])
      if (g.GroupId) groups.push({ groupId: g.GroupId, displayName: g.DisplayName ?? g.GroupId, description: g.Description, externalIds: externalIdsOf(g.ExternalIds) });
  }
  return groups;
}

/** Every user of the identity store. */
export async function listDirectoryUsers(clients: AwsClients, identityStoreId: string, pace: () => Promise<void>): Promise<DirectoryUserEntry[]> {
  const users: DirectoryUserEntry[] = [];
  for await (const page of pacedPagesOf("ListUsers", paginateListUsers({ client: clients.ids }, { IdentityStoreId: identityStoreId }), pace)) {
    for (const u of page.Users ?? [])
      if (u.UserId) users.push({ userId: u.UserId, userName: u.UserName ?? u.UserId, displayName: u.DisplayName, externalIds: externalIdsOf(u.ExternalIds) });
  }
  return users;
}

/** The user members of one group (ListGroupMemberships; nested groups do not exist in the identity store). */
export async function listGroupMembers(clients: AwsClients, identityStoreId: string, groupId: string, pace: () => Promise<void>): Promise<GroupMember[]> {
  const members: GroupMember[] = [];
  for await (const page of pacedPagesOf("ListGroupMemberships", paginateListGroupMemberships({ client: clients.ids }, { IdentityStoreId: identityStoreId, GroupId: groupId }), pace)) {
    for (const m of page.GroupMemberships ?? []) {
      const userId = m.MemberId && "UserId" in m.MemberId ? m.MemberId.UserId : undefined;
      if (m.MembershipId && userId) members.push({ membershipId: m.MembershipId, groupId, userId });
    }
  }
  return members;
}
