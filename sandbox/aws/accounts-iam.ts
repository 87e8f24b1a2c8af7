import { iamId, newIamState, type IamState } from "./iam-state";
import type { AwsState } from "./state";

/**
 * IAM per account. The management account's IAM is state.iam; each member account of the organization has its own,
 * made on first use. Accounts the organization created carry OrganizationAccountAccessRole (AdministratorAccess,
 * trusting the management account); invited accounts do not, unless someone created it
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html).
 */

export const ORGANIZATION_ACCESS_ROLE = "OrganizationAccountAccessRole";

export const accountOfArn = (arn: string): string => arn.split(":")[4] ?? "";

export function iamFor(state: AwsState, accountId: string): IamState | undefined {
  if (accountId === state.accountId) return state.iam;
  const existing = state.memberIam.get(accountId);
  if (existing) return existing;
  const account = state.org.accounts.find((a) => a.id === accountId);
  if (!account) return undefined;
  const iam = newIamState();
  if (account.joinedMethod === "CREATED") {
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${state.org.managementAccountId}:root` }, Action: "sts:AssumeRole" }],
    };
    iam.roles.set(ORGANIZATION_ACCESS_ROLE.toLowerCase(), {
      name: ORGANIZATION_ACCESS_ROLE,
      id: iamId("AROA"),
      path: "/",
      arn: `arn:aws:iam::${accountId}:role/${ORGANIZATION_ACCESS_ROLE}`,
      createdAt: account.joinedAt,
      trustPolicy: JSON.stringify(trust),
      maxSessionDuration: 3600,
      attached: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    });
  }
  state.memberIam.set(accountId, iam);
  return iam;
}

/** The state as the IAM handlers of one account see it: that account's id and IAM, everything else shared. */
export function inAccount(state: AwsState, accountId: string): AwsState {
  if (accountId === state.accountId) return state;
  const iam = iamFor(state, accountId);
  return iam ? { ...state, accountId, iam } : state;
}

/**
 * The account an IAM user's long-lived access key belongs to, with that account's IAM: a key made in a member account
 * (a role-manager user created there through an assumed role) signs requests that act in that account, as in AWS.
 */
export function keyOwner(state: AwsState, accessKeyId: string): { accountId: string; iam: IamState } | undefined {
  if (state.iam.accessKeys.has(accessKeyId)) return { accountId: state.accountId, iam: state.iam };
  for (const [accountId, iam] of state.memberIam) if (iam.accessKeys.has(accessKeyId)) return { accountId, iam };
  return undefined;
}
