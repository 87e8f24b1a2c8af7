import "server-only";
import type { Database } from "../db";
import { toProblem } from "../problems/problem";
import { AccessNotReadyError, withAccessContext } from "./context";
import { loadAccessOverview, loadGroupDirectory, type AccessOverview, type GroupDirectory } from "./overview";

/** The overview for a page, or why it could not be read (in words: never the vendor's text). */
export async function loadOverviewForPage(database: Database, options: { allMembers?: boolean } = {}): Promise<{ ok: true; overview: AccessOverview } | { ok: false; message: string }> {
  try {
    return { ok: true, overview: await withAccessContext(database, (context) => loadAccessOverview(context, options)) };
  } catch (error) {
    if (error instanceof AccessNotReadyError) return { ok: false, message: error.message };
    const problem = toProblem(error);
    if (problem) return { ok: false, message: problem.message };
    throw error;
  }
}

/** The group memberships screen's data, or why it could not be read. */
export async function loadGroupsForPage(database: Database): Promise<{ ok: true; directory: GroupDirectory } | { ok: false; message: string }> {
  try {
    return { ok: true, directory: await withAccessContext(database, (context) => loadGroupDirectory(context)) };
  } catch (error) {
    if (error instanceof AccessNotReadyError) return { ok: false, message: error.message };
    const problem = toProblem(error);
    if (problem) return { ok: false, message: problem.message };
    throw error;
  }
}

/** What a delegated administrator cannot do in the management account (https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html). */
export const MANAGEMENT_ACCOUNT_NOTE =
  "Management account: its assignments can only be changed with the management account's own credentials, not by a delegated administrator. Change them in the management account's console.";

/** The choices the Access forms offer, from the overview: OUs (with the root), accounts, groups, users, permission sets. */
export function formOptions(overview: Pick<AccessOverview, "tree" | "groups" | "users" | "permissionSets">) {
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  return {
    ous: [
      { value: overview.tree.rootId, label: "Root (the whole organization)" },
      ...overview.tree.ous.map((o) => ({ value: o.id, label: `OU ${o.path}` })).sort(byLabel),
    ],
    accounts: overview.tree.accounts.map((a) => ({ value: a.accountId, label: `${a.name} (${a.accountId})${a.isManagement ? " — management account" : ""}` })).sort(byLabel),
    groups: overview.groups.map((g) => ({ value: `GROUP:${g.groupId}`, label: g.displayName })).sort(byLabel),
    users: overview.users.map((u) => ({ value: `USER:${u.userId}`, label: u.userName })).sort(byLabel),
    permissionSets: overview.permissionSets.map((p) => ({ value: p.permissionSetArn, label: p.name })).sort(byLabel),
  };
}
