import "server-only";
import { paginateListAccountAssignments, paginateListPermissionSetsProvisionedToAccount } from "@aws-sdk/client-sso-admin";
import { mapLimit } from "./call";
import type { AwsClients } from "./clients";
import { pacedPagesOf } from "./pace";
import type { AccountAssignment } from "./list-account-assignments-for-principal";

export interface AccountAccessState {
  accountId: string;
  /** Permission sets provisioned to the account (any version). */
  provisioned: string[];
  /** Of those, the ones whose latest version is not provisioned there. */
  outdated: string[];
  assignments: AccountAssignment[];
  /** Why this account could not be read (e.g. the management account seen by a delegated administrator). */
  error?: unknown;
}

/** At most this many accounts are read at once; the pacer keeps the total under the 20 requests/s. */
const ACCOUNT_CONCURRENCY = 4;

async function provisionedTo(clients: AwsClients, instanceArn: string, accountId: string, pace: () => Promise<void>, outdatedOnly: boolean): Promise<string[]> {
  const arns: string[] = [];
  const paginator = paginateListPermissionSetsProvisionedToAccount(
    { client: clients.sso },
    { InstanceArn: instanceArn, AccountId: accountId, ProvisioningStatus: outdatedOnly ? "LATEST_PERMISSION_SET_NOT_PROVISIONED" : undefined },
  );
  for await (const page of pacedPagesOf("ListPermissionSetsProvisionedToAccount", paginator, pace)) {
    arns.push(...(page.PermissionSets ?? []));
  }
  return arns;
}

/**
 * Every account assignment of the given accounts. ListAccountAssignments needs an account and a permission set
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListAccountAssignments.html); an assignment
 * provisions its permission set to the account, so only the sets provisioned there
 * (ListPermissionSetsProvisionedToAccount) are asked about. The same listing filtered on
 * LATEST_PERMISSION_SET_NOT_PROVISIONED gives the outdated ones.
 */
export async function listAssignmentsByAccount(
  clients: AwsClients,
  instanceArn: string,
  accountIds: string[],
  pace: () => Promise<void>,
): Promise<AccountAccessState[]> {
  return mapLimit(accountIds, ACCOUNT_CONCURRENCY, async (accountId) => {
    try {
      const [provisioned, outdated] = await Promise.all([
        provisionedTo(clients, instanceArn, accountId, pace, false),
        provisionedTo(clients, instanceArn, accountId, pace, true),
      ]);
      const assignments: AccountAssignment[] = [];
      for (const permissionSetArn of provisioned) {
        const paginator = paginateListAccountAssignments({ client: clients.sso }, { InstanceArn: instanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn });
        for await (const page of pacedPagesOf("ListAccountAssignments", paginator, pace)) {
          for (const a of page.AccountAssignments ?? [])
            if (a.PrincipalId && (a.PrincipalType === "USER" || a.PrincipalType === "GROUP"))
              assignments.push({ accountId, permissionSetArn, principalType: a.PrincipalType, principalId: a.PrincipalId });
        }
      }
      return { accountId, provisioned, outdated, assignments };
    } catch (error) {
      return { accountId, provisioned: [], outdated: [], assignments: [], error };
    }
  });
}
