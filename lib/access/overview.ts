import "server-only";
import type { AccountAssignment } from "../aws/list-account-assignments-for-principal";
import { listAssignmentsByAccount, type AccountAccessState } from "../aws/list-assignments-by-account";
import { listDirectoryGroups, listDirectoryUsers, listGroupMembers, type DirectoryGroup, type DirectoryUserEntry, type GroupMember } from "../aws/list-identity-store-directory";
import { listOrganizationTree, type OrganizationTree } from "../aws/list-organization-tree";
import { listPermissionSets, type PermissionSetDetails } from "../aws/list-permission-sets";
import { mapLimit } from "../concurrency";
import { createPacer } from "../aws/pace";
import { toProblem } from "../problems/problem";
import type { AccessContext } from "./context";
import { computeEffectiveAccess, type EffectiveAccessRow } from "./effective-access";

/** Reads stay below Identity Center's collective 20 requests per second, leaving room for other work. */
const READS_PER_SECOND = 15;
const MEMBER_CONCURRENCY = 4;

export interface AccessOverview {
  tree: OrganizationTree;
  permissionSets: PermissionSetDetails[];
  groups: DirectoryGroup[];
  users: DirectoryUserEntry[];
  accounts: (AccountAccessState & { problem?: string })[];
  assignments: AccountAssignment[];
  /** groupId → user ids, for the groups that have an assignment (or all, with `allMembers`). */
  members: Map<string, string[]>;
  effective: EffectiveAccessRow[];
}

/**
 * Everything the Access area shows, read live: the organization tree, the permission sets, the identity store's
 * groups and users, each account's assignments and provisioning state, and the members of the assigned groups.
 */
export async function loadAccessOverview(context: AccessContext, options: { allMembers?: boolean } = {}): Promise<AccessOverview> {
  const { clients, instanceArn, identityStoreId } = context;
  const pace = createPacer(READS_PER_SECOND);
  const [tree, ps, groups, users] = await Promise.all([
    listOrganizationTree(clients, pace),
    listPermissionSets(clients, instanceArn, { withPolicies: false }),
    listDirectoryGroups(clients, identityStoreId, pace),
    listDirectoryUsers(clients, identityStoreId, pace),
  ]);
  const states = await listAssignmentsByAccount(
    clients,
    instanceArn,
    tree.accounts.map((a) => a.accountId),
    pace,
  );
  const accounts = states.map((s) => (s.error ? { ...s, problem: toProblem(s.error)?.message ?? "This account could not be read." } : s));
  const assignments = states.flatMap((s) => s.assignments);
  const groupIds = options.allMembers ? groups.map((g) => g.groupId) : [...new Set(assignments.filter((a) => a.principalType === "GROUP").map((a) => a.principalId))];
  const memberLists = await mapLimit(groupIds, MEMBER_CONCURRENCY, (groupId) => listGroupMembers(clients, identityStoreId, groupId, pace));
  const members = new Map(groupIds.map((id, i) => [id, (memberLists[i] ?? []).map((m) => m.userId)]));
  const effective = computeEffectiveAccess({
    assignments,
    members,
    users: new Map(users.map((u) => [u.userId, u])),
    groups: new Map(groups.map((g) => [g.groupId, g])),
    accounts: new Map(tree.accounts.map((a) => [a.accountId, a])),
    permissionSets: new Map(ps.permissionSets.map((p) => [p.permissionSetArn, p])),
  });
  return { tree, permissionSets: ps.permissionSets, groups, users, accounts, assignments, members, effective };
}

export interface GroupDirectory {
  groups: DirectoryGroup[];
  users: DirectoryUserEntry[];
  /** groupId → its memberships (with the membership ids a removal needs). */
  memberships: Map<string, GroupMember[]>;
}

/** The identity store's groups, users and every group's members, for the group memberships screen. */
export async function loadGroupDirectory(context: AccessContext): Promise<GroupDirectory> {
  const { clients, identityStoreId } = context;
  const pace = createPacer(READS_PER_SECOND);
  const [groups, users] = await Promise.all([listDirectoryGroups(clients, identityStoreId, pace), listDirectoryUsers(clients, identityStoreId, pace)]);
  const lists = await mapLimit(groups, MEMBER_CONCURRENCY, (g) => listGroupMembers(clients, identityStoreId, g.groupId, pace));
  return { groups, users, memberships: new Map(groups.map((g, i) => [g.groupId, lists[i] ?? []])) };
}
