import "server-only";
import { describeDirectoryGroup, describeGroupMembership } from "../aws/describe-directory-entries";
import { ensureGroupMembership } from "../aws/ensure-group-membership";
import { describeUserById, getUserIdByUserName } from "../aws/find-user-by-user-name";
import { removeGroupMembership } from "../aws/remove-group-membership";
import type { Database } from "../db";
import type { AccessContext } from "./context";
import { AccessRefusedError, assertNotProtected } from "./protected-principals";
import { getProtectedPrincipals } from "./protected-store";
import { isScimOwned, SCIM_OWNED_REASON } from "./scim-owned";

async function editableGroupOrThrow(context: AccessContext, groupId: string) {
  const group = await describeDirectoryGroup(context.clients, context.identityStoreId, groupId);
  if (!group) throw new AccessRefusedError("This group no longer exists in the AWS identity store.");
  if (isScimOwned(group)) throw new AccessRefusedError(`Refused: “${group.displayName}” is owned by SCIM. ${SCIM_OWNED_REASON}`);
  return group;
}

/** Adds a user (by user name) to an AWS-made group; refuses SCIM-owned groups and protected principals. */
export async function addUserToGroup(database: Database, context: AccessContext, input: { groupId: string; userName: string }) {
  const group = await editableGroupOrThrow(context, input.groupId);
  const { userId } = await getUserIdByUserName(context.clients, context.identityStoreId, input.userName);
  if (!userId) throw new AccessRefusedError(`No user “${input.userName}” in the AWS identity store.`);
  assertNotProtected(await getProtectedPrincipals(database), [{ type: "GROUP", name: group.displayName }, { type: "USER", name: input.userName }], "change the memberships of");
  const result = await ensureGroupMembership(context.clients, context.identityStoreId, { groupId: group.groupId, userId });
  return { group, userId, ...result };
}

/** Removes one membership; the same refusals as adding. */
export async function removeUserFromGroup(database: Database, context: AccessContext, input: { membershipId: string }) {
  const membership = await describeGroupMembership(context.clients, context.identityStoreId, input.membershipId);
  if (!membership) throw new AccessRefusedError("This membership no longer exists: someone removed it already.");
  const group = await editableGroupOrThrow(context, membership.groupId);
  const user = (await describeUserById(context.clients, context.identityStoreId, membership.userId)).user;
  const userName = user?.userName ?? membership.userId;
  assertNotProtected(await getProtectedPrincipals(database), [{ type: "GROUP", name: group.displayName }, { type: "USER", name: userName }], "change the memberships of");
  const result = await removeGroupMembership(context.clients, context.identityStoreId, input.membershipId);
  return { group, userName, ...result };
}
