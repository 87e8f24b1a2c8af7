import "server-only";
import { clientsForAccount } from "../aws/account-clients";
import { createAwsClients, resolveAwsTarget, type AwsClients } from "../aws/clients";
import { samlTrustOf } from "../aws/list-roles-trusting-provider";
import { listAttachedRolePolicyArns, listInlineRolePolicies, readIamRole } from "../aws/read-iam-role";
import { mapLimit } from "../concurrency";
import { env } from "../config/env";
import type { Database } from "../db";
import { listAppAssignments } from "../entra/app-assignments";
import type { GraphGateway } from "../entra/client";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { readServicePrincipal } from "../entra/service-principal";
import { loadFederation } from "../federation/record";
import { getAwsConnection } from "../settings/connections";
import { parseRoleValue } from "../sign-in/legacy-outcome";
import { mergeMigrationInputs, proposeMigration, type LegacyMigrationInput, type LegacyRoleState, type MigrationProposal } from "./legacy-to-identity-center";

export class NotLegacyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotLegacyError";
  }
}

/**
 * Reads what the proposal needs from live state, changing nothing: the app's roles and who holds them (Graph), and each
 * role an imported value names, in its account through the portal's own credentials or the role setup assumes there
 * (GetRole, ListAttachedRolePolicies, ListRolePolicies/GetRolePolicy).
 */
export async function readLegacyMigrationInput(
  database: Database,
  federationId: string,
  options: { gateway?: GraphGateway; clients?: AwsClients } = {},
): Promise<{ input: LegacyMigrationInput; readAt: string }> {
  const federation = await loadFederation(database, federationId);
  if (federation?.mode !== "legacy-iam") throw new NotLegacyError("This federation is not in the legacy per-account mode: there is nothing to move.");
  const facts = federation.facts;
  const app = facts.app;
  const caller = facts.preflight?.aws?.account;
  if (!app || !caller) throw new NotLegacyError("Create the app and connect AWS in Setup first: there are no imported roles to propose from yet.");
  const accounts = facts.legacyAccounts?.accounts ?? [];
  const gateway = options.gateway ?? (await entraGatewayFor(database));
  const owned = !options.clients;
  const clients = options.clients ?? createAwsClients(resolveAwsTarget(await getAwsConnection(database), env()));
  try {
    const [sp, { assignments }] = await Promise.all([readServicePrincipal(gateway, app.servicePrincipalId), listAppAssignments(gateway, app.servicePrincipalId)]);
    const wanted = [...new Set(sp.appRoles.flatMap((r) => (r.value ? [parseRoleValue(r.value)] : [])).flatMap((p) => (p.ok ? [p] : [])))];
    const byAccount = accounts.map((account) => ({ account, roles: wanted.filter((p) => p.accountId === account.accountId) })).filter((x) => x.roles.length);
    const read = await mapLimit(byAccount, 2, async ({ account, roles }) => {
      const { clients: inAccount, dispose } = await clientsForAccount(clients, caller, account);
      try {
        const found = await mapLimit(roles, 4, async (p): Promise<LegacyRoleState | null> => {
          const role = await readIamRole(inAccount, p.roleName);
          if (!role || role.roleArn !== p.roleArn) return null;
          const [managedPolicyArns, inlinePolicies] = await Promise.all([listAttachedRolePolicyArns(inAccount, role.roleName), listInlineRolePolicies(inAccount, role.roleName)]);
          return {
            accountId: account.accountId,
            roleArn: role.roleArn,
            roleName: role.roleName,
            samlProviders: samlTrustOf(role.assumeRolePolicyDocument, p.providerArn).providerArns,
            maxSessionDuration: role.maxSessionDuration,
            managedPolicyArns,
            inlinePolicies,
            permissionsBoundaryArn: role.permissionsBoundaryArn,
          };
        });
        return found.filter((r): r is LegacyRoleState => r !== null);
      } finally {
        dispose();
      }
    });
    return {
      readAt: new Date().toISOString(),
      input: {
        appRoles: sp.appRoles.map((r) => ({ id: r.id, value: r.value, displayName: r.displayName, isEnabled: r.isEnabled })),
        assignments: assignments.map((a) => ({ principalId: a.principalId, principalType: a.principalType, principalDisplayName: a.principalDisplayName, appRoleId: a.appRoleId })),
        roles: read.flat(),
        accountsRead: accounts.map((a) => a.accountId),
      },
    };
  } finally {
    if (owned) clients.destroy();
  }
}

/** The proposal from live state now. */
export async function proposeMigrationFromLive(database: Database, federationId: string, options: { gateway?: GraphGateway; clients?: AwsClients } = {}): Promise<MigrationProposal & { readAt: string }> {
  const { input, readAt } = await readLegacyMigrationInput(database, federationId, options);
  return { ...proposeMigration(input), readAt };
}

/**
 * The proposal for every legacy app together (one per AWS account), from live state now. An app whose setup has not
 * got far enough to have roles is left out while others have; with none, the reason is the first app's.
 */
export async function proposeMigrationForAllLegacy(database: Database, options: { gateway?: GraphGateway; clients?: AwsClients } = {}): Promise<MigrationProposal & { readAt: string; apps: number }> {
  const legacy = await database.federation.findMany({ where: { mode: "legacy-iam" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  if (!legacy.length) throw new NotLegacyError("No federation is in the legacy per-account mode: there is nothing to move.");
  const apps: { federationId: string; input: LegacyMigrationInput }[] = [];
  let firstRefusal: NotLegacyError | null = null;
  for (const { id } of legacy) {
    try {
      apps.push({ federationId: id, input: (await readLegacyMigrationInput(database, id, options)).input });
    } catch (error) {
      if (!(error instanceof NotLegacyError)) throw error;
      firstRefusal ??= error;
    }
  }
  if (!apps.length) throw firstRefusal ?? new NotLegacyError("No legacy app has roles to propose from yet.");
  return { ...proposeMigration(mergeMigrationInputs(apps)), readAt: new Date().toISOString(), apps: apps.length };
}
