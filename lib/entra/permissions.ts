/** One application permission the portal's Graph app needs, why, and the broader ones that also satisfy it. */
export interface GraphPermissionRequirement {
  permission: string;
  reason: string;
  /** Broader permissions that include this one (a tenant that granted one of them is fine). */
  alsoSatisfiedBy: readonly string[];
}

/** Least-privileged application permissions for every call the gateway makes (each API's page lists them; https://learn.microsoft.com/graph/permissions-reference). */
export const REQUIRED_GRAPH_PERMISSIONS: readonly GraphPermissionRequirement[] = [
  {
    permission: "Application.ReadWrite.All",
    reason: "Instantiate the AWS gallery app, set SAML mode, identifier and reply URLs, add the signing certificate.",
    alsoSatisfiedBy: [],
  },
  {
    permission: "AppRoleAssignment.ReadWrite.All",
    reason: "Assign users and groups to the AWS app (only assigned users are provisioned).",
    alsoSatisfiedBy: [],
  },
  {
    permission: "Synchronization.ReadWrite.All",
    reason: "Create the provisioning job, test the SCIM connection, save the tenant URL and token, start, pause and provision on demand.",
    alsoSatisfiedBy: [],
  },
  {
    permission: "AuditLog.Read.All",
    reason: "Read the provisioning logs (what happened to each user in each cycle).",
    alsoSatisfiedBy: [],
  },
  {
    permission: "Directory.Read.All",
    reason: "Required together with AuditLog.Read.All for provisioning logs; reads users, groups and assignments.",
    alsoSatisfiedBy: ["Directory.ReadWrite.All"],
  },
  {
    permission: "User.Read.All",
    reason: "Look users up by UPN, mail or name for the helpdesk check and the in-scope user lint.",
    alsoSatisfiedBy: ["User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  },
  {
    permission: "GroupMember.Read.All",
    reason: "Expand group membership (direct and nested) to tell who is in scope.",
    alsoSatisfiedBy: ["Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  },
];

const APP_WRITE = ["Application.ReadWrite.All"];
const SYNC_WRITE = ["Synchronization.ReadWrite.All"];
const SYNC_READ = ["Synchronization.ReadWrite.All", "Synchronization.Read.All"];
const APP_READ = ["Application.ReadWrite.All", "Application.Read.All", "Directory.Read.All"];
const USERS = ["User.Read.All", "Directory.Read.All"];
const MEMBERS = ["GroupMember.Read.All", "Directory.Read.All"];

/**
 * Graph's 403 rarely names the permission ("Insufficient privileges…"), so each gateway operation knows what it
 * needs: the forbidden error then tells the admin exactly what to grant.
 */
export const PERMISSIONS_BY_OPERATION: Record<string, string[]> = {
  InstantiateApplicationTemplate: ["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"],
  ListApplications: APP_READ,
  ListServicePrincipals: APP_READ,
  GetApplication: APP_READ,
  GetServicePrincipal: APP_READ,
  UpdateApplication: APP_WRITE,
  UpdateServicePrincipal: APP_WRITE,
  AddTokenSigningCertificate: APP_WRITE,
  ListSynchronizationTemplates: SYNC_READ,
  ListSynchronizationJobs: SYNC_READ,
  CreateSynchronizationJob: SYNC_WRITE,
  GetSynchronizationJob: SYNC_READ,
  ValidateCredentials: SYNC_WRITE,
  PutSynchronizationSecrets: SYNC_WRITE,
  GetSynchronizationSecrets: SYNC_READ,
  GetSynchronizationSchema: SYNC_READ,
  PutSynchronizationSchema: SYNC_WRITE,
  StartSynchronizationJob: SYNC_WRITE,
  PauseSynchronizationJob: SYNC_WRITE,
  RestartSynchronizationJob: SYNC_WRITE,
  ProvisionOnDemand: SYNC_WRITE,
  ListProvisioningLogs: ["AuditLog.Read.All", "Directory.Read.All"],
  ListDirectoryAudits: ["AuditLog.Read.All"],
  ListSignIns: ["AuditLog.Read.All"],
  ListAppRoleAssignedTo: ["Application.Read.All", "AppRoleAssignment.ReadWrite.All"],
  CreateAppRoleAssignment: ["AppRoleAssignment.ReadWrite.All", "Application.Read.All"],
  DeleteAppRoleAssignment: ["AppRoleAssignment.ReadWrite.All"],
  GetUser: USERS,
  ListUsers: USERS,
  GetDeletedUser: USERS,
  ListDeletedUsers: USERS,
  ListUserAppRoleAssignments: USERS,
  ListUserTransitiveMemberOf: ["User.Read.All", "GroupMember.Read.All"],
  ListGroupTransitiveMembers: MEMBERS,
  ListGroupMembers: MEMBERS,
  GetGroup: MEMBERS,
};

/** Which required permissions a set of granted roles (the token's `roles` claim) satisfies. */
/**
 * Legacy per-account mode only: its claims (Role, RoleSessionName, SessionDuration) are a claims mapping policy linked
 * to the app (https://learn.microsoft.com/graph/api/serviceprincipal-post-claimsmappingpolicies).
 */
export const LEGACY_GRAPH_PERMISSIONS: readonly GraphPermissionRequirement[] = [
  {
    permission: "Policy.ReadWrite.ApplicationConfiguration",
    reason: "Create and update the claims mapping policy with the Role, RoleSessionName and SessionDuration claims AWS needs.",
    alsoSatisfiedBy: [],
  },
  {
    permission: "Policy.Read.All",
    reason: "Read the claims mapping policy linked to the app, and link it (with Application.ReadWrite.All).",
    alsoSatisfiedBy: ["Policy.ReadWrite.ApplicationConfiguration"],
  },
];

export function comparePermissions(
  granted: readonly string[],
  required: readonly GraphPermissionRequirement[] = REQUIRED_GRAPH_PERMISSIONS,
): { satisfied: string[]; missing: GraphPermissionRequirement[] } {
  const have = new Set(granted);
  const satisfied: string[] = [];
  const missing: GraphPermissionRequirement[] = [];
  for (const r of required) {
    if (have.has(r.permission) || r.alsoSatisfiedBy.some((p) => have.has(p))) satisfied.push(r.permission);
    else missing.push(r);
  }
  return { satisfied, missing };
}
