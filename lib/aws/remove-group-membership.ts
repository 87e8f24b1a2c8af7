import "server-only";
import { DeleteGroupMembershipCommand } from "@aws-sdk/client-identitystore";
import { callAws } from "./call";
import type { AwsClients } from "./clients";
import { isAwsGatewayError } from "./errors";

/** Removes one membership; one already gone counts as removed (https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_DeleteGroupMembership.html). */
export async function removeGroupMembership(clients: AwsClients, identityStoreId: string, membershipId: string): Promise<{ outcome: "removed" | "already-gone" }> {
  try {
    await callAws("DeleteGroupMembership", () => clients.ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId: identityStoreId, MembershipId: membershipId })));
    return { outcome: "removed" };
  } catch (error) {
    if (isAwsGatewayError(error, "not-found")) return { outcome: "already-gone" };
    throw error;
  }
}
