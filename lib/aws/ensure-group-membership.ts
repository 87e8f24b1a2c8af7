import "server-only";
import { CreateGroupMembershipCommand, GetGroupMembershipIdCommand } from "@aws-sdk/client-identitystore";
import { callAws, orNull } from "./call";
import type { AwsClients } from "./clients";
import { AwsGatewayError, isAwsGatewayError } from "./errors";

export type EnsureGroupMembershipResult = { outcome: "created" | "already-member"; membershipId: string };

/**
 * Puts a user in an Identity Store group, once. With SCIM from Entra the IdP owns memberships and may
 * undo this on its next cycle (https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html), so the checklist prefers assigning groups in Entra.
 */
export async function ensureGroupMembership(
  clients: AwsClients,
  identityStoreId: string,
  membership: { groupId: string; userId: string },
): Promise<EnsureGroupMembershipResult> {
  const lookup = () =>
    orNull(
      callAws("GetGroupMembershipId", () =>
        clients.ids.send(
          new GetGroupMembershipIdCommand({ IdentityStoreId: identityStoreId, GroupId: membership.groupId, MemberId: { UserId: membership.userId } }),
        ),
      ),
    );
  const existing = await lookup();
  if (existing?.MembershipId) return { outcome: "already-member", membershipId: existing.MembershipId };
  try {
    const created = await callAws("CreateGroupMembership", () =>
      clients.ids.send(
        new CreateGroupMembershipCommand({ IdentityStoreId: identityStoreId, GroupId: membership.groupId, MemberId: { UserId: membership.userId } }),
      ),
    );
    if (!created.MembershipId)
      throw new AwsGatewayError({ kind: "unknown", operation: "CreateGroupMembership", message: "AWS created the membership but returned no id." });
    return { outcome: "created", membershipId: created.MembershipId };
  } catch (error) {
    // Added by someone else between the lookup and the create (a SCIM cycle, another replica).
    if (!isAwsGatewayError(error, "conflict")) throw error;
    const raced = await lookup();
    if (!raced?.MembershipId) throw error;
    return { outcome: "already-member", membershipId: raced.MembershipId };
  }
}
