import "server-only";
import { paginateListAccountsForProvisionedPermissionSet } from "@aws-sdk/client-sso-admin";
import { pagesOf } from "./call";
import type { AwsClients } from "./clients";

/**
 * The accounts a permission set is provisioned to (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListAccountsForProvisionedPermissionSet.html). With `onlyOutdated`, only those where the
 * latest version is not provisioned: the console's "latest not provisioned", fixed by ProvisionPermissionSet.
 */
export async function listAccountsForProvisionedPermissionSet(
  clients: AwsClients,
  instanceArn: string,
  permissionSetArn: string,
  options: { onlyOutdated?: boolean } = {},
): Promise<{ accountIds: string[] }> {
  const accountIds: string[] = [];
  const paginator = paginateListAccountsForProvisionedPermissionSet(
    { client: clients.sso },
    {
      InstanceArn: instanceArn,
      PermissionSetArn: permissionSetArn,
      ProvisioningStatus: options.onlyOutdated ? "LATEST_PERMISSION_SET_NOT_PROVISIONED" : undefined,
    },
  );
  for await (const page of pagesOf("ListAccountsForProvisionedPermissionSet", paginator)) accountIds.push(...(page.AccountIds ?? []));
  return { accountIds };
}
