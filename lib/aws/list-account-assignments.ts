import "server-only";
import { paginateListAccountAssignments } from "@aws-sdk/client-sso-admin";
import { pagesOf } from "./call";
import type { AwsClients } from "./clients";

export interface AssignedPrincipal {
  principalType: "USER" | "GROUP";
  principalId: string;
}

/** Who holds a permission set in one account (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListAccountAssignments.html). */
export async function listAccountAssignments(clients: AwsClients, instanceArn: string, accountId: string, permissionSetArn: string): Promise<AssignedPrincipal[]> {
  const found: AssignedPrincipal[] = [];
  const paginator = paginateListAccountAssignments({ client: clients.sso }, { InstanceArn: instanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn });
  for await (const page of pagesOf("ListAccountAssignments", paginator))
    for (const a of page.AccountAssignments ?? [])
      if (a.PrincipalId && (a.PrincipalType === "USER" || a.PrincipalType === "GROUP")) found.push({ principalType: a.PrincipalType, principalId: a.PrincipalId });
  return found;
}
