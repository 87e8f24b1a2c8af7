import { createHash } from "node:crypto";
import { z } from "zod";
import type { AccountAssignment } from "../aws/list-account-assignments-for-principal";
import type { DirectoryGroup, DirectoryUserEntry } from "../aws/list-identity-store-directory";
import type { OrganizationTree, TreeAccount } from "../aws/list-organization-tree";
import type { PermissionSetDetails } from "../aws/list-permission-sets";
import type { NewAwsJobOperation } from "../aws-jobs/store";
import { findProtected, type ProtectedPrincipal } from "./protected-principals";

/**
 * Bulk account assignments and OU rules, as pure functions of what the Access overview read from AWS: the planner
 * never calls AWS, so the preview an admin confirms and the job that runs are computed the same way.
 */

/** What the planner reads (a subset of lib/access/overview.ts's AccessOverview). */
export interface PlanSource {
  tree: OrganizationTree;
  groups: DirectoryGroup[];
  users: DirectoryUserEntry[];
  permissionSets: PermissionSetDetails[];
  assignments: AccountAssignment[];
}

const awsId = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9-]+$/, "not an identity store id");
const many = <T extends z.ZodTypeAny>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));
export const ACCOUNT_OR_OU = /^(\d{12}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
export const PERMISSION_SET_ARN = /^arn:aws[\w-]*:sso:::permissionSet\/ssoins-[\w-]+\/ps-[\w-]+$/;

/** A principal as the forms send it: "GROUP:<id>" or "USER:<id>". */
export const principalRef = z
  .string()
  .trim()
  .regex(/^(GROUP|USER):[A-Za-z0-9-]{1,128}$/, "not a group or user")
  .transform((v) => {
    const [type, id] = v.split(":") as ["GROUP" | "USER", string];
    return { type, id };
  });

export const assignmentRequestSchema = z.object({
  mode: z.enum(["add", "remove"]),
  targets: many(z.string().trim().regex(ACCOUNT_OR_OU, "an account id (12 digits), an OU (ou-…) or the root (r-…)")).pipe(
    z.array(z.string()).min(1, "pick at least one account or OU").max(500),
  ),
  principals: many(principalRef).pipe(z.array(z.object({ type: z.enum(["GROUP", "USER"]), id: awsId })).min(1, "pick at least one group or user").max(50)),
  permissionSetArn: z.string().trim().regex(PERMISSION_SET_ARN, "choose a permission set"),
});
export type AssignmentRequest = z.infer<typeof assignmentRequestSchema>;

export type DiffAction = "create" | "keep" | "remove" | "absent" | "refused";

export interface DiffRow {
  action: DiffAction;
  accountId: string;
  accountName: string;
  ouPath: string;
  isManagement: boolean;
  principalType: "GROUP" | "USER";
  principalId: string;
  principalName: string;
  permissionSetArn: string;
  permissionSetName: string;
  /** Why a row is refused (a protected principal), or what to know about it (the management account). */
  reason?: string;
  /** The OU rule a reconciliation row comes from. */
  ruleId?: string;
}

export interface AssignmentPlan {
  rows: DiffRow[];
  counts: Record<DiffAction, number>;
  /** A hash of the changes (create and remove rows): the apply refuses when AWS changed since the preview. */
  digest: string;
}

/**
 * What a delegated administrator cannot do in the management account
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html): change its assignments or the
 * permission sets provisioned there. Said on each row that touches it.
 */
export const MANAGEMENT_ROW_NOTE =
  "Management account: only the management account's own credentials can change this. If the portal runs as a delegated administrator, AWS refuses it (AccessDenied) and the job reports it.";

/** The accounts under the targets: an account itself, every account of an OU and of its child OUs, or all (the root). */
export function accountsForTargets(tree: OrganizationTree, targets: readonly string[]): { accounts: TreeAccount[]; unknown: string[] } {
  const found = new Map<string, TreeAccount>();
  const unknown: string[] = [];
  for (const target of targets) {
    if (target === tree.rootId || target.startsWith("r-")) {
      if (target !== tree.rootId) unknown.push(target);
      else for (const a of tree.accounts) found.set(a.accountId, a);
      continue;
    }
    if (target.startsWith("ou-")) {
      const ou = tree.ous.find((o) => o.id === target);
      if (!ou) {
        unknown.push(target);
        continue;
      }
      for (const a of tree.accounts) if (a.ouPath === ou.path || a.ouPath.startsWith(`${ou.path}/`)) found.set(a.accountId, a);
      continue;
    }
    const account = tree.accounts.find((a) => a.accountId === target);
    if (account) found.set(account.accountId, account);
    else unknown.push(target);
  }
  return { accounts: [...found.values()].sort((a, b) => a.ouPath.localeCompare(b.ouPath) || a.name.localeCompare(b.name)), unknown };
}

export function principalName(source: Pick<PlanSource, "groups" | "users">, type: "GROUP" | "USER", id: string): string | undefined {
  return type === "GROUP" ? source.groups.find((g) => g.groupId === id)?.displayName : source.users.find((u) => u.userId === id)?.userName;
}

const emptyCounts = (): Record<DiffAction, number> => ({ create: 0, keep: 0, remove: 0, absent: 0, refused: 0 });

export function summarize(rows: DiffRow[]): AssignmentPlan {
  const counts = emptyCounts();
  for (const row of rows) counts[row.action]++;
  const changes = rows
    .filter((r) => r.action === "create" || r.action === "remove")
    .map((r) => [r.action, r.accountId, r.permissionSetArn, r.principalType, r.principalId].join("|"))
    .sort();
  return { rows, counts, digest: createHash("sha256").update(changes.join("\n")).digest("hex").slice(0, 32) };
}

/** A protected principal is refused whatever the change (lib/access/protected-principals.ts). */
function refusal(protectedList: readonly ProtectedPrincipal[], type: "GROUP" | "USER", name: string): string | undefined {
  const hit = findProtected(protectedList, { type, name });
  if (!hit) return undefined;
  return `Refused: ${type === "GROUP" ? "group" : "user"} “${name}” is a protected principal${hit.note ? ` (${hit.note})` : ""}; no portal action changes its assignments.`;
}

export class PlanInputError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = "PlanInputError";
  }
}

/**
 * The diff of a bulk change: for each account × principal, "create" (add, missing), "keep" (add, already there),
 * "remove" (remove, there), "absent" (remove, nothing to remove) or "refused" (a protected principal: never queued).
 */
export function planAssignments(source: PlanSource, protectedList: readonly ProtectedPrincipal[], request: AssignmentRequest): AssignmentPlan {
  const ps = source.permissionSets.find((p) => p.permissionSetArn === request.permissionSetArn);
  if (!ps) throw new PlanInputError("That permission set is not in IAM Identity Center any more.", { permissionSetArn: ["not found in AWS"] });
  const { accounts, unknown } = accountsForTargets(source.tree, request.targets);
  if (unknown.length) throw new PlanInputError(`Not in the organization: ${unknown.join(", ")}.`, { targets: [`not found: ${unknown.join(", ")}`] });
  if (!accounts.length) throw new PlanInputError("The chosen OUs hold no accounts.", { targets: ["no account under these OUs"] });
  const principals = request.principals.map((p) => {
    const name = principalName(source, p.type, p.id);
    if (!name) throw new PlanInputError(`No ${p.type === "GROUP" ? "group" : "user"} ${p.id} in the AWS identity store.`, { principals: ["not found in AWS"] });
    return { ...p, name };
  });
  const held = new Set(source.assignments.map((a) => `${a.accountId}|${a.permissionSetArn}|${a.principalType}|${a.principalId}`));
  const rows: DiffRow[] = [];
  for (const account of accounts)
    for (const p of principals) {
      const present = held.has(`${account.accountId}|${ps.permissionSetArn}|${p.type}|${p.id}`);
      const refused = refusal(protectedList, p.type, p.name);
      const action: DiffAction = refused && (request.mode === "remove" ? present : !present) ? "refused" : request.mode === "add" ? (present ? "keep" : "create") : present ? "remove" : "absent";
      rows.push({
        action,
        accountId: account.accountId,
        accountName: account.name,
        ouPath: account.ouPath,
        isManagement: account.isManagement,
        principalType: p.type,
        principalId: p.id,
        principalName: p.name,
        permissionSetArn: ps.permissionSetArn,
        permissionSetName: ps.name,
        reason: action === "refused" ? refused : account.isManagement && (action === "create" || action === "remove") ? MANAGEMENT_ROW_NOTE : undefined,
      });
    }
  return summarize(rows);
}

/** The job's operations for the plan's changes; refused, kept and absent rows are never queued. */
export function planOperations(plan: Pick<AssignmentPlan, "rows">): NewAwsJobOperation[] {
  return plan.rows
    .filter((r) => r.action === "create" || r.action === "remove")
    .map((r) => ({
      kind: r.action === "create" ? ("create-assignment" as const) : ("delete-assignment" as const),
      params: {
        accountId: r.accountId,
        permissionSetArn: r.permissionSetArn,
        principalType: r.principalType,
        principalId: r.principalId,
        label: `${r.principalName} → ${r.permissionSetName}`,
      },
    }));
}

export interface OuRule {
  id: string;
  ouId: string;
  ouPath: string;
  groupId: string;
  groupName: string;
  permissionSetArn: string;
  permissionSetName: string;
}

export interface RuleStatus {
  rule: OuRule;
  /** Accounts the rule covers today (the OU and its child OUs). */
  accounts: number;
  /** Accounts that already hold the assignment. */
  satisfied: number;
  /** Why the rule cannot be reconciled (its OU, group or permission set is gone). */
  problem?: string;
}

/**
 * OU rule reconciliation: every account now under a rule's OU (joined, or moved in from another OU) that lacks the
 * rule's group with its permission set is a "create" row. Nothing is removed: an account that moved out keeps its
 * assignment until an admin removes it (a rule never takes access away silently).
 */
export function reconcileOuRules(source: PlanSource, protectedList: readonly ProtectedPrincipal[], rules: readonly OuRule[]): { plan: AssignmentPlan; statuses: RuleStatus[] } {
  const held = new Set(source.assignments.map((a) => `${a.accountId}|${a.permissionSetArn}|${a.principalType}|${a.principalId}`));
  const rows: DiffRow[] = [];
  const seen = new Set<string>();
  const statuses: RuleStatus[] = [];
  for (const rule of rules) {
    const ouKnown = rule.ouId === source.tree.rootId || source.tree.ous.some((o) => o.id === rule.ouId);
    const groupName = principalName(source, "GROUP", rule.groupId);
    const ps = source.permissionSets.find((p) => p.permissionSetArn === rule.permissionSetArn);
    const problem = !ouKnown
      ? `The OU ${rule.ouPath || rule.ouId} is no longer in the organization.`
      : !groupName
        ? `The group ${rule.groupName} is no longer in the AWS identity store.`
        : !ps
          ? `The permission set ${rule.permissionSetName} is no longer in IAM Identity Center.`
          : undefined;
    if (problem || !groupName || !ps) {
      statuses.push({ rule, accounts: 0, satisfied: 0, problem });
      continue;
    }
    const { accounts } = accountsForTargets(source.tree, [rule.ouId]);
    let satisfied = 0;
    const refused = refusal(protectedList, "GROUP", groupName);
    for (const account of accounts) {
      const key = `${account.accountId}|${ps.permissionSetArn}|GROUP|${rule.groupId}`;
      if (held.has(key)) {
        satisfied++;
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        action: refused ? "refused" : "create",
        accountId: account.accountId,
        accountName: account.name,
        ouPath: account.ouPath,
        isManagement: account.isManagement,
        principalType: "GROUP",
        principalId: rule.groupId,
        principalName: groupName,
        permissionSetArn: ps.permissionSetArn,
        permissionSetName: ps.name,
        reason: refused ?? (account.isManagement ? MANAGEMENT_ROW_NOTE : undefined),
        ruleId: rule.id,
      });
    }
    statuses.push({ rule, accounts: accounts.length, satisfied });
  }
  return { plan: summarize(rows), statuses };
}
