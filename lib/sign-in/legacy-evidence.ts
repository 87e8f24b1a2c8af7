import "server-only";
import { stsTrailForAccount, type AccountTarget } from "../aws/account-clients";
import type { AwsClients } from "../aws/clients";
import { lookupAssumeRoleWithSamlEvents, type AwsSignInEvent } from "../aws/lookup-sign-in-events";
import { SANDBOX } from "../../sandbox/fixtures";
import { signInReads } from "./shared-read";

/**
 * AssumeRoleWithSAML events since an instant in one account (the legacy per-account sign-in), shared per federation,
 * account and minute between the watched Test sign-in and helpdesk diagnoses (CloudTrail answers 2 requests per
 * second per account and Region; https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html).
 */
export function readAssumeRoleEvents(
  deps: { aws: () => AwsClients; federationId: string; callerAccountId: string },
  account: AccountTarget,
  since: Date,
  ttlMs: number,
): Promise<AwsSignInEvent[]> {
  const minute = new Date(Math.floor(since.getTime() / 60_000) * 60_000);
  return signInReads.read(`aws-sts|${deps.federationId}|${account.accountId}|${minute.toISOString()}`, ttlMs, async () => {
    const { cloudtrail, dispose } = await stsTrailForAccount(deps.aws(), deps.callerAccountId, account);
    try {
      return (await lookupAssumeRoleWithSamlEvents(cloudtrail, { from: minute })).events;
    } finally {
      dispose();
    }
  });
}

/**
 * Where the user starts: Entra's IdP-initiated sign-in for the app, as My Apps opens it. The sandbox serves it at
 * /login/{tenant}/saml2/launch?appId=…; live, the My Apps launcher URL (the app's "User access URL" in the Entra admin
 * center, https://learn.microsoft.com/entra/identity/enterprise-apps/end-user-experiences) — its exact form
 * https://launcher.myapps.microsoft.com/api/signin/{appId} is UNCONFIRMED in Microsoft's documentation.
 */
export function launchUrl(appId: string, sandbox: { sandboxUrl: string } | null): string {
  return sandbox
    ? `${sandbox.sandboxUrl.replace(/\/+$/, "")}/login/${SANDBOX.entra.tenantId}/saml2/launch?appId=${encodeURIComponent(appId)}`
    : `https://launcher.myapps.microsoft.com/api/signin/${encodeURIComponent(appId)}`;
}
