import type { AccountAssignment } from "../aws/list-account-assignments-for-principal";

export interface EffectiveAccessRow {
  userId: string;
  userName: string;
  accountId: string;
  accountName: string;
  permissionSetArn: string;
  permissionSetName: string;
  /** "direct" for a USER assignment, else the group it comes through. */
  via: { kind: "direct" } | { kind: "group"; groupId: string; groupName: string };
}

export interface EffectiveAccessInput {
  assignments: readonly AccountAssignment[];
  /** groupId → the user ids in it. */
  members: ReadonlyMap<string, readonly string[]>;
  users: ReadonlyMap<string, { userName: string }>;
  groups: ReadonlyMap<string, { displayName: string }>;
  accounts: ReadonlyMap<string, { name: string }>;
  permissionSets: ReadonlyMap<string, { name: string }>;
}

const psName = (input: EffectiveAccessInput, arn: string) => input.permissionSets.get(arn)?.name ?? arn.split("/").pop() ?? arn;

/**
 * Who can reach which account with which permission set: each USER assignment, and each GROUP assignment expanded
 * to the group's members (https://docs.aws.amazon.com/singlesignon/latest/userguide/useraccess.html). One row per
 * (user, account, permission set, path); sorted by user, account, permission set.
 */
export function computeEffectiveAccess(input: EffectiveAccessInput): EffectiveAccessRow[] {
  const rows: EffectiveAccessRow[] = [];
  for (const a of input.assignments) {
    const account = { accountId: a.accountId, accountName: input.accounts.get(a.accountId)?.name ?? a.accountId };
    const ps = { permissionSetArn: a.permissionSetArn, permissionSetName: psName(input, a.permissionSetArn) };
    if (a.principalType === "USER") {
      rows.push({ userId: a.principalId, userName: input.users.get(a.principalId)?.userName ?? a.principalId, ...account, ...ps, via: { kind: "direct" } });
      continue;
    }
    const groupName = input.groups.get(a.principalId)?.displayName ?? a.principalId;
    for (const userId of input.members.get(a.principalId) ?? [])
      rows.push({ userId, userName: input.users.get(userId)?.userName ?? userId, ...account, ...ps, via: { kind: "group", groupId: a.principalId, groupName } });
  }
  return rows.sort(
    (x, y) =>
      x.userName.localeCompare(y.userName) ||
      x.accountName.localeCompare(y.accountName) ||
      x.permissionSetName.localeCompare(y.permissionSetName) ||
      viaLabel(x).localeCompare(viaLabel(y)),
  );
}

export const viaLabel = (row: Pick<EffectiveAccessRow, "via">) => (row.via.kind === "direct" ? "direct assignment" : `group ${row.via.groupName}`);

export interface EffectiveAccessFilter {
  user?: string;
  account?: string;
  permissionSet?: string;
}

/** Filters on user name, account (id or name) and permission set (name or ARN), each without case. */
export function filterEffectiveAccess(rows: readonly EffectiveAccessRow[], filter: EffectiveAccessFilter): EffectiveAccessRow[] {
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return rows.filter(
    (r) =>
      (!filter.user || eq(r.userName, filter.user) || r.userId === filter.user) &&
      (!filter.account || r.accountId === filter.account || eq(r.accountName, filter.account)) &&
      (!filter.permissionSet || r.permissionSetArn === filter.permissionSet || eq(r.permissionSetName, filter.permissionSet)),
  );
}

const CSV_HEADER = ["user", "account_id", "account_name", "permission_set", "permission_set_arn", "via"];

/** RFC 4180 CSV; cells starting with = + - @ are prefixed with ' so a spreadsheet does not run them as formulas. */
export function effectiveAccessCsv(rows: readonly EffectiveAccessRow[]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [CSV_HEADER.join(",")];
  for (const r of rows) lines.push([r.userName, r.accountId, r.accountName, r.permissionSetName, r.permissionSetArn, viaLabel(r)].map(cell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
