import "server-only";
import { paginateListAccountAssignmentsForPrincipal } from "@aws-sdk/client-sso-admin";
import { pagesOf } from "./call";
import type { AwsClients } from "./clients";

export type PrincipalType = "USER" | "GROUP";

export interface AccountAssignment {
  accountId: string;
  permissionSetArn: string;
  principalType: PrincipalType;
  principalId: string;
}

export type AccountAssignmentsResult = { assignments: AccountAssignment[] };

/**
 * What a user or group can reach directly. Whether a USER query includes group-derived assignments is
 * unconfirmed (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListAccountAssignmentsForPrincipal.html), so callers query the user's groups too.
 */
export async function listAccountAssignmentsForPrincipal(
  clients: AwsClients,
  instanceArn: string,
  principal: { type: PrincipalType; id: string },
  options: { accountId?: string } = {},
): Promise<AccountAssignmentsResult> {
  const assignments: AccountAssignment[] = [];
  const paginator = paginateListAccountAssignmentsForPrincipal(
    { client: clients.sso },
    {
      InstanceArn: instanceArn,
      PrincipalType: principal.type,
      PrincipalId: principal.id,
      Filter: options.accountId ? { AccountId: options.accountId } : undefined,
    },
  );
  for await (const page of pagesOf("ListAccountAssignmentsForPrincipal", paginator)) {
    for (const a of page.AccountAssignments ?? []) {
      if (!a.AccountId || !a.PermissionSetArn) continue;
      assignments.push({
        accountId: a.AccountId,
        permissionSetArn: a.PermissionSetArn,
        principalType: principal.type,
        principalId: a.PrincipalId ?? principal.id,
      });
    }
  }
  return { assignments };
}
