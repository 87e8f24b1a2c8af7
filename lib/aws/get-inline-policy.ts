import "server-only";
import { GetInlinePolicyForPermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { callAws } from "./call";
import type { AwsClients } from "./clients";

/**
 * The inline policy of a permission set, or null when it has none
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_GetInlinePolicyForPermissionSet.html: an empty string then).
 */
export async function getInlinePolicy(clients: AwsClients, instanceArn: string, permissionSetArn: string): Promise<string | null> {
  const output = await callAws("GetInlinePolicyForPermissionSet", () =>
    clients.sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn })),
  );
  return output.InlinePolicy ? output.InlinePolicy : null;
}
