import { SANDBOX } from "../fixtures";
import { iamFor, keyOwner } from "./accounts-iam";
import type { Caller } from "./auth";
import { AwsError } from "./errors";
import type { IamState } from "./iam-state";
import type { AwsState } from "./state";

/**
 * Identity-based authorization for the callers IAM made: an IAM user's access key is allowed an action only when
 * a policy attached to the user allows it and none denies it, and a role session only what the role's attached
 * policies allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * Resource conditions are not evaluated: a statement's Resource is taken to match. The sandbox's static key is the
 * account administrator and is not checked. So a role-manager user without the iam:ListRoles policy fails as at AWS.
 */

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The actions of the AWS managed policies the sandbox can evaluate; others allow nothing here. */
const MANAGED_ACTIONS: Record<string, string[]> = {
  "arn:aws:iam::aws:policy/AdministratorAccess": ["*"],
  "arn:aws:iam::aws:policy/PowerUserAccess": ["sso:*", "identitystore:*", "organizations:Describe*", "organizations:List*"],
  "arn:aws:iam::aws:policy/ReadOnlyAccess": [
    "iam:Get*",
    "iam:List*",
    "sso:Describe*",
    "sso:List*",
    "sso:Get*",
    "identitystore:Describe*",
    "identitystore:List*",
    "identitystore:Get*",
    "organizations:Describe*",
    "organizations:List*",
  ],
  "arn:aws:iam::aws:policy/IAMFullAccess": ["iam:*", "organizations:DescribeAccount", "organizations:DescribeOrganization", "organizations:List*"],
  "arn:aws:iam::aws:policy/IAMReadOnlyAccess": ["iam:Get*", "iam:List*"],
  "arn:aws:iam::aws:policy/AWSOrganizationsReadOnlyAccess": ["organizations:Describe*", "organizations:List*"],
  "arn:aws:iam::aws:policy/AWSSSOReadOnly": ["sso:Describe*", "sso:List*", "sso:Get*", "identitystore:Describe*", "identitystore:List*", "identitystore:Get*"],
};

/** Calls AWS answers for any valid credentials (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). */
const ALWAYS_ALLOWED = new Set(["sts:GetCallerIdentity"]);

/** An IAM wildcard pattern (* and ?) as a regular expression; actions compare case-insensitively, condition values (StringLike) do not. */
export const wildcard = (pattern: string, caseSensitive = false) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    caseSensitive ? "" : "i",
  );
const matches = (patterns: unknown, action: string) => list(patterns).some((p) => typeof p === "string" && wildcard(p).test(action));

function statementsOf(iam: IamState, policyArn: string): Json[] {
  const managed = MANAGED_ACTIONS[policyArn];
  if (managed) return [{ Effect: "Allow", Action: managed, Resource: "*" }];
  const custom = iam.policies.get(policyArn);
  if (!custom) return [];
  try {
    return list((JSON.parse(custom.document) as Json).Statement).filter((s): s is Json => typeof s === "object" && s !== null);
  } catch {
    return [];
  }
}

/** Whether these attached policies allow the action: an explicit Deny wins, else some Allow must match. */
export function policiesAllow(iam: IamState, attached: string[], action: string): boolean {
  const statements = attached.flatMap((arn) => statementsOf(iam, arn));
  const applies = (s: Json) => (s.Action !== undefined ? matches(s.Action, action) : s.NotAction !== undefined && !matches(s.NotAction, action));
  if (statements.some((s) => s.Effect === "Deny" && applies(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && applies(s));
}

/** The resource AWS names in the refusal of a list call, e.g. arn:aws:iam::111122223333:role/ for iam:ListRoles. */
function resourceOf(accountId: string, action: string): string {
  const iamList = /^iam:List(Roles|Users|Policies|SAMLProviders)$/.exec(action);
  if (iamList)
    return `arn:aws:iam::${accountId}:${{ Roles: "role/", Users: "user/", Policies: "policy/", SAMLProviders: "saml-provider/*" }[iamList[1] as "Roles"]}`;
  return "*";
}

/**
 * Refuses the action for an IAM user or role session its policies do not allow, with AWS's AccessDenied wording
 * ("… because no identity-based policy allows the … action", https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
 */
export function authorize(state: AwsState, caller: Caller, action: string, query: boolean): void {
  if (!caller.accessKeyId || caller.accessKeyId === SANDBOX.aws.accessKeyId || ALWAYS_ALLOWED.has(action)) return;
  let principal: string;
  let attached: string[];
  let iam: IamState = state.iam;
  let accountId = state.accountId;
  if (caller.session) {
    accountId = caller.session.accountId;
    iam = iamFor(state, accountId) ?? state.iam;
    const role = [...iam.roles.values()].find((r) => r.arn === caller.session?.roleArn);
    principal = caller.session.assumedRoleArn;
    attached = role?.attached ?? [];
  } else {
    const owner = keyOwner(state, caller.accessKeyId);
    const key = owner?.iam.accessKeys.get(caller.accessKeyId);
    const user = owner && key ? owner.iam.users.get(key.userName.toLowerCase()) : undefined;
    if (!owner || !user) return;
    iam = owner.iam;
    accountId = owner.accountId;
    principal = user.arn;
    attached = user.attached;
  }
  if (policiesAllow(iam, attached, action)) return;
  const message = `User: ${principal} is not authorized to perform: ${action} on resource: ${resourceOf(accountId, action)} because no identity-based policy allows the ${action} action`;
  throw query ? new AwsError("AccessDenied", message, 403) : new AwsError("AccessDeniedException", message, 403);
}
