import "server-only";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
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
  const roleName = roleToAssume(callerAccountId, target);
  if (!roleName) return { clients, dispose: () => undefined };
  const credentials = await assumedCredentials(clients, target.accountId, roleName);
  const base = clients.target;
  // IAM is global and signed for us-east-1 (https://docs.aws.amazon.com/general/latest/gr/iam-service.html); the sandbox serves it under /aws/iam.
  const iam = new IAMClient(
    base.kind === "sandbox"
      ? { region: base.region, credentials, endpoint: `${base.sandboxUrl}/aws/iam`, maxAttempts: 4 }
      : { region: "us-east-1", credentials, maxAttempts: 4 },
  );
  return { clients: { ...clients, iam }, dispose: () => iam.destroy() };
}

/** null: the portal's own account; otherwise the role to assume in the target account (refused when none is named). */
function roleToAssume(callerAccountId: string, target: AccountTarget): string | null {
  if (target.accountId === callerAccountId) return null;
  if (!target.assumeRoleName)
    throw new AwsGatewayError({
      kind: "validation",
      operation: "AssumeRole",
      message: `Account ${target.accountId} is not the account of the portal's credentials (${callerAccountId}): name the role to assume in it.`,
    });
  return target.assumeRoleName;
}

async function assumedCredentials(clients: AwsClients, accountId: string, roleName: string) {
  const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
  const assumed = await callAws("AssumeRole", () =>
    clients.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "identity-bridge-legacy", DurationSeconds: 900 })),
  );
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new AwsGatewayError({ kind: "unknown", operation: "AssumeRole", message: `AWS returned no credentials for ${roleArn}.` });
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/**
 * CloudTrail event history of one account where its console SAML sign-ins land: STS calls to the global endpoint
 * (the console's https://signin.aws.amazon.com/saml) are logged in US East (N. Virginia)
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailregion); the sandbox
 * keeps one Region. The portal's own credentials for its account, the named role's for a member account. Dispose after use.
 */
export async function stsTrailForAccount(clients: AwsClients, callerAccountId: string, target: AccountTarget): Promise<{ cloudtrail: CloudTrailClient; dispose(): void }> {
  const base = clients.target;
  const roleName = roleToAssume(callerAccountId, target);
  if (!roleName && base.kind === "sandbox") return { cloudtrail: clients.cloudtrail, dispose: () => undefined };
  const credentials = roleName ? await assumedCredentials(clients, target.accountId, roleName) : clients.cloudtrail.config.credentials;
  const cloudtrail = new CloudTrailClient(
    base.kind === "sandbox"
      ? { region: base.region, credentials, endpoint: `${base.sandboxUrl}/aws`, maxAttempts: 4 }
      : { region: "us-east-1", credentials, maxAttempts: 4 },
  );
  return { cloudtrail, dispose: () => cloudtrail.destroy() };
}
