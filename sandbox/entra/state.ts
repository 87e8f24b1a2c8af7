import type { GeneratedCertificate } from "./saml/certificates";
import type { SyncJobRuntime } from "./provisioning/types";
import type { SignInEntry } from "./graph/sign-ins";
import type { SamlClaimsConfig } from "./saml/response";

export interface EntraUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  displayName: string | null;
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  mailNickname: string;
  proxyAddresses: string[];
  otherMails: string[];
  jobTitle: string | null;
  department: string | null;
  employeeId: string | null;
  preferredLanguage: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  officeLocation: string | null;
  createdDateTime: string;
  /** Bumped on every change so the provisioning engine's incremental cycles see it. */
  version: number;
}

export interface EntraGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mail: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  createdDateTime: string;
  /** Direct members: user or group ids. */
  members: Set<string>;
  version: number;
}

export interface AppRole {
  id: string;
  value: string | null;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin: string;
}

export interface KeyCredential {
  customKeyIdentifier: string | null;
  displayName: string | null;
  endDateTime: string;
  key: string | null;
  keyId: string;
  startDateTime: string;
  type: string;
  usage: string;
}

export interface PasswordCredential {
  customKeyIdentifier: string | null;
  displayName: string | null;
  endDateTime: string;
  hint: string | null;
  keyId: string;
  secretText: string | null;
  startDateTime: string;
}

export interface EntraApplication {
  id: string;
  appId: string;
  displayName: string;
  applicationTemplateId: string | null;
  createdDateTime: string;
  signInAudience: string;
  identifierUris: string[];
  notes: string | null;
  tags: string[];
  appRoles: AppRole[];
  web: { homePageUrl: string | null; logoutUrl: string | null; redirectUris: string[]; implicitGrantSettings: { enableAccessTokenIssuance: boolean; enableIdTokenIssuance: boolean } };
  keyCredentials: KeyCredential[];
  passwordCredentials: PasswordCredential[];
  /** Client secrets in clear text, sandbox-internal (Graph never returns them). */
  secrets: string[];
  /** Replication: not readable through Graph before this clock time. */
  visibleAt: number;
}

export interface SigningCertificateRecord {
  cert: GeneratedCertificate;
  customKeyIdentifier: string;
  displayName: string;
}

export interface EntraServicePrincipal {
  id: string;
  appId: string;
  applicationId: string;
  displayName: string;
  applicationTemplateId: string | null;
  appRoleAssignmentRequired: boolean;
  accountEnabled: boolean;
  preferredSingleSignOnMode: string | null;
  samlSingleSignOnSettings: { relayState: string | null } | null;
  loginUrl: string | null;
  logoutUrl: string | null;
  notificationEmailAddresses: string[];
  preferredTokenSigningKeyThumbprint: string | null;
  servicePrincipalNames: string[];
  servicePrincipalType: string;
  tags: string[];
  keyCredentials: KeyCredential[];
  passwordCredentials: PasswordCredential[];
  signingCertificates: SigningCertificateRecord[];
  createdDateTime: string;
  visibleAt: number;
  /** Sandbox fixture: the SAML "Attributes & Claims" configuration; undefined = the template's defaults. */
  samlClaims?: SamlClaimsConfig;
  /** Application permissions (app role values on Microsoft Graph) granted to this app with admin consent. */
  grantedGraphPermissions: Set<string>;
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: "User" | "Group" | "ServicePrincipal";
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: string;
}

export interface SecretPair {
  key: string;
  value: string;
}

export interface ProvisioningLogEntry {
  id: string;
  activityDateTime: string;
  tenantId: string;
  jobId: string;
  cycleId: string;
  changeId: string;
  provisioningAction: string;
  durationInMilliseconds: number;
  initiatedBy: { id: string; displayName: string; initiatorType: string };
  servicePrincipal: { id: string; displayName: string };
  sourceSystem: { id: string; displayName: string; details: Record<string, string> };
  targetSystem: { id: string; displayName: string; details: Record<string, string> };
  sourceIdentity: { id: string; displayName: string; identityType: string; details: Record<string, string> };
  targetIdentity: { id: string; displayName: string; identityType: string; details: Record<string, string> };
  provisioningStatusInfo: {
    status: "success" | "warning" | "failure" | "skipped";
    errorInformation: { errorCode: string; reason: string; additionalDetails: string | null; errorCategory: string; recommendedAction: string | null } | null;
  };
  provisioningSteps: { name: string; provisioningStepType: string; status: string; description: string; details: Record<string, string> }[];
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

/** A directory audit entry (https://learn.microsoft.com/graph/api/resources/directoryaudit), for the changes the sandbox records. */
export interface DirectoryAuditEntry {
  id: string;
  category: string;
  activityDateTime: string;
  activityDisplayName: string;
  loggedByService: string;
  operationType: string;
  result: "success";
  initiatedBy: { app: { appId: string; displayName: string; servicePrincipalId: string | null } | null; user: null };
  targetResources: { id: string; displayName: string; type: string; modifiedProperties: { displayName: string; oldValue: string; newValue: string }[] }[];
}

export interface EntraConfig {
  /** Graph answers 404 for a freshly instantiated app / service principal for this long (clock ms). */
  replicationDelayMs: number;
  /** Compressed provisioning cycle interval (the real one is PT40M). */
  cycleIntervalMs: number;
  /** Successive complete cycle failures before the job goes into quarantine. */
  quarantineAfterFailures: number;
  /** While quarantined, the next attempt waits this long (the real service backs off to once a day). */
  quarantineRetryMs: number;
  tokenLifetimeSeconds: number;
  throttles: { provisioningLogs: { limit: number; windowMs: number }; provisionOnDemand: { limit: number; windowMs: number }; signIns: { limit: number; windowMs: number } };
  /**
   * The tenant holds a Microsoft Entra ID P1/P2 licence. Sign-in logs through Graph need one
   * (https://learn.microsoft.com/graph/api/signin-list); without it the list answers 403.
   */
  premiumLicense: boolean;
  /** Escrow proportion threshold (fraction of attempted entries failing) and the minimum failures before it counts. */
  escrowProportion: number;
  escrowMinimumFailures: number;
}

export const defaultConfig = (): EntraConfig => ({
  replicationDelayMs: 8_000,
  cycleIntervalMs: 40_000,
  quarantineAfterFailures: 3,
  quarantineRetryMs: 24 * 3600_000,
  tokenLifetimeSeconds: 3600,
  // "Identity and access reports" (signIn included): 5 requests per 10 seconds per app per tenant
  // (https://learn.microsoft.com/graph/throttling-limits#identity-and-access-reports-service-limits).
  throttles: { provisioningLogs: { limit: 5, windowMs: 10_000 }, provisionOnDemand: { limit: 5, windowMs: 10_000 }, signIns: { limit: 5, windowMs: 10_000 } },
  premiumLicense: true,
  escrowProportion: 0.4,
  escrowMinimumFailures: 1000,
});

export interface AuthCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  expiresAt: number;
  redeemed: boolean;
}

export interface RefreshTokenRecord {
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

/** All of the emulated tenant, with the indexes that keep 100k-user tenants fast. */
export class EntraState {
  users = new Map<string, EntraUser>();
  usersByUpn = new Map<string, EntraUser>();
  usersByMail = new Map<string, EntraUser[]>();
  /** Insertion order for stable paging. */
  userList: EntraUser[] = [];
  groups = new Map<string, EntraGroup>();
  groupList: EntraGroup[] = [];
  /** member id → ids of groups it is a direct member of. */
  memberOf = new Map<string, Set<string>>();
  applications = new Map<string, EntraApplication>();
  servicePrincipals = new Map<string, EntraServicePrincipal>();
  assignments = new Map<string, AppRoleAssignment>();
  codes = new Map<string, AuthCodeRecord>();
  refreshTokens = new Map<string, RefreshTokenRecord>();
  /** servicePrincipalId → secrets as PUT. */
  secrets = new Map<string, SecretPair[]>();
  jobs = new Map<string, SyncJobRuntime>();
  logs: ProvisioningLogEntry[] = [];
  /** Changes to applications and service principals, oldest first (GET /auditLogs/directoryAudits). */
  directoryAudits: DirectoryAuditEntry[] = [];
  /** The recycle bin: soft-deleted users (30 days in Entra), UPN prefixed with the object id as Entra does. */
  deletedUsers = new Map<string, EntraUser & { deletedDateTime: string }>();
  /** Sign-in log (GET /auditLogs/signIns), oldest first; written by recordSignIn. */
  signIns: SignInEntry[] = [];
  throttleHits = new Map<string, number[]>();
  config: EntraConfig = defaultConfig();

  addUser(user: EntraUser): void {
    this.users.set(user.id, user);
    this.usersByUpn.set(user.userPrincipalName.toLowerCase(), user);
    this.indexMail(user);
    this.userList.push(user);
  }

  private indexMail(user: EntraUser): void {
    if (!user.mail) return;
    const key = user.mail.toLowerCase();
    const list = this.usersByMail.get(key);
    if (list) list.push(user);
    else this.usersByMail.set(key, [user]);
  }

  updateUser(user: EntraUser, patch: Partial<EntraUser>): void {
    this.usersByUpn.delete(user.userPrincipalName.toLowerCase());
    if (user.mail) {
      const list = this.usersByMail.get(user.mail.toLowerCase())?.filter((u) => u !== user) ?? [];
      if (list.length) this.usersByMail.set(user.mail.toLowerCase(), list);
      else this.usersByMail.delete(user.mail.toLowerCase());
    }
    Object.assign(user, patch);
    user.version += 1;
    this.usersByUpn.set(user.userPrincipalName.toLowerCase(), user);
    this.indexMail(user);
  }

  /** Soft-deletes a user: gone from the directory and its groups, kept in deletedUsers with the mangled UPN. */
  deleteUser(user: EntraUser, at: Date): void {
    this.users.delete(user.id);
    this.usersByUpn.delete(user.userPrincipalName.toLowerCase());
    if (user.mail) {
      const list = this.usersByMail.get(user.mail.toLowerCase())?.filter((u) => u !== user) ?? [];
      if (list.length) this.usersByMail.set(user.mail.toLowerCase(), list);
      else this.usersByMail.delete(user.mail.toLowerCase());
    }
    this.userList = this.userList.filter((u) => u !== user);
    for (const groupId of [...(this.memberOf.get(user.id) ?? [])]) this.removeMember(groupId, user.id);
    this.memberOf.delete(user.id);
    this.deletedUsers.set(user.id, { ...user, userPrincipalName: `${user.id.replace(/-/g, "")}${user.userPrincipalName}`, deletedDateTime: at.toISOString() });
  }

  addGroup(group: EntraGroup): void {
    this.groups.set(group.id, group);
    this.groupList.push(group);
    for (const member of group.members) this.linkMember(group.id, member);
  }

  addMember(groupId: string, memberId: string): void {
    const group = this.groups.get(groupId);
    if (!group) return;
    group.members.add(memberId);
    group.version += 1;
    this.linkMember(groupId, memberId);
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.groups.get(groupId);
    if (!group) return;
    group.members.delete(memberId);
    group.version += 1;
    this.memberOf.get(memberId)?.delete(groupId);
  }

  private linkMember(groupId: string, memberId: string): void {
    const set = this.memberOf.get(memberId);
    if (set) set.add(groupId);
    else this.memberOf.set(memberId, new Set([groupId]));
  }

  /** Every group the object belongs to, directly or through nesting (cycle-safe). */
  transitiveGroupsOf(memberId: string): Set<string> {
    const seen = new Set<string>();
    const queue = [...(this.memberOf.get(memberId) ?? [])];
    while (queue.length) {
      const id = queue.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const parent of this.memberOf.get(id) ?? []) queue.push(parent);
    }
    return seen;
  }

  findUser(idOrUpn: string): EntraUser | undefined {
    return this.users.get(idOrUpn) ?? this.usersByUpn.get(idOrUpn.toLowerCase());
  }

  applicationByAppId(appId: string): EntraApplication | undefined {
    for (const app of this.applications.values()) if (app.appId === appId) return app;
    return undefined;
  }

  servicePrincipalByAppId(appId: string): EntraServicePrincipal | undefined {
    for (const sp of this.servicePrincipals.values()) if (sp.appId === appId) return sp;
    return undefined;
  }

  assignmentsFor(resourceId: string): AppRoleAssignment[] {
    return [...this.assignments.values()].filter((a) => a.resourceId === resourceId);
  }
}
