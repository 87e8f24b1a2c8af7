import "server-only";
import { POLL_BACKOFF } from "../aws/call";
import { describePermissionSet } from "../aws/list-permission-sets";
import { provisionPermissionSet, waitForPermissionSetProvisioning } from "../aws/provision-permission-set";
import type { AccessContext } from "./context";
import { AccessRefusedError } from "./protected-principals";

/** An action waits this long; past it the provisioning carries on in AWS and the page shows where it stands. */
const ACTION_WAIT = { ...POLL_BACKOFF, timeoutMs: 45_000 };

/**
 * Pushes a permission set's latest version to every account it is provisioned to (TargetType
 * ALL_PROVISIONED_ACCOUNTS, https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ProvisionPermissionSet.html):
 * exactly the accounts that can hold an outdated version.
 */
export async function reprovisionPermissionSet(context: AccessContext, permissionSetArn: string) {
  const described = await describePermissionSet(context.clients.sso, context.instanceArn, permissionSetArn, false);
  const started = await provisionPermissionSet(context.clients, context.instanceArn, permissionSetArn, "all-provisioned-accounts");
  const outcome =
    started.status === "SUCCEEDED" || started.status === "FAILED"
      ? { status: started.status, failureReason: started.failureReason }
      : await waitForPermissionSetProvisioning(context.clients, context.instanceArn, started.provisioningRequestId, { backoff: ACTION_WAIT });
  if (outcome.status === "FAILED")
    throw new AccessRefusedError(`AWS could not provision “${described.name}” to every account: ${outcome.failureReason ?? "no reason given"}. Open the permission set in IAM Identity Center to see which account failed.`);
  return { name: described.name, requestId: started.provisioningRequestId };
}
