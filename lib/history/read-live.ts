import "server-only";
import { accessPortalStartUrl, probeAccessPortal } from "../aws/access-portal";
import { createAwsClients, resolveAwsTarget, type AwsClients } from "../aws/clients";
import { findIdentityCenterInstance } from "../aws/find-identity-center-instance";
import { getInlinePolicy } from "../aws/get-inline-policy";
import { listAccountAssignments } from "../aws/list-account-assignments";
import { listAccountsForProvisionedPermissionSet } from "../aws/list-accounts-for-provisioned-permission-set";
import { listDirectoryGroups, listDirectoryUsers, listGroupMembers } from "../aws/list-identity-store-directory";
import { listPermissionSets } from "../aws/list-permission-sets";
import { createPacer } from "../aws/pace";
import { mapLimit } from "../concurrency";
import { env } from "../config/env";
import type { Database } from "../db";
import { listAppAssignments } from "../entra/app-assignments";
import type { GraphGateway } from "../entra/client";
import { readApplicationSamlUrls } from "../entra/configure-basic-saml";
import { signingCertificatesOf } from "../entra/ensure-signing-certificate";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { listGroupMembers as listEntraGroupMembers } from "../entra/list-group-members-transitive";
import { getProvisioningJob } from "../entra/provisioning-job";
import { readProvisioningSchema } from "../entra/provisioning-schema";
import { readProvisioningSecrets } from "../entra/provisioning-secrets";
import { readServicePrincipal } from "../entra/service-principal";
import { loadFederation } from "../federation/record";
import { getAwsConnection } from "../settings/connections";
import { clientsForAccount } from "../aws/account-clients";
import { readSamlProvider } from "../aws/ensure-saml-provider";
import { readRoleManager, ROLE_MANAGER_USER } from "../aws/ensure-role-manager";
import { LEGACY_ROLE_PATH } from "../aws/ensure-saml-role";
import { isAwsGatewayError } from "../aws/errors";
import { samlTrustOf } from "../aws/list-roles-trusting-provider";
import { listAttachedRolePolicyArns, listRolesUnderPath, type IamRoleView } from "../aws/read-iam-role";
import { metadataCertificates } from "../crypto/metadata-certificates";
import {
  assignmentKey,
  canonicalJson,
  membershipOf,
  type LegacyAccountConfig,
  type LegacyConfig,
  type AssignedGroupsConfig,
  type AwsConfig,
  type EntraAppConfig,
  type FederationConfiguration,
  type ProvisioningConfig,
  type RoleImportConfig,
} from "./configuration";
import type { FederationFacts } from "../federation/facts";

/** Reads stay well below Identity Center's collective 20 requests per second (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html). */
const READS_PER_SECOND = 10;
const CONCURRENCY = 4;

export interface LiveReadOptions {
  gateway?: GraphGateway;
  clients?: AwsClients;
}

/**
 * The federation's configuration as both clouds report it now, through the gateways (lib/entra, lib/aws). What the
 * checklist has not created yet is null (no app, no provisioning job, no Identity Center instance). A failed read
 * throws (a gateway error, turned into words by lib/problems): a partial read is never recorded as a version.
 */
export async function readLiveConfiguration(database: Database, federationId: string, options: LiveReadOptions = {}): Promise<FederationConfiguration> {
  const federation = await loadFederation(database, federationId);
  const facts = federation?.facts ?? {};
  const ownsClients = !options.clients;
  const clients = options.clients ?? createAwsClients(resolveAwsTarget(await getAwsConnection(database), env()));
  try {
    const entraNeeded = Boolean(facts.app);
    const gateway = entraNeeded ? (options.gateway ?? (await entraGatewayFor(database))) : undefined;
    // A legacy per-account federation has no Identity Center side: its AWS side is IAM in each account.
    const legacyMode = federation?.mode === "legacy-iam";
    const [app, provisioning, assignedGroups, aws, legacy] = await Promise.all([
      gateway && facts.app ? readEntraApp(gateway, facts.app) : null,
      gateway && facts.app && facts.job
        ? readProvisioning(gateway, facts, facts.app.servicePrincipalId, facts.job.jobId, federation?.scimTokenCreatedAt ?? null)
        : null,
      gateway && facts.app ? readAssignedGroups(gateway, facts.app.servicePrincipalId) : undefined,
      legacyMode ? null : readAws(clients),
      legacyMode ? readLegacy(clients, gateway, facts) : undefined,
    ]);
    return { entra: { app, provisioning, ...(assignedGroups ? { assignedGroups } : {}) }, aws, ...(legacy ? { legacy } : {}) };
  } finally {
    if (ownsClients) clients.destroy();
  }
}

async function readEntraApp(gateway: GraphGateway, app: NonNullable<FederationFacts["app"]>): Promise<EntraAppConfig> {
  const [urls, sp] = await Promise.all([readApplicationSamlUrls(gateway, app.applicationObjectId), readServicePrincipal(gateway, app.servicePrincipalId)]);
  const certificates = signingCertificatesOf(sp.keyCredentials, sp.preferredTokenSigningKeyThumbprint);
  return {
    displayName: sp.displayName,
    appId: sp.appId,
    applicationObjectId: app.applicationObjectId,
    servicePrincipalId: sp.id,
    identifierUris: urls.identifierUris,
    replyUrls: urls.replyUrls,
    signOnUrl: sp.loginUrl,
    relayState: sp.relayState,
    ssoMode: sp.preferredSingleSignOnMode,
    notificationEmails: [...sp.notificationEmailAddresses].sort(),
    signingCertificates: Object.fromEntries(
      certificates.map((c) => [c.thumbprint, { displayName: c.displayName, notBefore: c.notBefore, notAfter: c.notAfter, active: c.active }]),
    ),
  };
}

/**
 * The groups assigned to the app (https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto) and
 * their direct members (https://learn.microsoft.com/graph/api/group-list-members): who provisioning puts in scope.
 */
async function readAssignedGroups(gateway: GraphGateway, servicePrincipalId: string): Promise<AssignedGroupsConfig> {
  const { assignments } = await listAppAssignments(gateway, servicePrincipalId);
  const groups = [
    ...new Map(assignments.filter((a) => a.principalType === "Group").map((a) => [a.principalId, a.principalDisplayName ?? a.principalId])).entries(),
  ];
  const members = await mapLimit(groups, CONCURRENCY, async ([groupId]) => {
    const { users, groups: nested } = await listEntraGroupMembers(gateway, groupId);
    return [...users.map((u) => u.userPrincipalName), ...nested.map((g) => `group:${g.displayName ?? g.id}`)];
  });
  return Object.fromEntries(groups.map(([groupId, name], i) => [name, { groupId, ...membershipOf(members[i] ?? []) }]));
}

/** Accidental-deletion prevention lives in the job's settings (https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationjob). */
function deletionThresholdOf(settings: { name: string; value: string }[]): ProvisioningConfig["deletionThreshold"] {
  const enabled = settings.find((s) => s.name === "DeleteThresholdEnabled");
  const value = settings.find((s) => s.name === "DeleteThresholdValue");
  if (!enabled && !value) return null;
  const number = value ? Number(value.value) : NaN;
  return { enabled: enabled?.value.toLowerCase() === "true", value: Number.isFinite(number) ? number : null };
}

async function readProvisioning(
  gateway: GraphGateway,
  facts: FederationFacts,
  servicePrincipalId: string,
  jobId: string,
  tokenCreatedAt: Date | null,
): Promise<ProvisioningConfig> {
  const ref = { servicePrincipalId, jobId };
  const [{ job }, { schema }, { saved }] = await Promise.all([
    getProvisioningJob(gateway, ref),
    readProvisioningSchema(gateway, ref),
    readProvisioningSecrets(gateway, servicePrincipalId),
  ]);
  const attributes = schema.userMapping?.attributes ?? [];
  return {
    jobId: job.id || jobId,
    templateId: job.templateId,
    scheduleState: job.schedule.state,
    interval: job.schedule.interval,
    scope: saved.syncAll === null ? null : saved.syncAll ? "all users and groups" : "assigned users and groups",
    tenantUrl: saved.baseAddress,
    groupSync: schema.groupSyncEnabled,
    matching: (schema.userMapping?.matchingAttributes ?? []).map((a) => `${a.source ?? "(none)"} → ${a.target}`),
    mappings: Object.fromEntries(
      attributes.map((a): [string, string] => [a.target, a.source ?? `(${a.sourceType})`]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    deletionThreshold: deletionThresholdOf(job.settings),
    scimBearer: { issuedAt: tokenCreatedAt?.toISOString() ?? facts.scim?.tokenCreatedAt ?? null, expiresAt: facts.scim?.tokenExpiresAt ?? null },
  };
}

/**
 * The legacy mode's IAM side, in each account the checklist set up (the management account with the portal's own
 * credentials, a member account through the role it names): the SAML provider and its certificates, the roles under
 * /entra-saml/ with their trust and policies, the role-manager user's keys (ids and dates only); and the app's roles.
 */
async function readLegacy(clients: AwsClients, gateway: GraphGateway | undefined, facts: FederationFacts): Promise<LegacyConfig> {
  const caller = facts.preflight?.aws?.account;
  const targets = caller ? (facts.legacyAccounts?.accounts ?? []) : [];
  const accounts = await mapLimit(targets, 2, async (account): Promise<[string, LegacyAccountConfig]> => {
    const { clients: inAccount, dispose } = await clientsForAccount(clients, caller ?? "", account);
    try {
      const [samlProvider, roles, manager] = await Promise.all([
        account.providerArn ? readProvider(inAccount, account.providerArn) : null,
        listRolesUnderPath(inAccount, LEGACY_ROLE_PATH),
        readRoleManager(inAccount, account.accountId),
      ]);
      const policies = await mapLimit(roles, CONCURRENCY, (role) => listAttachedRolePolicyArns(inAccount, role.roleName));
      return [
        account.accountId,
        {
          reachedThrough: account.assumeRoleName,
          samlProvider,
          roles: Object.fromEntries(roles.map((role, i) => [role.roleName, legacyRoleOf(role, account.providerArn ?? "", policies[i] ?? [])])),
          roleManager: manager.user
            ? { userName: ROLE_MANAGER_USER, keys: Object.fromEntries(manager.keys.map((k) => [k.accessKeyId, { status: k.status, createdAt: k.createdAt }])) }
            : null,
        },
      ];
    } finally {
      dispose();
    }
  });
  const [sp, roleImport] = await Promise.all([
    gateway && facts.app ? readServicePrincipal(gateway, facts.app.servicePrincipalId) : null,
    gateway && facts.app && facts.roleImport ? readRoleImport(gateway, facts.app.servicePrincipalId, facts.roleImport) : null,
  ]);
  return {
    accounts: Object.fromEntries(accounts),
    appRoles: Object.fromEntries((sp?.appRoles ?? []).flatMap((r) => (r.value ? [[r.value, { displayName: r.displayName, enabled: r.isEnabled }]] : []))),
    roleImport,
  };
}

/**
 * The role-import job (https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-get) and which of its
 * credentials Entra holds (https://learn.microsoft.com/graph/api/synchronization-synchronization-secrets: values come
 * back masked, so the key id is the one the portal saved).
 */
async function readRoleImport(gateway: GraphGateway, servicePrincipalId: string, recorded: NonNullable<FederationFacts["roleImport"]>): Promise<RoleImportConfig> {
  const ref = { servicePrincipalId, jobId: recorded.jobId };
  const [{ job }, { saved }] = await Promise.all([getProvisioningJob(gateway, ref), readProvisioningSecrets(gateway, servicePrincipalId)]);
  return {
    jobId: job.id || recorded.jobId,
    templateId: job.templateId,
    scheduleState: job.schedule.state,
    interval: job.schedule.interval,
    accessKeyId: recorded.accessKeyId,
    keySaved: saved.keys.includes("ClientSecret") && saved.secretTokenSet,
  };
}

async function readProvider(clients: AwsClients, providerArn: string): Promise<LegacyAccountConfig["samlProvider"]> {
  try {
    const provider = await readSamlProvider(clients, providerArn);
    return {
      providerArn,
      validUntil: provider.validUntil,
      certificates: Object.fromEntries(metadataCertificates(provider.metadata).map((c) => [c.thumbprint, { notAfter: c.notAfter }])),
    };
  } catch (error) {
    if (isAwsGatewayError(error, "not-found")) return null;
    throw error;
  }
}

/** A role as the history keeps it: its trust summarized for this account's provider, and the policy itself as canonical JSON. */
function legacyRoleOf(role: IamRoleView, providerArn: string, managedPolicyArns: string[]): LegacyAccountConfig["roles"][string] {
  const trust = samlTrustOf(role.assumeRolePolicyDocument, providerArn);
  let trustPolicy: string | null = null;
  try {
    trustPolicy = role.assumeRolePolicyDocument ? canonicalJson(JSON.parse(decodeURIComponent(role.assumeRolePolicyDocument))) : null;
  } catch {
    trustPolicy = null;
  }
  return {
    roleArn: role.roleArn,
    trust: { samlProviders: [...trust.providerArns].sort(), trustsProvider: trust.trusts, audiences: [...trust.audiences].sort() },
    trustPolicy,
    maxSessionDuration: role.maxSessionDuration,
    managedPolicyArns: [...managedPolicyArns].sort(),
    permissionsBoundaryArn: role.permissionsBoundaryArn,
  };
}

async function readIdentitySource(clients: AwsClients, identityStoreId: string): Promise<AwsConfig["identitySource"]> {
  const startUrl = accessPortalStartUrl(clients.target, identityStoreId);
  try {
    const probe = await probeAccessPortal(startUrl);
    if (!probe.location) return { kind: "unknown", signInUrl: null };
    const target = new URL(probe.location, startUrl);
    // Origin and path only: the query carries a one-time SAML request.
    const signInUrl = `${target.origin}${target.pathname}`;
    const own = target.pathname.startsWith("/awsapps/") || /(^|\.)(signin\.aws|awsapps\.com|amazonaws\.com|amazon\.com)$/.test(target.hostname);
    return { kind: own ? "identity-center-directory" : "external-idp", signInUrl };
  } catch {
    return { kind: "unknown", signInUrl: null };
  }
}

async function readAws(clients: AwsClients): Promise<AwsConfig | null> {
  const found = await findIdentityCenterInstance(clients);
  if (!found.enabled) return null;
  const { instanceArn, identityStoreId } = found.instance;
  const pace = createPacer(READS_PER_SECOND);
  const [{ permissionSets }, groups, identitySource] = await Promise.all([
    listPermissionSets(clients, instanceArn, { withPolicies: true }),
    listDirectoryGroups(clients, identityStoreId, pace),
    readIdentitySource(clients, identityStoreId),
  ]);
  const details = await mapLimit(permissionSets, CONCURRENCY, async (ps) => {
    await pace();
    const [inlinePolicy, { accountIds }] = await Promise.all([
      getInlinePolicy(clients, instanceArn, ps.permissionSetArn),
      listAccountsForProvisionedPermissionSet(clients, instanceArn, ps.permissionSetArn),
    ]);
    const assigned = await mapLimit(accountIds, CONCURRENCY, async (accountId) => {
      await pace();
      return (await listAccountAssignments(clients, instanceArn, accountId, ps.permissionSetArn)).map((a) => ({ accountId, ...a }));
    });
    return { ps, inlinePolicy, assignments: assigned.flat() };
  });
  const memberIds = await mapLimit(groups, CONCURRENCY, async (g) => (await listGroupMembers(clients, identityStoreId, g.groupId, pace)).map((m) => m.userId));
  const groupNames = new Map(groups.map((g) => [g.groupId, g.displayName]));
  const needsUsers = memberIds.some((ids) => ids.length) || details.some((d) => d.assignments.some((a) => a.principalType === "USER"));
  const userNames = new Map(needsUsers ? (await listDirectoryUsers(clients, identityStoreId, pace)).map((u) => [u.userId, u.userName]) : []);
  const assignments: AwsConfig["assignments"] = {};
  for (const { ps, assignments: list } of details)
    for (const a of list) {
      const name = (a.principalType === "GROUP" ? groupNames.get(a.principalId) : userNames.get(a.principalId)) ?? a.principalId;
      assignments[assignmentKey(a.accountId, ps.name, a.principalType, name)] = true;
    }
  return {
    instance: { instanceArn, identityStoreId, status: found.instance.status, name: found.instance.name ?? null },
    identitySource,
    permissionSets: Object.fromEntries(
      details.map(({ ps, inlinePolicy }) => [
        ps.name,
        {
          permissionSetArn: ps.permissionSetArn,
          description: ps.description ?? null,
          sessionDuration: ps.sessionDuration ?? null,
          relayState: ps.relayState ?? null,
          managedPolicyArns: [...ps.managedPolicyArns].sort(),
          inlinePolicy,
        },
      ]),
    ),
    assignments,
    groups: Object.fromEntries(
      groups.map((g, i) => [
        g.displayName,
        {
          groupId: g.groupId,
          managedBy: g.externalIds.some((e) => e.issuer === "SCIM") ? ("SCIM" as const) : ("AWS" as const),
          ...membershipOf((memberIds[i] ?? []).map((id) => userNames.get(id) ?? id)),
        },
      ]),
    ),
  };
}
