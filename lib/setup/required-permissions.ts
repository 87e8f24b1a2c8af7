// What the portal's own identities must be granted (the first step, "connect"). Pure data: the setup page shows it,
// offers it as a download, and the preflight compares the live credentials against it.
import type { StepId } from "./steps";

/** A Microsoft Graph application permission (app role of Microsoft Graph) the portal's app registration needs. */
export interface GraphApplicationPermission {
  permission: string;
  why: string;
  /** Checklist steps that call Graph with it; operating features are named in `why`. */
  steps: readonly StepId[];
}

/**
 * Least privilege (each Graph operation's "Permissions" table, https://learn.microsoft.com/graph/permissions-reference) for the calls the checklist and the operating pages make. Admin consent
 * is required for each. The token's `roles` claim must list every one of them (the "connect" step's preflight checks it).
 */
export const REQUIRED_GRAPH_APPLICATION_PERMISSIONS: readonly GraphApplicationPermission[] = [
  {
    permission: "Application.ReadWrite.All",
    why:
      'Instantiates the "AWS IAM Identity Center" gallery app, sets SAML single sign-on on its service principal, writes the identifier, reply URL and ' +
      "sign-on URL (PATCH application and service principal) and adds the token-signing certificate (addTokenSigningCertificate). " +
      "Application.ReadWrite.OwnedBy is the documented narrower alternative, but only for apps the portal owns; whether instantiate " +
      "makes the caller owner is unconfirmed, so the portal asks for .All.",
    steps: ["gallery-app", "saml-mode", "basic-saml", "federation-metadata"],
  },
  {
    permission: "Synchronization.ReadWrite.All",
    why:
      "Creates the provisioning job from the app's template (aWSSingleSignon), runs Test Connection (validateCredentials), saves the tenant URL and " +
      'secret token with scope "assigned only", reads and adjusts the attribute mappings, starts, pauses and restarts the job, provisions on ' +
      "demand, and reads the live job status.",
    steps: ["provisioning-credentials", "mappings", "scope-assignments", "start-provisioning", "prove-user"],
  },
  {
    permission: "AppRoleAssignment.ReadWrite.All",
    why: "Assigns the chosen users and groups to the enterprise app (appRoleAssignedTo) so they are in provisioning scope.",
    steps: ["scope-assignments"],
  },
  {
    permission: "AuditLog.Read.All",
    why:
      "Reads the provisioning logs (/auditLogs/provisioning) for live provisioning status and the helpdesk check, and the sign-in logs " +
      "(/auditLogs/signIns) for the Test sign-in step and the helpdesk's Last sign-in line. Needs Directory.Read.All too, and sign-in logs " +
      "need an Entra ID P1 or P2 licence in the tenant (a Global or Billing Administrator adds it).",
    steps: ["prove-user", "test-sign-in"],
  },
  {
    permission: "Directory.Read.All",
    why:
      "Required together with AuditLog.Read.All for provisioning logs (app-only); also reads the service principal's app role assignments " +
      "(Application.Read.All would do for that alone).",
    steps: ["scope-assignments", "prove-user", "test-sign-in"],
  },
  {
    permission: "User.Read.All",
    why: "Reads users (UPN, mail, given/family/display name, enabled) for the UPN-equals-euid lint, the on-demand user picker and the helpdesk check.",
    steps: ["mappings", "scope-assignments", "prove-user"],
  },
  {
    permission: "GroupMember.Read.All",
    why: "Reads groups and their members, and a user's transitive memberships, to spot users who are only in a nested group (not provisioned).",
    steps: ["mappings", "scope-assignments"],
  },
];

export interface AwsPolicyOptions {
  /** arn:aws:sso:::instance/ssoins-…; scopes the sso: statements to it and its permission sets. */
  instanceArn?: string;
  /** d-…; scopes the identitystore: statements to it. */
  identityStoreId?: string;
  /** The AWS accounts the portal may provision permission sets into and assign access to. */
  accountIds?: readonly string[];
  /** Adds the legacy mode statements (IAM SAML provider and role import, Microsoft's per-account tutorial: https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial). */
  includeLegacyMode?: boolean;
  /** Adds the removals the Access area makes (group memberships); without it the portal only adds. */
  includeAccessManagement?: boolean;
}

export interface IamPolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
}

export interface IamPolicyDocument {
  Version: "2012-10-17";
  Statement: IamPolicyStatement[];
}

// AWS supports no resource-level scoping for these: they list or describe across the caller's account or
// organization, so the only valid Resource is "*" (Service Authorization Reference, "Resource types" column empty).
const UNSCOPABLE_ACTIONS = [
  "sts:GetCallerIdentity", // needs no permission at all; listed so an explicit deny elsewhere is easy to spot
  "sso:ListInstances",
  "organizations:DescribeOrganization",
  "organizations:ListAccounts",
  "organizations:ListRoots",
  "organizations:ListOrganizationalUnitsForParent",
  "organizations:ListAccountsForParent",
];

const IDENTITY_CENTER_ACTIONS = [
  "sso:DescribeInstance",
  "sso:ListPermissionSets",
  "sso:DescribePermissionSet",
  "sso:CreatePermissionSet",
  "sso:UpdatePermissionSet",
  "sso:ListManagedPoliciesInPermissionSet",
  "sso:GetInlinePolicyForPermissionSet",
  "sso:AttachManagedPolicyToPermissionSet",
  "sso:ProvisionPermissionSet",
  "sso:DescribePermissionSetProvisioningStatus",
  "sso:ListPermissionSetsProvisionedToAccount",
  "sso:ListAccountsForProvisionedPermissionSet",
  "sso:CreateAccountAssignment",
  "sso:DescribeAccountAssignmentCreationStatus",
  "sso:ListAccountAssignments",
  "sso:ListAccountAssignmentsForPrincipal",
];

const IDENTITY_STORE_ACTIONS = [
  "identitystore:GetUserId",
  "identitystore:DescribeUser",
  "identitystore:ListUsers",
  "identitystore:GetGroupId",
  "identitystore:DescribeGroup",
  "identitystore:ListGroups",
  "identitystore:GetGroupMembershipId",
  "identitystore:ListGroupMemberships",
  "identitystore:ListGroupMembershipsForMember",
  "identitystore:IsMemberInGroups",
  "identitystore:CreateGroupMembership",
  "identitystore:DescribeGroupMembership",
];

/** The Access area's removals (a member of a group made in AWS), granted only when asked for. */
const ACCESS_MANAGEMENT_IDENTITY_STORE_ACTIONS = ["identitystore:DeleteGroupMembership"];

// Provisioning a permission set into, or assigning access in, the management account makes Identity Center act
// with the caller's own IAM rights there: it creates the AWSReservedSSO_* roles and the AWSSSO_* SAML provider
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/howtopermrequired.html). Scoped to exactly those paths, so the portal cannot touch any other role or provider.
const MANAGEMENT_ACCOUNT_ROLE_ACTIONS = [
  "iam:GetRole",
  "iam:CreateRole",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
];
const MANAGEMENT_ACCOUNT_PROVIDER_ACTIONS = ["iam:GetSAMLProvider", "iam:CreateSAMLProvider", "iam:UpdateSAMLProvider"];

// Identity Center's sign-in events (UserAuthentication, ExternalIdPDirectoryLogin) in the instance Region, and the
// management events that name who changed a permission set, an assignment or a group (the audit page's drift); LookupEvents has
// no resource type ("*" only: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html).
const SIGN_IN_EVIDENCE_ACTIONS = ["cloudtrail:LookupEvents"];

const LEGACY_PROVIDER_ACTIONS = ["iam:CreateSAMLProvider", "iam:UpdateSAMLProvider", "iam:GetSAMLProvider"];
// ListSAMLProviders and ListRoles have no resource type: "*" only.
const LEGACY_LIST_ACTIONS = ["iam:ListSAMLProviders", "iam:ListRoles"];
// ListRolePolicies/GetRolePolicy: read only, for the "Moving to IAM Identity Center" proposal (a role's inline policies).
const LEGACY_ROLE_ACTIONS = [
  "iam:GetRole",
  "iam:CreateRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:AttachRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListRolePolicies",
  "iam:GetRolePolicy",
];
const LEGACY_ROLE_MANAGER_ACTIONS = [
  "iam:GetUser",
  "iam:CreateUser",
  "iam:GetPolicy",
  "iam:CreatePolicy",
  "iam:AttachUserPolicy",
  "iam:ListAttachedUserPolicies",
  "iam:CreateAccessKey",
  "iam:ListAccessKeys",
];
/**
 * The guided rotation of the role manager's key: deactivate then delete the old key, and say when a key the portal does
 * not hold was last used. The policy's only delete, and only on users under the portal's path (the role manager).
 */
const LEGACY_KEY_ROTATION_ACTIONS = ["iam:UpdateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed"];

const INSTANCE_ARN = /^arn:(aws(?:-[a-z]+)*):sso:::instance\/(ssoins-[a-zA-Z0-9.-]{16})$/;
const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * What is wrong with the values given for scoping. awsPolicyDocument leaves a malformed value out (so it falls
 * back to "*") rather than pasting it into the policy; the page shows these messages beside the JSON.
 */
export function awsPolicyOptionProblems(options: AwsPolicyOptions): string[] {
  const problems: string[] = [];
  if (options.instanceArn !== undefined && !INSTANCE_ARN.test(options.instanceArn))
    problems.push("The instance ARN must look like arn:aws:sso:::instance/ssoins-0123456789abcdef.");
  if (options.identityStoreId !== undefined && !IDENTITY_STORE_ID.test(options.identityStoreId))
    problems.push("The identity store ID must look like d-0123456789.");
  for (const accountId of options.accountIds ?? []) if (!ACCOUNT_ID.test(accountId)) problems.push(`"${accountId}" is not an AWS account ID (12 digits).`);
  return problems;
}

/**
 * The IAM policy for the principal the portal uses in AWS, covering exactly the calls lib/aws makes (a test scans
 * lib/aws for SDK commands and fails when one is missing here). Without ARNs the statements fall back to "*"
 * so the policy can be granted before IAM Identity Center is enabled; regenerate it once the "enable-instance" step has found the instance.
 */
export function awsPolicyDocument(options: AwsPolicyOptions = {}): IamPolicyDocument {
  const instance = options.instanceArn ? INSTANCE_ARN.exec(options.instanceArn) : null;
  const partition = instance?.[1] ?? "aws";
  const instanceId = instance?.[2];
  const identityStoreId = options.identityStoreId && IDENTITY_STORE_ID.test(options.identityStoreId) ? options.identityStoreId : undefined;
  const validAccountIds = [...new Set((options.accountIds ?? []).filter((id) => ACCOUNT_ID.test(id)))];
  const accountIds = validAccountIds.length ? validAccountIds : null;

  const identityCenterResources = instanceId
    ? [
        `arn:${partition}:sso:::instance/${instanceId}`,
        `arn:${partition}:sso:::permissionSet/${instanceId}/*`,
        ...(accountIds ? accountIds.map((id) => `arn:${partition}:sso:::account/${id}`) : [`arn:${partition}:sso:::account/*`]),
      ]
    : "*";

  // Identity store ARNs carry the owning account, which the instance ARN does not reveal, hence the "*" there;
  // the store id alone pins it. Users, groups and memberships are global resource types scoped by the store.
  const identityStoreResources = identityStoreId
    ? [
        `arn:${partition}:identitystore::*:identitystore/${identityStoreId}`,
        `arn:${partition}:identitystore:::user/*`,
        `arn:${partition}:identitystore:::group/*`,
        `arn:${partition}:identitystore:::membership/*`,
      ]
    : "*";

  const accountsForIam = accountIds ?? ["*"];
  const statements: IamPolicyStatement[] = [
    { Sid: "ReadCallerAndOrganization", Effect: "Allow", Action: UNSCOPABLE_ACTIONS, Resource: "*" },
    { Sid: "ManagePermissionSetsAndAccountAssignments", Effect: "Allow", Action: IDENTITY_CENTER_ACTIONS, Resource: identityCenterResources },
    { Sid: "ReadIdentityStoreAndManageGroupMemberships", Effect: "Allow", Action: IDENTITY_STORE_ACTIONS, Resource: identityStoreResources },
    { Sid: "ReadSignInEvents", Effect: "Allow", Action: SIGN_IN_EVIDENCE_ACTIONS, Resource: "*" },
    {
      Sid: "ManagementAccountReservedRoles",
      Effect: "Allow",
      Action: MANAGEMENT_ACCOUNT_ROLE_ACTIONS,
      Resource: accountsForIam.map((id) => `arn:${partition}:iam::${id}:role/aws-reserved/sso.amazonaws.com/*`),
    },
    {
      Sid: "ManagementAccountReservedSamlProvider",
      Effect: "Allow",
      Action: MANAGEMENT_ACCOUNT_PROVIDER_ACTIONS,
      Resource: accountsForIam.map((id) => `arn:${partition}:iam::${id}:saml-provider/AWSSSO_*`),
    },
  ];
  if (options.includeLegacyMode) statements.push(...legacyModeStatements(partition));
  if (options.includeAccessManagement)
    statements.push({
      Sid: "AccessAreaRemoveGroupMemberships",
      Effect: "Allow",
      Action: ACCESS_MANAGEMENT_IDENTITY_STORE_ACTIONS,
      Resource: identityStoreResources,
    });
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Legacy mode only (AWS Single-Account Access): the IAM SAML identity provider, the roles that trust it and the
 * role-manager user Entra imports them with. Roles, users and policies the portal makes live under the path
 * /entra-saml/, and the statements are scoped to it, so the portal cannot attach policies to any other role.
 */
export function legacyModeStatements(partition = "aws"): IamPolicyStatement[] {
  return [
    { Sid: "LegacyModeSamlProvider", Effect: "Allow", Action: LEGACY_PROVIDER_ACTIONS, Resource: `arn:${partition}:iam::*:saml-provider/*` },
    { Sid: "LegacyModeListProvidersAndRoles", Effect: "Allow", Action: LEGACY_LIST_ACTIONS, Resource: "*" },
    { Sid: "LegacyModeSamlRoles", Effect: "Allow", Action: LEGACY_ROLE_ACTIONS, Resource: `arn:${partition}:iam::*:role/entra-saml/*` },
    {
      Sid: "LegacyModeRoleManager",
      Effect: "Allow",
      Action: LEGACY_ROLE_MANAGER_ACTIONS,
      Resource: [`arn:${partition}:iam::*:user/entra-saml/*`, `arn:${partition}:iam::*:policy/entra-saml/*`],
    },
    { Sid: "LegacyModeRoleManagerKeyRotation", Effect: "Allow", Action: LEGACY_KEY_ROTATION_ACTIONS, Resource: `arn:${partition}:iam::*:user/entra-saml/*` },
    { Sid: "LegacyModeMemberAccounts", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: `arn:${partition}:iam::*:role/*` },
  ];
}

/** The policy as the admin pastes it into the IAM console ("JSON" tab). */
export function awsPolicyJson(options: AwsPolicyOptions = {}): string {
  return `${JSON.stringify(awsPolicyDocument(options), null, 2)}\n`;
}

/** Every IAM action the policy grants, for the preflight and for tests. */
export function awsPolicyActions(document: IamPolicyDocument): string[] {
  return [...new Set(document.Statement.flatMap((statement) => statement.Action))].sort();
}

/** What each statement is for, in the admin's words, shown beside the JSON. */
export const AWS_POLICY_EXPLANATIONS: readonly { sid: string; text: string }[] = [
  {
    sid: "ReadCallerAndOrganization",
    text: "Find out who the credentials belong to, find the IAM Identity Center instance, and list the organization's accounts. AWS allows no narrower resource for these calls.",
  },
  {
    sid: "ManagePermissionSetsAndAccountAssignments",
    text: "Create, update and provision the permission sets for the project roles and assign groups to accounts with them. No delete actions: the portal never removes permission sets or assignments.",
  },
  {
    sid: "ReadIdentityStoreAndManageGroupMemberships",
    text: "Find provisioned users and groups by name for the helpdesk check and the prove-user step, and add group memberships.",
  },
  {
    sid: "ReadSignInEvents",
    text: "Read IAM Identity Center's events in CloudTrail (LookupEvents): sign-ins, the AWS half of the Test sign-in step and the helpdesk's Last sign-in line, and who changed a permission set, an assignment or a group outside the portal (drift on the audit page). Without it setup still works and those say what is missing.",
  },
  {
    sid: "ManagementAccountReservedRoles",
    text: "Only when permission sets are provisioned into the management account: IAM Identity Center then creates its AWSReservedSSO_* roles with the caller's rights. Limited to that role path.",
  },
  {
    sid: "ManagementAccountReservedSamlProvider",
    text: "Same case: the AWSSSO_* SAML provider IAM Identity Center keeps in the management account. Limited to that name.",
  },
  {
    sid: "LegacyModeSamlProvider",
    text: "Legacy mode only: create and update the IAM SAML identity provider from Entra's federation metadata.",
  },
  {
    sid: "LegacyModeListProvidersAndRoles",
    text: "Legacy mode only: find the SAML provider and the roles that trust it. AWS allows no narrower resource for list calls.",
  },
  {
    sid: "LegacyModeSamlRoles",
    text: "Legacy mode only: create the roles SAML users assume and attach the policies you pick — only roles under the path /entra-saml/, which the portal makes.",
  },
  {
    sid: "LegacyModeRoleManager",
    text: "Legacy mode only: the role-manager IAM user (path /entra-saml/) with its iam:ListRoles policy and access key, which Entra uses to import the roles.",
  },
  {
    sid: "LegacyModeRoleManagerKeyRotation",
    text: "Legacy mode only: the guided rotation of the role manager's access key deactivates and then deletes the old key. The policy's only delete, limited to users under /entra-saml/.",
  },
  {
    sid: "LegacyModeMemberAccounts",
    text: "Legacy mode only: reach member accounts through the role you name (OrganizationAccountAccessRole by default) to create the provider and roles there.",
  },
];

/** Said once beside the policy: not part of the JSON but needed for it to work. */
export const AWS_POLICY_NOTES: readonly string[] = [
  "Attach the policy to the role or user the portal signs in as, in the account that runs IAM Identity Center (the management account or its delegated administrator).",
  "If the portal assumes a role, that role's trust policy must also allow the portal's own identity sts:AssumeRole (with the external ID when you set one).",
  'Without an instance ARN and identity store ID the policy uses "*"; once IAM Identity Center is enabled and the checklist has found it, download it again for the scoped version.',
];
