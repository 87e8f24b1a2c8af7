import "server-only";
import { ListRolesCommand, ListSAMLProvidersCommand } from "@aws-sdk/client-iam";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { ListUsersCommand } from "@aws-sdk/client-identitystore";
import { ListInstancesCommand, ListPermissionSetsCommand } from "@aws-sdk/client-sso-admin";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { callAws } from "./call";
import type { AwsClients } from "./clients";
import { toGatewayError } from "./errors";

export interface PreflightCheck {
  /** The IAM action the portal needs, as written in the policy it offers for download. */
  permission: string;
  ok: boolean;
  /** "skipped": could not be tried because an earlier answer was missing (e.g. no instance yet). */
  outcome: "ok" | "denied" | "failed" | "skipped";
  detail: string;
  /** Set for a permission only one feature needs: without it setup goes on and that feature says what is missing. */
  degrades?: string;
}

export type PreflightResult = {
  caller: { account: string; arn: string; userId: string } | null;
  checks: PreflightCheck[];
};

async function check(permission: string, run: () => Promise<unknown>): Promise<PreflightCheck> {
  try {
    await run();
    return { permission, ok: true, outcome: "ok", detail: "Allowed." };
  } catch (error) {
    const e = toGatewayError(permission, error);
    if (e.kind === "access-denied") return { permission, ok: false, outcome: "denied", detail: `Not allowed: add ${permission} to the portal's IAM policy.` };
    return { permission, ok: false, outcome: "failed", detail: `Could not be checked: ${e.message}` };
  }
}

const skipped = (permission: string, detail: string): PreflightCheck => ({ permission, ok: false, outcome: "skipped", detail });

async function callerCheck(clients: AwsClients) {
  let caller: PreflightResult["caller"] = null;
  const identity = await check("sts:GetCallerIdentity", async () => {
    const me = await callAws("GetCallerIdentity", () => clients.sts.send(new GetCallerIdentityCommand({})));
    caller = { account: me.Account ?? "", arn: me.Arn ?? "", userId: me.UserId ?? "" };
  });
  if (!identity.ok)
    identity.detail =
      identity.outcome === "denied" ? "AWS does not accept these credentials: check the access key, or the role and its trust policy." : identity.detail;
  // TypeScript does not see the assignment inside the callback above and would narrow this to null.
  return { identity, caller: caller as PreflightResult["caller"] };
}

/** Step 0's live check: who the credentials are, then one harmless read per permission the portal needs. */
export async function preflightAws(clients: AwsClients): Promise<PreflightResult> {
  const { identity, caller } = await callerCheck(clients);
  if (!identity.ok) return { caller, checks: [identity] };

  let instance: { arn: string; storeId: string } | undefined;
  const [instances, accounts] = await Promise.all([
    check("sso:ListInstances", async () => {
      const out = await callAws("ListInstances", () => clients.sso.send(new ListInstancesCommand({ MaxResults: 1 })));
      const first = out.Instances?.[0];
      if (first?.InstanceArn && first.IdentityStoreId) instance = { arn: first.InstanceArn, storeId: first.IdentityStoreId };
    }),
    check("organizations:ListAccounts", () => callAws("ListAccounts", () => clients.org.send(new ListAccountsCommand({ MaxResults: 1 })))),
  ]);

  // TypeScript does not see the assignment inside the callback above and would narrow this to undefined.
  const found = instance as { arn: string; storeId: string } | undefined;
  const notEnabled = "IAM Identity Center is not enabled in this region yet (Setup: “Enable IAM Identity Center”), so this could not be tried.";
  const [permissionSets, users] = found
    ? await Promise.all([
        check("sso:ListPermissionSets", () =>
          callAws("ListPermissionSets", () => clients.sso.send(new ListPermissionSetsCommand({ InstanceArn: found.arn, MaxResults: 1 }))),
        ),
        check("identitystore:ListUsers", () =>
          callAws("ListUsers", () => clients.ids.send(new ListUsersCommand({ IdentityStoreId: found.storeId, MaxResults: 1 }))),
        ),
      ])
    : [skipped("sso:ListPermissionSets", notEnabled), skipped("identitystore:ListUsers", notEnabled)];

  // Sign-in evidence (the Test sign-in step, the helpdesk's "Last sign-in"): one event, in the instance Region.
  const signInEvents = await check("cloudtrail:LookupEvents", () =>
    callAws("LookupEvents", () => clients.cloudtrail.send(new LookupEventsCommand({ MaxResults: 1, LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "signin.amazonaws.com" }] }))),
  );
  signInEvents.degrades =
    "Without it the Test sign-in step and the helpdesk's Last sign-in line cannot read AWS's sign-in events, and drift on the audit page cannot name who changed AWS outside the portal.";

  return { caller, checks: [identity, instances, permissionSets, users, accounts, signInEvents] };
}

/**
 * The legacy per-account mode's live check (https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial):
 * who the credentials are, and the IAM reads its steps start from (the SAML providers and the roles that trust them).
 */
export async function preflightLegacyIam(clients: AwsClients): Promise<PreflightResult> {
  const { identity, caller } = await callerCheck(clients);
  if (!identity.ok) return { caller, checks: [identity] };
  const checks = await Promise.all([
    check("iam:ListSAMLProviders", () => callAws("ListSAMLProviders", () => clients.iam.send(new ListSAMLProvidersCommand({})))),
    check("iam:ListRoles", () => callAws("ListRoles", () => clients.iam.send(new ListRolesCommand({ MaxItems: 1 })))),
  ]);
  return { caller, checks: [identity, ...checks] };
}
