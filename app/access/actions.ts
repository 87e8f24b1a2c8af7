"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { graph } from "@/lib/actions/graph-errors";
import { ActionError } from "@/lib/actions/result";
import { AccessNotReadyError, withAccessContext } from "@/lib/access/context";
import { addUserToGroup, removeUserFromGroup } from "@/lib/access/memberships";
import { AccessRefusedError, isDefaultProtected, protectedPrincipalSchema } from "@/lib/access/protected-principals";
import { addProtectedPrincipal, removeProtectedPrincipal } from "@/lib/access/protected-store";
import { reprovisionPermissionSet } from "@/lib/access/reprovision";
import {
  PERMISSION_SET_ARN,
  PlanInputError,
  assignmentRequestSchema,
  planAssignments,
  planOperations,
  reconcileOuRules,
  type AssignmentPlan,
  type DiffRow,
} from "@/lib/access/assignment-plan";
import { ACCESS_JOB_KINDS, launchAwsJob, startAccessJob } from "@/lib/access/jobs";
import { loadAccessOverview } from "@/lib/access/overview";
import { addOuRule, listOuRules, removeOuRule } from "@/lib/access/ou-rules";
import { deletePermissionSet, editPermissionSet, permissionSetEditSchema } from "@/lib/access/permission-set-edit";
import { assertNotProtected } from "@/lib/access/protected-principals";
import { getProtectedPrincipals as protectedList } from "@/lib/access/protected-store";
import { describeDirectoryGroup } from "@/lib/aws/describe-directory-entries";
import { describePermissionSet } from "@/lib/aws/list-permission-sets";
import { db } from "@/lib/db";

/** Safety-rail refusals and "not set up yet" are words for the user; they reach the audit row as failures. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await graph(run);
  } catch (error) {
    if (error instanceof AccessRefusedError || error instanceof AccessNotReadyError) throw new ActionError(error.message);
    if (error instanceof PlanInputError) throw new ActionError(error.message, error.fieldErrors);
    throw error;
  }
}

const awsId = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9-]+$/, "not an identity store id");

export const addGroupMemberAction = defineAction({
  name: "access.membership.add",
  permission: "access.manage",
  input: z.object({ groupId: awsId, userName: z.string().trim().min(1, "type the user name (as in AWS)").max(128) }),
  auditTarget: (input) => `aws-group:${input.groupId}`,
  intent: (input) => ({ will: "add the user to the AWS group (Identity Store: CreateGroupMembership)", groupId: input.groupId, userName: input.userName }),
  revalidate: ["/access/groups"],
  run: async (input) => {
    const result = await guarded(() => withAccessContext(db(), (context) => addUserToGroup(db(), context, input)));
    return {
      data: { outcome: String(result.outcome) },
      message:
        result.outcome === "created"
          ? `Added ${input.userName} to ${result.group.displayName}.`
          : `${input.userName} was already in ${result.group.displayName}.`,
      audit: { target: `aws-group:${result.group.displayName}`, after: { user: input.userName, outcome: result.outcome, membershipId: result.membershipId } },
    };
  },
});

export const removeGroupMemberAction = defineAction({
  name: "access.membership.remove",
  permission: "access.manage",
  input: z.object({ membershipId: awsId, confirm: z.literal("yes", { message: "confirm this first" }) }),
  auditTarget: (input) => `aws-membership:${input.membershipId}`,
  intent: (input) => ({ will: "remove the membership from its AWS group (Identity Store: DeleteGroupMembership)", membershipId: input.membershipId }),
  revalidate: ["/access/groups"],
  run: async (input) => {
    const result = await guarded(() => withAccessContext(db(), (context) => removeUserFromGroup(db(), context, input)));
    return {
      data: { outcome: String(result.outcome) },
      message: `Removed ${result.userName} from ${result.group.displayName}.`,
      audit: {
        target: `aws-group:${result.group.displayName}`,
        before: { user: result.userName, membershipId: input.membershipId },
        after: { outcome: result.outcome },
      },
    };
  },
});

export const addProtectedPrincipalAction = defineAction({
  name: "access.protected.add",
  permission: "access.manage",
  input: protectedPrincipalSchema,
  auditTarget: (input) => `protected:${input.type}:${input.name}`,
  revalidate: ["/access/protected"],
  run: async (input, { session }) => {
    const { added } = await addProtectedPrincipal(db(), input, session.email);
    return { data: { added }, message: added ? `${input.name} is now protected.` : `${input.name} was already protected.`, audit: { after: input } };
  },
});

export const removeProtectedPrincipalAction = defineAction({
  name: "access.protected.remove",
  permission: "access.manage",
  input: z.object({ type: z.enum(["GROUP", "USER"]), name: z.string().trim().min(1).max(200) }),
  auditTarget: (input) => `protected:${input.type}:${input.name}`,
  revalidate: ["/access/protected"],
  run: async (input, { session }) => {
    if (isDefaultProtected(input)) throw new ActionError(`${input.name} is one of the AWS Control Tower groups: it stays protected.`);
    const { removed } = await removeProtectedPrincipal(db(), input, session.email);
    if (!removed) throw new ActionError(`${input.name} is not on the protected list.`);
    return { data: { removed: removed as boolean }, message: `${input.name} is no longer protected.`, audit: { before: input } };
  },
});

export const reprovisionPermissionSetAction = defineAction({
  name: "access.permission-set.reprovision",
  permission: "access.manage",
  input: z.object({ permissionSetArn: z.string().trim().regex(PERMISSION_SET_ARN, "not a permission set ARN") }),
  auditTarget: (input) => input.permissionSetArn,
  intent: (input) => ({
    will: "provision the permission set's latest version to its accounts (SSO Admin: ProvisionPermissionSet)",
    permissionSetArn: input.permissionSetArn,
  }),
  revalidate: ["/access/permission-sets", "/access"],
  run: async (input) => {
    const result = await guarded(() => withAccessContext(db(), (context) => reprovisionPermissionSet(context, input.permissionSetArn)));
    return {
      data: { provisioned: true },
      message: `Provisioned the latest version of ${result.name} to every account it is in.`,
      audit: { target: `permission-set:${result.name}`, after: { permissionSetArn: input.permissionSetArn, provisioningRequestId: result.requestId } },
    };
  },
});

/** What a preview sends back to the page: the diff (rows capped for the browser) and the digest the apply checks. */
export type PlanView = { counts: AssignmentPlan["counts"]; digest: string; rows: DiffRow[]; truncated: number };
const MAX_ROWS = 1_000;
const view = (plan: AssignmentPlan): PlanView => ({
  counts: plan.counts,
  digest: plan.digest,
  rows: plan.rows.slice(0, MAX_ROWS),
  truncated: Math.max(0, plan.rows.length - MAX_ROWS),
});
const refusedForAudit = (plan: AssignmentPlan) =>
  plan.rows
    .filter((r) => r.action === "refused")
    .slice(0, 20)
    .map((r) => `${r.principalName} in ${r.accountId}: ${r.reason ?? "refused"}`);
const STALE_PREVIEW = "AWS changed since this preview (someone else added or removed assignments, or accounts moved). Preview again and confirm the new diff.";

/** The overview, the protected list and the plan, read fresh: the preview and the apply compute the same way. */
async function planFresh(request: z.infer<typeof assignmentRequestSchema>) {
  return withAccessContext(db(), async (context) => {
    const [overview, list] = await Promise.all([loadAccessOverview(context), protectedList(db())]);
    return { plan: planAssignments(overview, list, request), instanceArn: context.instanceArn };
  });
}

export const previewAssignmentsAction = defineAction({
  name: "access.assignments.preview",
  permission: "access.manage",
  readOnly: true,
  input: assignmentRequestSchema,
  run: async (input) => {
    const { plan } = await guarded(() => planFresh(input));
    return { data: view(plan) };
  },
});

export const applyAssignmentsAction = defineAction({
  name: "access.assignments.apply",
  permission: "access.manage",
  input: assignmentRequestSchema.extend({ digest: z.string().regex(/^[0-9a-f]{32}$/, "preview first") }),
  auditTarget: (input) => `permission-set:${input.permissionSetArn.split("/").pop() ?? ""}`,
  intent: (input) => ({
    will: "start a job that creates and removes account assignments (SSO Admin: Create/DeleteAccountAssignment)",
    mode: input.mode,
    permissionSetArn: input.permissionSetArn,
  }),
  revalidate: ["/access"],
  run: async (input, { session }) => {
    const { plan, instanceArn } = await guarded(() => planFresh(input));
    if (plan.digest !== input.digest) throw new ActionError(STALE_PREVIEW);
    const operations = planOperations(plan);
    const refused = refusedForAudit(plan);
    if (!operations.length)
      throw new ActionError(refused.length ? `Nothing to do: every change is refused. ${refused[0] ?? ""}` : "Nothing to change: AWS already matches.");
    const ps = plan.rows[0]?.permissionSetName ?? "";
    const { jobId } = await startAccessJob(db(), {
      kind: "access-bulk",
      title: `${input.mode === "add" ? "Add" : "Remove"} ${ps}: ${plan.counts.create + plan.counts.remove} assignment${operations.length === 1 ? "" : "s"}`,
      instanceArn,
      actor: { email: session.email, role: session.role },
      operations,
    });
    return {
      data: { jobId },
      message: `Started: ${plan.counts.create} to create, ${plan.counts.remove} to remove${plan.counts.refused ? `, ${plan.counts.refused} refused (protected)` : ""}.`,
      audit: {
        target: `aws-job:${jobId}`,
        after: { jobId, mode: input.mode, permissionSet: ps, create: plan.counts.create, remove: plan.counts.remove, keep: plan.counts.keep, refused },
      },
    };
  },
});

const ouTarget = z
  .string()
  .trim()
  .regex(/^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/, "choose an OU");

export const addOuRuleAction = defineAction({
  name: "access.ou-rule.add",
  permission: "access.manage",
  input: z.object({ ouId: ouTarget, groupId: awsId, permissionSetArn: z.string().trim().regex(PERMISSION_SET_ARN, "choose a permission set") }),
  auditTarget: (input) => `ou-rule:${input.ouId}`,
  revalidate: ["/access", "/access/rules"],
  run: async (input, { session }) => {
    const resolved = await guarded(() =>
      withAccessContext(db(), async (context) => {
        const overview = await loadAccessOverview(context);
        const ou = input.ouId === overview.tree.rootId ? { path: "" } : overview.tree.ous.find((o) => o.id === input.ouId);
        if (!ou) throw new ActionError("That OU is not in the organization.", { ouId: ["not found"] });
        const group = await describeDirectoryGroup(context.clients, context.identityStoreId, input.groupId);
        if (!group) throw new ActionError("That group is not in the AWS identity store.", { groupId: ["not found"] });
        assertNotProtected(await protectedList(db()), [{ type: "GROUP", name: group.displayName }], "give OU rules to");
        const ps = await describePermissionSet(context.clients.sso, context.instanceArn, input.permissionSetArn, false);
        return { ouPath: ou.path, groupName: group.displayName, permissionSetName: ps.name };
      }),
    );
    const { added, rule } = await addOuRule(db(), { ...input, ...resolved }, session.email);
    const where = resolved.ouPath ? `OU ${resolved.ouPath}` : "the whole organization";
    return {
      data: { added },
      message: added
        ? `Rule added: every account in ${where} gets ${resolved.groupName} with ${resolved.permissionSetName}. The assignments page offers what is missing.`
        : "That rule already exists.",
      audit: { target: `ou-rule:${rule.id}`, after: { ou: where, group: resolved.groupName, permissionSet: resolved.permissionSetName } },
    };
  },
});

export const removeOuRuleAction = defineAction({
  name: "access.ou-rule.remove",
  permission: "access.manage",
  input: z.object({ id: z.string().uuid("not a rule") }),
  auditTarget: (input) => `ou-rule:${input.id}`,
  revalidate: ["/access", "/access/rules"],
  run: async (input) => {
    const removed = await removeOuRule(db(), input.id);
    if (!removed) throw new ActionError("That rule no longer exists.");
    return {
      data: { removed: true },
      message: `Rule removed. The assignments it led to stay; remove them in bulk from the assignments page if they should go.`,
      audit: { before: { ou: removed.ouPath || "Root", group: removed.groupName, permissionSet: removed.permissionSetName } },
    };
  },
});

export const applyOuRulesAction = defineAction({
  name: "access.ou-rule.apply",
  permission: "access.manage",
  input: z.object({ digest: z.string().regex(/^[0-9a-f]{32}$/, "reload the page") }),
  auditTarget: () => "ou-rules",
  intent: () => ({ will: "start a job that creates the account assignments the OU rules call for (SSO Admin: CreateAccountAssignment)" }),
  revalidate: ["/access"],
  run: async (input, { session }) => {
    const { plan, instanceArn } = await guarded(() =>
      withAccessContext(db(), async (context) => {
        const [overview, list, rules] = await Promise.all([loadAccessOverview(context), protectedList(db()), listOuRules(db())]);
        return { plan: reconcileOuRules(overview, list, rules).plan, instanceArn: context.instanceArn };
      }),
    );
    if (plan.digest !== input.digest) throw new ActionError(STALE_PREVIEW);
    const operations = planOperations(plan);
    if (!operations.length) throw new ActionError("Nothing to apply: every account already has what the OU rules give.");
    const { jobId } = await startAccessJob(db(), {
      kind: "access-ou-rules",
      title: `OU rules: ${operations.length} missing assignment${operations.length === 1 ? "" : "s"}`,
      instanceArn,
      actor: { email: session.email, role: session.role },
      operations,
    });
    return {
      data: { jobId },
      message: `Started: ${operations.length} missing assignment${operations.length === 1 ? "" : "s"} to create.`,
      audit: { target: `aws-job:${jobId}`, after: { jobId, create: plan.counts.create, refused: refusedForAudit(plan) } },
    };
  },
});

export const resumeAccessJobAction = defineAction({
  name: "access.job.resume",
  permission: "access.manage",
  input: z.object({ jobId: z.string().uuid("not a job") }),
  auditTarget: (input) => `aws-job:${input.jobId}`,
  intent: (input) => ({ will: "resume the job's remaining account assignment operations", jobId: input.jobId }),
  revalidate: ["/access"],
  run: async (input) => {
    const job = await db().awsJob.findUnique({ where: { id: input.jobId }, select: { kind: true, status: true, leaseUntil: true } });
    if (!job || !(ACCESS_JOB_KINDS as readonly string[]).includes(job.kind)) throw new ActionError("No such job.");
    if (job.status === "succeeded" || job.status === "failed") throw new ActionError("That job has finished.");
    if (job.leaseUntil && job.leaseUntil.getTime() > Date.now()) throw new ActionError("That job is running.");
    void launchAwsJob(db(), input.jobId);
    return { data: { jobId: input.jobId }, message: "Resumed: operations already sent to AWS are checked by their request id, not sent again." };
  },
});

export const editPermissionSetAction = defineAction({
  name: "access.permission-set.edit",
  permission: "access.manage",
  input: permissionSetEditSchema,
  auditTarget: (input) => input.permissionSetArn,
  intent: (input) => ({ will: "update the permission set and its policies (SSO Admin), then provision it", permissionSetArn: input.permissionSetArn }),
  revalidate: ["/access/permission-sets", "/access"],
  run: async (input) => {
    const result = await guarded(() => withAccessContext(db(), (context) => editPermissionSet(context, input)));
    return {
      data: { changed: result.changes.length },
      message: result.changes.length
        ? `Saved ${result.name}: ${result.changes.join("; ")}. Accounts it is provisioned to keep the old version until you re-provision it.`
        : `Nothing changed in ${result.name}.`,
      audit: { target: `permission-set:${result.name}`, after: { changes: result.changes } },
    };
  },
});

export const deletePermissionSetAction = defineAction({
  name: "access.permission-set.delete",
  permission: "access.manage",
  input: z.object({
    permissionSetArn: z.string().trim().regex(PERMISSION_SET_ARN, "not a permission set ARN"),
    confirm: z.literal("yes", { message: "confirm this first" }),
  }),
  auditTarget: (input) => input.permissionSetArn,
  intent: (input) => ({ will: "delete the permission set (SSO Admin: DeletePermissionSet)", permissionSetArn: input.permissionSetArn }),
  revalidate: ["/access/permission-sets", "/access"],
  run: async (input) => {
    const result = await guarded(() => withAccessContext(db(), (context) => deletePermissionSet(context, input.permissionSetArn)));
    return {
      data: { deleted: true },
      message: `Deleted ${result.name}.`,
      audit: { target: `permission-set:${result.name}`, before: { permissionSetArn: input.permissionSetArn } },
    };
  },
});
