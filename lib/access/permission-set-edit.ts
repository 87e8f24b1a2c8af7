import "server-only";
import {
  AttachManagedPolicyToPermissionSetCommand,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeletePermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  UpdatePermissionSetCommand,
} from "@aws-sdk/client-sso-admin";
import { z } from "zod";
import { callAws, retryOnConflict } from "../aws/call";
import { listAccountAssignments } from "../aws/list-account-assignments";
import { listAccountsForProvisionedPermissionSet } from "../aws/list-accounts-for-provisioned-permission-set";
import { describePermissionSet } from "../aws/list-permission-sets";
import { PERMISSION_SET_ARN } from "./assignment-plan";
import type { AccessContext } from "./context";
import { AccessRefusedError } from "./protected-principals";

const DURATION = /^PT(?:(\d{1,2})H)?(?:(\d{1,3})M)?$/;
const minutesOf = (duration: string) => {
  const m = DURATION.exec(duration);
  return m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : NaN;
};
const MANAGED_POLICY_ARN = /^arn:aws(-[a-z]{1,5}){0,3}:iam::aws:policy\/[\w+=,.@/-]+$/;

/**
 * The editable fields of a permission set (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_UpdatePermissionSet.html):
 * session duration PT1H–PT12H, relay state (a URL in the AWS console, 1–240 characters), AWS managed policies (at
 * most 20, https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html) and one inline policy (a JSON IAM
 * policy of at most 32,768 characters). AWS has no way to clear a description or relay state once set: blank keeps it.
 */
export const permissionSetEditSchema = z.object({
  permissionSetArn: z.string().trim().regex(PERMISSION_SET_ARN, "not a permission set ARN"),
  description: z.string().trim().max(700).optional().default(""),
  sessionDuration: z
    .string()
    .trim()
    .refine((v) => minutesOf(v) >= 60 && minutesOf(v) <= 720, "between PT1H and PT12H (e.g. PT4H)"),
  relayState: z
    .string()
    .trim()
    .max(240)
    .refine((v) => !v || /^https:\/\/\S+$/.test(v), "an https:// URL (where the console opens), or blank")
    .optional()
    .default(""),
  managedPolicyArns: z
    .string()
    .max(5_000)
    .optional()
    .default("")
    .transform((v) => [...new Set(v.split(/[\s,]+/).filter(Boolean))])
    .pipe(z.array(z.string().regex(MANAGED_POLICY_ARN, "each line an AWS managed policy ARN (arn:aws:iam::aws:policy/…)")).max(20, "at most 20 managed policies")),
  inlinePolicy: z
    .string()
    .trim()
    .max(32_768, "at most 32,768 characters")
    .optional()
    .default("")
    .refine((v) => {
      if (!v) return true;
      try {
        const doc = JSON.parse(v) as unknown;
        return typeof doc === "object" && doc !== null && !Array.isArray(doc) && "Statement" in doc;
      } catch {
        return false;
      }
    }, "a JSON IAM policy with a Statement, or blank for none"),
});
export type PermissionSetEdit = z.infer<typeof permissionSetEditSchema>;

export interface PermissionSetCurrent {
  permissionSetArn: string;
  name: string;
  description?: string;
  sessionDuration?: string;
  relayState?: string;
  managedPolicyArns: string[];
  inlinePolicy: string;
}

/** The permission set as an edit form starts from: its fields, managed policies and inline policy. */
export async function readPermissionSetForEdit(context: AccessContext, permissionSetArn: string): Promise<PermissionSetCurrent> {
  const [described, inline] = await Promise.all([
    describePermissionSet(context.clients.sso, context.instanceArn, permissionSetArn, true),
    callAws("GetInlinePolicyForPermissionSet", () =>
      context.clients.sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn: context.instanceArn, PermissionSetArn: permissionSetArn })),
    ),
  ]);
  return { ...described, inlinePolicy: inline.InlinePolicy ?? "" };
}

const sameJson = (a: string, b: string) => {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
};

/** The changes an edit makes, in words (also the audit row's "after"). Pure. */
export function permissionSetEditChanges(current: PermissionSetCurrent, edit: PermissionSetEdit): string[] {
  const changes: string[] = [];
  if (edit.description && edit.description !== (current.description ?? "")) changes.push("description");
  if (edit.sessionDuration !== (current.sessionDuration ?? "PT1H")) changes.push(`session duration ${current.sessionDuration ?? "PT1H"} → ${edit.sessionDuration}`);
  if (edit.relayState && edit.relayState !== (current.relayState ?? "")) changes.push(`relay state → ${edit.relayState}`);
  for (const arn of edit.managedPolicyArns) if (!current.managedPolicyArns.includes(arn)) changes.push(`attach ${arn}`);
  for (const arn of current.managedPolicyArns) if (!edit.managedPolicyArns.includes(arn)) changes.push(`detach ${arn}`);
  if (!edit.inlinePolicy && current.inlinePolicy) changes.push("delete the inline policy");
  else if (edit.inlinePolicy && !sameJson(edit.inlinePolicy, current.inlinePolicy)) changes.push(current.inlinePolicy ? "replace the inline policy" : "add an inline policy");
  return changes;
}

/**
 * Applies an edit. AWS keeps a new version of the set; accounts it is provisioned to keep the old one until it is
 * provisioned again ("latest version not provisioned", fixed by the re-provision action). A change refused while a
 * provisioning of this set runs (ConflictException) is retried with backoff.
 */
export async function editPermissionSet(context: AccessContext, edit: PermissionSetEdit): Promise<{ name: string; changes: string[] }> {
  const { sso } = context.clients;
  const InstanceArn = context.instanceArn;
  const PermissionSetArn = edit.permissionSetArn;
  const current = await readPermissionSetForEdit(context, PermissionSetArn);
  const changes = permissionSetEditChanges(current, edit);
  const send = <T extends { $metadata: { requestId?: string } }>(operation: string, run: () => Promise<T>) => retryOnConflict(() => callAws(operation, run));
  const update = {
    ...(edit.description && edit.description !== (current.description ?? "") ? { Description: edit.description } : {}),
    ...(edit.sessionDuration !== (current.sessionDuration ?? "PT1H") ? { SessionDuration: edit.sessionDuration } : {}),
    ...(edit.relayState && edit.relayState !== (current.relayState ?? "") ? { RelayState: edit.relayState } : {}),
  };
  if (Object.keys(update).length) await send("UpdatePermissionSet", () => sso.send(new UpdatePermissionSetCommand({ InstanceArn, PermissionSetArn, ...update })));
  for (const arn of current.managedPolicyArns.filter((a) => !edit.managedPolicyArns.includes(a)))
    await send("DetachManagedPolicyFromPermissionSet", () => sso.send(new DetachManagedPolicyFromPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn: arn })));
  for (const arn of edit.managedPolicyArns.filter((a) => !current.managedPolicyArns.includes(a)))
    await send("AttachManagedPolicyToPermissionSet", () => sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn: arn })));
  if (!edit.inlinePolicy && current.inlinePolicy)
    await send("DeleteInlinePolicyFromPermissionSet", () => sso.send(new DeleteInlinePolicyFromPermissionSetCommand({ InstanceArn, PermissionSetArn })));
  else if (edit.inlinePolicy && !sameJson(edit.inlinePolicy, current.inlinePolicy))
    await send("PutInlinePolicyToPermissionSet", () => sso.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, InlinePolicy: edit.inlinePolicy })));
  return { name: current.name, changes };
}

/** Every assignment of a permission set, read live: the accounts it is provisioned to, then each one's assignments. */
export async function assignmentsOfPermissionSet(context: AccessContext, permissionSetArn: string) {
  const { accountIds } = await listAccountsForProvisionedPermissionSet(context.clients, context.instanceArn, permissionSetArn);
  const out: { accountId: string; principalType: "GROUP" | "USER"; principalId: string }[] = [];
  for (const accountId of accountIds)
    for (const a of await listAccountAssignments(context.clients, context.instanceArn, accountId, permissionSetArn))
      out.push({ accountId, principalType: a.principalType as "GROUP" | "USER", principalId: a.principalId });
  return out;
}

/**
 * Deletes a permission set that no account assignment uses. AWS refuses to delete one that is still assigned
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsdelete.html: "remove the permission set from
 * all AWS accounts first"); the portal refuses first, naming how many, so the admin removes them through the
 * previewed bulk removal (a job, audited per assignment) and then deletes.
 */
export async function deletePermissionSet(context: AccessContext, permissionSetArn: string): Promise<{ name: string }> {
  const described = await describePermissionSet(context.clients.sso, context.instanceArn, permissionSetArn, false);
  const assigned = await assignmentsOfPermissionSet(context, permissionSetArn);
  if (assigned.length) {
    const accounts = new Set(assigned.map((a) => a.accountId)).size;
    throw new AccessRefusedError(
      `Refused: “${described.name}” still has ${assigned.length} account assignment${assigned.length === 1 ? "" : "s"} in ${accounts} account${accounts === 1 ? "" : "s"}. Remove them first (“Preview removing these assignments” below runs the removal as a job), then delete.`,
    );
  }
  await retryOnConflict(() =>
    callAws("DeletePermissionSet", () => context.clients.sso.send(new DeletePermissionSetCommand({ InstanceArn: context.instanceArn, PermissionSetArn: permissionSetArn }))),
  );
  return { name: described.name };
}
