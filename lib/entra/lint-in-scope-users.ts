import "server-only";
import { callGraph, listAll, mapLimit, orNull } from "./call";
import type { GraphGateway } from "./client";
import { listGroupMembers, listGroupMembersTransitive, type GroupRef } from "./list-group-members-transitive";
import { USER_SELECT, toDirectoryUser, type DirectoryUser, type GraphUserRow } from "./types";

export type LintCode =
  "upn-differs-from-mail" | "missing-given-name" | "missing-surname" | "missing-display-name" | "several-emails" | "nested-group-only" | "disabled" | "guest";

export interface LintIssue {
  code: LintCode;
  /** error: the user will not be provisioned or cannot sign in; warning: likely trouble. */
  severity: "error" | "warning";
  message: string;
}

export interface LintedUser {
  user: DirectoryUser;
  path: "direct" | "group" | "nested-only";
  viaGroups: GroupRef[];
  issues: LintIssue[];
}

export type LintInScopeUsersResult = {
  users: LintedUser[];
  counts: { inScope: number; nestedOnly: number; withErrors: number; withWarnings: number };
  /** Some group was too large to list completely (maxMembersPerGroup). */
  truncated: boolean;
};

interface AssignmentRow {
  principalId: string;
  principalType?: string | null;
  principalDisplayName?: string | null;
}

function emailsOf(user: DirectoryUser): string[] {
  const all = [user.mail ?? "", ...user.proxyAddresses.filter((p) => /^smtp:/i.test(p)).map((p) => p.slice(5)), ...user.otherMails];
  return [...new Set(all.map((e) => e.trim().toLowerCase()).filter(Boolean))];
}

/**
 * The euid rule (step 10): AWS finds users only by userName, and the mapping sends userPrincipalName there, so
 * the UPN must be what people sign in to AWS with. Also what AWS refuses: missing names, multi-valued e-mail.
 */
export function lintUser(user: DirectoryUser, path: LintedUser["path"]): LintIssue[] {
  const issues: LintIssue[] = [];
  const upn = user.userPrincipalName;
  if (path === "nested-only")
    issues.push({
      code: "nested-group-only",
      severity: "error",
      message: "Only in an assigned group through a nested group, which provisioning ignores. Assign the user or a group they are a direct member of.",
    });
  if (!user.givenName?.trim())
    issues.push({ code: "missing-given-name", severity: "error", message: "No first name (givenName): AWS refuses users without name.givenName." });
  if (!user.surname?.trim())
    issues.push({ code: "missing-surname", severity: "error", message: "No last name (surname): AWS refuses users without name.familyName." });
  if (!user.displayName?.trim())
    issues.push({ code: "missing-display-name", severity: "error", message: "No display name: AWS refuses users without displayName." });
  if (user.mail && user.mail.toLowerCase() !== upn.toLowerCase())
    issues.push({
      code: "upn-differs-from-mail",
      severity: "warning",
      message: `The AWS user name will be the UPN ${upn}, not the e-mail ${user.mail}. People must sign in to AWS with the UPN; change the UPN if they expect the e-mail.`,
    });
  const emails = emailsOf(user);
  if (emails.length > 1)
    issues.push({
      code: "several-emails",
      severity: "warning",
      message: `${emails.length} e-mail addresses (${emails.join(", ")}): IAM Identity Center accepts only one; map a single address.`,
    });
  if (user.accountEnabled === false)
    issues.push({
      code: "disabled",
      severity: "warning",
      message: "The account is disabled in Entra: the AWS user is created disabled, or not at all, and cannot sign in.",
    });
  if (user.userType === "Guest" || upn.includes("#EXT#"))
    issues.push({ code: "guest", severity: "warning", message: `A guest: the AWS user name would be the guest UPN ${upn}, which nobody types to sign in.` });
  return issues;
}

/**
 * Every user the app's assignments reach, with the lint above. In scope: users assigned directly and direct
 * members of assigned groups; nested-only members are listed too, as errors, since that is what people expect.
 */
export async function lintInScopeUsers(
  gateway: GraphGateway,
  servicePrincipalId: string,
  options: { maxMembersPerGroup?: number } = {},
): Promise<LintInScopeUsersResult> {
  const { items: assignments } = await listAll<AssignmentRow>(
    gateway,
    "ListAppRoleAssignedTo",
    gateway.api(`/servicePrincipals/${servicePrincipalId}/appRoleAssignedTo`).top(999),
  );
  const userIds = [...new Set(assignments.filter((a) => a.principalType === "User").map((a) => a.principalId))];
  const groups = [
    ...new Map(
      assignments.filter((a) => a.principalType === "Group").map((a) => [a.principalId, { id: a.principalId, displayName: a.principalDisplayName ?? null }]),
    ).values(),
  ];
  const maxItems = options.maxMembersPerGroup;

  const [directUsers, groupMembers] = await Promise.all([
    mapLimit(userIds, 4, (id) => orNull(callGraph<GraphUserRow>(gateway, "GetUser", () => gateway.api(`/users/${id}`).select(USER_SELECT).get()))),
    mapLimit(groups, 4, async (g) => {
      const [direct, transitive] = await Promise.all([listGroupMembers(gateway, g.id, { maxItems }), listGroupMembersTransitive(gateway, g.id, { maxItems })]);
      return { group: g, direct, transitive };
    }),
  ]);

  const seen = new Map<string, { user: DirectoryUser; direct: boolean; groups: Map<string, GroupRef>; nested: Map<string, GroupRef> }>();
  const entry = (user: DirectoryUser) => {
    let e = seen.get(user.id);
    if (!e) seen.set(user.id, (e = { user, direct: false, groups: new Map(), nested: new Map() }));
    return e;
  };
  for (const row of directUsers) if (row) entry(toDirectoryUser(row)).direct = true;
  for (const { group, direct } of groupMembers) for (const u of direct.users) entry(u).groups.set(group.id, group);
  for (const { group, transitive } of groupMembers) for (const u of transitive.users) entry(u).nested.set(group.id, group);
  const byId = new Map<string, LintedUser>();
  for (const e of seen.values()) {
    const path: LintedUser["path"] = e.direct ? "direct" : e.groups.size ? "group" : "nested-only";
    // For nested-only users, viaGroups names the assigned groups they are nested under (what the admin sees in Entra).
    const viaGroups = [...(path === "nested-only" ? e.nested : e.groups).values()];
    byId.set(e.user.id, { user: e.user, path, viaGroups, issues: lintUser(e.user, path) });
  }

  const users = [...byId.values()].sort((a, b) => a.user.userPrincipalName.localeCompare(b.user.userPrincipalName));
  return {
    users,
    counts: {
      inScope: users.filter((u) => u.path !== "nested-only").length,
      nestedOnly: users.filter((u) => u.path === "nested-only").length,
      withErrors: users.filter((u) => u.issues.some((i) => i.severity === "error")).length,
      withWarnings: users.filter((u) => u.issues.some((i) => i.severity === "warning")).length,
    },
    truncated: groupMembers.some((g) => g.direct.truncated || g.transitive.truncated),
  };
}
