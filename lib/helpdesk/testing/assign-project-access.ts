import { createAwsClients, resolveAwsTarget } from "../../aws/clients";
import { ensureAccountAssignment } from "../../aws/ensure-account-assignment";
import { findGroupByDisplayName } from "../../aws/find-group-by-display-name";
import type { Database } from "../../db";
import { SANDBOX } from "../../../sandbox/fixtures";
import { GROUPS } from "../../../sandbox/entra/seed";
import { loadChecklist } from "../../setup/store";

/** Which provisioned group gets which setup permission set, in the Production account: what an AWS admin does after setup. */
export const PROJECT_ACCESS = [
  { group: GROUPS.projectAdmins, permissionSet: "ProjectAdmin" },
  { group: GROUPS.projectUsers, permissionSet: "ProjectUser" },
  { group: GROUPS.projectReaders, permissionSet: "ProjectReader" },
] as const;

export const PROJECT_ACCOUNT_ID = SANDBOX.aws.memberAccountIds[0] as string;

/**
 * Tests, the benchmark and e2e: after setup and a provisioning cycle, assign each project group its permission
 * set in the Production account (setup stops at creating permission sets), so a healthy user has access to read.
 */
export async function assignProjectAccess(database: Database, federationId: string, sandboxUrl: string): Promise<void> {
  const { facts } = await loadChecklist(database, federationId);
  if (!facts.instance || !facts.permissionSets) throw new Error("setup has not created the instance facts and permission sets");
  const clients = createAwsClients(resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, { IB_MODE: "sandbox", SANDBOX_URL: sandboxUrl }));
  try {
    for (const { group, permissionSet } of PROJECT_ACCESS) {
      const found = await findGroupByDisplayName(clients, facts.instance.identityStoreId, group);
      const ps = facts.permissionSets.find((p) => p.name === permissionSet);
      if (!found.group || !ps) throw new Error(`no AWS group ${group} or permission set ${permissionSet} yet (run a provisioning cycle first)`);
      const result = await ensureAccountAssignment(
        clients,
        facts.instance.instanceArn,
        { accountId: PROJECT_ACCOUNT_ID, permissionSetArn: ps.permissionSetArn, principalType: "GROUP", principalId: found.group.groupId },
        { backoff: { initialMs: 50, maxMs: 200, timeoutMs: 30_000 } },
      );
      if (result.outcome === "failed") throw new Error(`assignment of ${permissionSet} to ${group} failed: ${result.failureReason ?? ""}`);
    }
  } finally {
    clients.destroy();
  }
}
