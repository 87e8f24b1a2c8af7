import "server-only";
import { CreateAccountAssignmentCommand, DescribeAccountAssignmentCreationStatusCommand, paginateListAccountAssignments } from "@aws-sdk/client-sso-admin";
import { callAws, pagesOf, retryOnConflict, type Backoff } from "./call";
import type { AwsClients } from "./clients";
import { AwsGatewayError } from "./errors";
import type { AccountAssignment } from "./list-account-assignments-for-principal";
import { asAsyncStatus, pollAsyncOperation, type PollOptions } from "./poll";

export type EnsureAccountAssignmentResult = {
  outcome: "created" | "already-assigned" | "failed";
  /** AWS's id for the async creation, when one was started (persist it to resume polling). */
  creationRequestId?: string;
  failureReason?: string;
};

async function isAssigned(clients: AwsClients, instanceArn: string, a: AccountAssignment): Promise<boolean> {
  const paginator = paginateListAccountAssignments(
    { client: clients.sso },
    { InstanceArn: instanceArn, AccountId: a.accountId, PermissionSetArn: a.permissionSetArn },
  );
  for await (const page of pagesOf("ListAccountAssignments", paginator)) {
    if ((page.AccountAssignments ?? []).some((x) => x.PrincipalType === a.principalType && x.PrincipalId === a.principalId)) return true;
  }
  return false;
}

/**
 * Gives a user or group a permission set in an account, once. AWS answers ConflictException while the
 * permission set is provisioning or the same assignment is in flight; that is retried with backoff.
 */
export async function ensureAccountAssignment(
  clients: AwsClients,
  instanceArn: string,
  assignment: AccountAssignment,
  options: PollOptions & { conflictBackoff?: Backoff } = {},
): Promise<EnsureAccountAssignmentResult> {
  if (await isAssigned(clients, instanceArn, assignment)) return { outcome: "already-assigned" };

  const created = await retryOnConflict(
    () =>
      callAws("CreateAccountAssignment", () =>
        clients.sso.send(
          new CreateAccountAssignmentCommand({
            InstanceArn: instanceArn,
            TargetId: assignment.accountId,
            TargetType: "AWS_ACCOUNT",
            PermissionSetArn: assignment.permissionSetArn,
            PrincipalType: assignment.principalType,
            PrincipalId: assignment.principalId,
          }),
        ),
      ),
    options.conflictBackoff,
  );
  const creationRequestId = created.AccountAssignmentCreationStatus?.RequestId;
  if (!creationRequestId)
    throw new AwsGatewayError({ kind: "unknown", operation: "CreateAccountAssignment", message: "AWS accepted the assignment but returned no request id." });

  const settled = await pollAsyncOperation(
    "DescribeAccountAssignmentCreationStatus",
    async () => {
      const out = await callAws("DescribeAccountAssignmentCreationStatus", () =>
        clients.sso.send(
          new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: instanceArn, AccountAssignmentCreationRequestId: creationRequestId }),
        ),
      );
      const status = out.AccountAssignmentCreationStatus;
      return { status: asAsyncStatus(status?.Status), failureReason: status?.FailureReason };
    },
    options,
  );
  if (settled.status === "FAILED") return { outcome: "failed", creationRequestId, failureReason: settled.failureReason };
  return { outcome: "created", creationRequestId };
}
