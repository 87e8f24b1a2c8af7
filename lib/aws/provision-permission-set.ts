import "server-only";
import { DescribePermissionSetProvisioningStatusCommand, ProvisionPermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { callAws, retryOnConflict, type Backoff } from "./call";
import type { AwsClients } from "./clients";
import { AwsGatewayError } from "./errors";
import { asAsyncStatus, pollAsyncOperation, type AsyncStatus, type PollOptions } from "./poll";

export type ProvisionTarget = { accountId: string } | "all-provisioned-accounts";

export type ProvisionPermissionSetResult = {
  /** AWS's id for the async operation: persist it so a restart can resume waiting. */
  provisioningRequestId: string;
  status: AsyncStatus;
  failureReason?: string;
};

export type ProvisioningOutcome = { status: "SUCCEEDED" | "FAILED"; failureReason?: string; polls: number };

/** Pushes the permission set's current policies to accounts; retried while another operation on it is in flight. */
export async function provisionPermissionSet(
  clients: AwsClients,
  instanceArn: string,
  permissionSetArn: string,
  target: ProvisionTarget = "all-provisioned-accounts",
  options: { conflictBackoff?: Backoff } = {},
): Promise<ProvisionPermissionSetResult> {
  const out = await retryOnConflict(
    () =>
      callAws("ProvisionPermissionSet", () =>
        clients.sso.send(
          new ProvisionPermissionSetCommand(
            target === "all-provisioned-accounts"
              ? { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn, TargetType: "ALL_PROVISIONED_ACCOUNTS" }
              : { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn, TargetType: "AWS_ACCOUNT", TargetId: target.accountId },
          ),
        ),
      ),
    options.conflictBackoff,
  );
  const status = out.PermissionSetProvisioningStatus;
  if (!status?.RequestId)
    throw new AwsGatewayError({
      kind: "unknown",
      operation: "ProvisionPermissionSet",
      message: "AWS accepted the provisioning request but returned no request id.",
    });
  return { provisioningRequestId: status.RequestId, status: asAsyncStatus(status.Status), failureReason: status.FailureReason };
}

/** Waits for a ProvisionPermissionSet request to settle, with backoff, reporting each poll. */
export async function waitForPermissionSetProvisioning(
  clients: AwsClients,
  instanceArn: string,
  provisioningRequestId: string,
  options: PollOptions = {},
): Promise<ProvisioningOutcome> {
  const result = await pollAsyncOperation(
    "DescribePermissionSetProvisioningStatus",
    async () => {
      const out = await callAws("DescribePermissionSetProvisioningStatus", () =>
        clients.sso.send(
          new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: instanceArn, ProvisionPermissionSetRequestId: provisioningRequestId }),
        ),
      );
      return { status: asAsyncStatus(out.PermissionSetProvisioningStatus?.Status), failureReason: out.PermissionSetProvisioningStatus?.FailureReason };
    },
    options,
  );
  return { ...result };
}
