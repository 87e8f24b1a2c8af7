import "server-only";
import { IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { callAws } from "./call";
import type { AwsClients } from "./clients";
import { AwsGatewayError } from "./errors";

/** An AWS account the legacy mode works in: the management account directly, a member account through a role the admin names. */
export interface AccountTarget {
  accountId: string;
  /** null: the portal's own credentials (they belong to this account); otherwise the role assumed in it. */
  assumeRoleName: string | null;
}

/** The role AWS Organizations creates in every account it creates (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html). */
export const DEFAULT_MEMBER_ROLE = "OrganizationAccountAccessRole";

/**
 * The clients to use in one account: the portal's own for the account its credentials belong to; for a member
 * account, IAM with the temporary credentials of sts:AssumeRole into the named role. Dispose after use.
 */
export async function clientsForAccount(clients: AwsClients, callerAccountId: string, target: AccountTarget): Promise<{ clients: AwsClients; dispose(): void }> {
  if (target.accountId === callerAccountId || !target.assumeRoleName) {
    if (target.accountId !== callerAccountId)
      throw new AwsGatewayError({
        kind: "validation",
        operation: "AssumeRole",
        message: `Account ${target.accountId} is not the account of the portal's credentials (${callerAccountId}): name the role to assume in it.`,
      });
    return { clients, dispose: () => undefined };
  }
  const roleArn = `arn:aws:iam::${target.accountId}:role/${target.assumeRoleName}`;
  const assumed = await callAws("AssumeRole", () =>
    clients.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "identity-bridge-legacy", DurationSeconds: 900 })),
  );
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new AwsGatewayError({ kind: "unknown", operation: "AssumeRole", message: `AWS returned no credentials for ${roleArn}.` });
  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  const base = clients.target;
  // IAM is global and signed for us-east-1 (https://docs.aws.amazon.com/general/latest/gr/iam-service.html); the sandbox serves it under /aws/iam.
  const iam = new IAMClient(
    base.kind === "sandbox"
      ? { region: base.region, credentials, endpoint: `${base.sandboxUrl}/aws/iam`, maxAttempts: 4 }
      : { region: "us-east-1", credentials, maxAttempts: 4 },
  );
  return { clients: { ...clients, iam }, dispose: () => iam.destroy() };
}
