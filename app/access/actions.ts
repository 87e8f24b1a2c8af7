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
import { db } from "@/lib/db";

/** Safety-rail refusals and "not set up yet" are words for the user; they reach the audit row as failures. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await graph(run);
  } catch (error) {
    if (error instanceof AccessRefusedError || error instanceof AccessNotReadyError) throw new ActionError(error.message);
    throw error;
  }
}

const awsId = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9-]+$/, "not an identity store id");

export const addGroupMemberAction = defineAction({
  name: "access.membership.add",
  permission: "access.manage",
  input: z.object({ groupId: awsId, userName: z.string().trim().min(1, "type the user name (as in AWS)").max(128) }),
  auditTarget: (input) => `aws-group:${input.groupId}`,
  revalidate: ["/access/groups"],
  run: async (input) => {
    const result = await guarded(() => withAccessContext(db(), (context) => addUserToGroup(db(), context, input)));
    return {
      data: { outcome: String(result.outcome) },
      message: result.outcome === "created" ? `Added ${input.userName} to ${result.group.displayName}.` : `${input.userName} was already in ${result.group.displayName}.`,
      audit: { target: `aws-group:${result.group.displayName}`, after: { user: input.userName, outcome: result.outcome, membershipId: result.membershipId } },
    };
  },
});

export const removeGroupMemberAction = defineAction({
  name: "access.membership.remove",
  permission: "access.manage",
  input: z.object({ membershipId: awsId, confirm: z.literal("yes", { message: "confirm this first" }) }),
  auditTarget: (input) => `aws-membership:${input.membershipId}`,
  revalidate: ["/access/groups"],
  run: async (input) => {
    const result = await guarded(() => withAccessContext(db(), (context) => removeUserFromGroup(db(), context, input)));
    return {
      data: { outcome: String(result.outcome) },
      message: `Removed ${result.userName} from ${result.group.displayName}.`,
      audit: { target: `aws-group:${result.group.displayName}`, before: { user: result.userName, membershipId: input.membershipId }, after: { outcome: result.outcome } },
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
  input: z.object({ permissionSetArn: z.string().trim().regex(/^arn:aws[\w-]*:sso:::permissionSet\/ssoins-[\w-]+\/ps-[\w-]+$/, "not a permission set ARN") }),
  auditTarget: (input) => input.permissionSetArn,
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
