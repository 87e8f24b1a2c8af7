import "server-only";
import type { GraphGateway } from "../entra/client";
import { provisionOnDemand, type OnDemandOutcome, type ProvisionOnDemandResult } from "../entra/provision-on-demand";
import type { JobRef } from "../entra/provisioning-job";
import { userAppAssignmentPath } from "../entra/user-app-assignment-path";

/** Graph allows 5 on-demand requests per 10 s: the user plus at most this many of their groups. */
export const MAX_GROUPS_ON_DEMAND = 3;

export interface ProvisionUserOutcome {
  user: ProvisionOnDemandResult;
  groups: { id: string; displayName: string | null; result: string; outcome: OnDemandOutcome; errorCode: string | null }[];
}

/**
 * The helpdesk's "push this user now": the user, then each assigned group they are a direct member of with only
 * them as the member, so their AWS group memberships (and with them their account access) follow at once instead
 * of at the next cycle. Skipped when the user itself failed: the groups would not find them in AWS.
 */
export async function provisionUserWithGroups(gateway: GraphGateway, job: JobRef, userId: string): Promise<ProvisionUserOutcome> {
  const user = await provisionOnDemand(gateway, { ...job, userId });
  const groups: ProvisionUserOutcome["groups"] = [];
  if (user.outcome === "succeeded" || user.outcome === "skipped") {
    const path = await userAppAssignmentPath(gateway, userId, job.servicePrincipalId);
    for (const group of path.viaGroups.slice(0, MAX_GROUPS_ON_DEMAND)) {
      const pushed = await provisionOnDemand(gateway, { ...job, groupId: group.id, memberUserIds: [userId] });
      groups.push({ id: group.id, displayName: group.displayName, result: pushed.result, outcome: pushed.outcome, errorCode: pushed.errorCode });
    }
  }
  return { user, groups };
}
