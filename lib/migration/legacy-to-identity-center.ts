import { parseRoleValue } from "../sign-in/legacy-outcome";

/**
 * "Moving to IAM Identity Center": what a legacy per-account federation (Entra app roles "roleArn,providerArn" →
 * IAM roles trusting an IAM SAML provider) would become in IAM Identity Center. Pure and read-only: each imported
 * role is a permission set proposal (https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html)
 * and each role assignment an account assignment proposal
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreateAccountAssignment.html). What does not
 * map is listed with why, never silently dropped.
 */

/** One IAM role as read in its account. */
export interface LegacyRoleState {
  accountId: string;
  roleArn: string;
  roleName: string;
  /** The SAML providers its trust policy lets in (sts:AssumeRoleWithSAML). */
  samlProviders: string[];
  maxSessionDuration: number | null;
  managedPolicyArns: string[];
  inlinePolicies: { name: string; document: string }[];
  permissionsBoundaryArn: string | null;
}

export interface LegacyMigrationInput {
  /** The app's roles (imported ones carry "roleArn,providerArn"). */
  appRoles: { id: string; value: string | null; displayName: string; isEnabled: boolean }[];
  /** Who is assigned to the app with which role. */
  assignments: { principalId: string; principalType: "User" | "Group" | "ServicePrincipal" | "Unknown"; principalDisplayName: string | null; appRoleId: string }[];
  /** The roles the imported values name, as read in IAM (missing ones are absent). */
  roles: LegacyRoleState[];
  /** The accounts the portal reached (a role in another account could not be read). */
  accountsRead: string[];
}

/**
 * Several legacy apps (one per account) read as one estate: moving to IAM Identity Center consolidates them, so alike
 * roles in several accounts can share a permission set. App role ids are only unique within an app (a gallery
 * template gives every instance the same ids), so each app's ids are prefixed with its federation before merging.
 */
export function mergeMigrationInputs(apps: readonly { federationId: string; input: LegacyMigrationInput }[]): LegacyMigrationInput {
  const scoped = (federationId: string, id: string) => `${federationId}/${id}`;
  return {
    appRoles: apps.flatMap(({ federationId, input }) => input.appRoles.map((r) => ({ ...r, id: scoped(federationId, r.id) }))),
    assignments: apps.flatMap(({ federationId, input }) => input.assignments.map((a) => ({ ...a, appRoleId: scoped(federationId, a.appRoleId) }))),
    roles: apps.flatMap(({ input }) => input.roles),
    accountsRead: [...new Set(apps.flatMap(({ input }) => input.accountsRead))],
  };
}

export interface PermissionSetProposal {
  /** From the role name: 1–32 of [\w+=,.@-] (CreatePermissionSet). */
  name: string;
  /** The roles it replaces, one per account. */
  fromRoles: string[];
  accounts: string[];
  /** AWS managed policies, attached as they are. */
  managedPolicyArns: string[];
  /** Customer managed policies become references by name and path, which must exist in every account the set is provisioned to. */
  customerManagedPolicies: { name: string; path: string }[];
  /** The role's inline policies merged into the one inline policy a permission set has (JSON), or null. */
  inlinePolicy: string | null;
  /** ISO 8601, from the role's maximum session duration (1–12 hours). */
  sessionDuration: string;
  permissionsBoundaryArn: string | null;
  notes: string[];
}

export interface AccountAssignmentProposal {
  principal: { type: "USER" | "GROUP"; entraId: string; displayName: string; becomes: string };
  accountId: string;
  permissionSet: string;
  fromRole: string;
}

export interface NotMapped {
  subject: string;
  reason: string;
}

export interface MigrationProposal {
  permissionSets: PermissionSetProposal[];
  accountAssignments: AccountAssignmentProposal[];
  notMapped: NotMapped[];
  summary: { importedRoles: number; permissionSets: number; roleAssignments: number; accountAssignments: number; notMapped: number };
}

/** IAM Identity Center's quota: an inline policy of at most 32,768 bytes (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html). */
const INLINE_POLICY_MAX_BYTES = 32_768;
const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy\//;
const CUSTOMER_MANAGED = /^arn:aws[\w-]*:iam::\d{12}:policy(\/(?:.*\/)?)([\w+=,.@-]+)$/;

/** A permission set name from a role name: invalid characters dropped, at most 32. */
export const permissionSetName = (roleName: string) => roleName.replace(/[^\w+=,.@-]/g, "").slice(0, 32) || "Role";

/** "PT1H" … "PT12H" (or hours and minutes) from seconds, clamped to Identity Center's 1–12 hours. */
export function sessionDurationOf(seconds: number | null): string {
  const s = Math.min(43_200, Math.max(3_600, seconds ?? 3_600));
  const h = Math.floor(s / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  return `PT${h}H${m ? `${m}M` : ""}`;
}

type Json = Record<string, unknown>;

/** The statements of several inline policies as one policy document (a permission set holds one). */
function mergeInline(policies: { name: string; document: string }[]): { document: string | null; unreadable: string[] } {
  const statements: unknown[] = [];
  const unreadable: string[] = [];
  for (const p of policies) {
    try {
      const doc = JSON.parse(p.document) as Json;
      const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
      statements.push(...list);
    } catch {
      unreadable.push(p.name);
    }
  }
  return { document: statements.length ? JSON.stringify({ Version: "2012-10-17", Statement: statements }) : null, unreadable };
}

/** What one role's permissions become, before roles of the same name in several accounts are merged. */
function proposalOf(role: LegacyRoleState): Omit<PermissionSetProposal, "name" | "fromRoles" | "accounts"> {
  const notes: string[] = [];
  const managedPolicyArns = role.managedPolicyArns.filter((arn) => AWS_MANAGED.test(arn)).sort();
  const customerManagedPolicies = role.managedPolicyArns.flatMap((arn) => {
    const m = CUSTOMER_MANAGED.exec(arn);
    return m ? [{ name: m[2] ?? "", path: m[1] ?? "/" }] : [];
  });
  if (customerManagedPolicies.length)
    notes.push(`Customer managed ${customerManagedPolicies.map((p) => `${p.path}${p.name}`).join(", ")}: referenced by name and path; each must exist in every account the set is provisioned to.`);
  const merged = mergeInline(role.inlinePolicies);
  if (role.inlinePolicies.length > 1) notes.push(`${role.inlinePolicies.length} inline policies (${role.inlinePolicies.map((p) => p.name).join(", ")}) merged into the one inline policy a permission set holds.`);
  if (merged.unreadable.length) notes.push(`Inline ${merged.unreadable.join(", ")} could not be read as JSON and is left out.`);
  if (merged.document && Buffer.byteLength(merged.document) > INLINE_POLICY_MAX_BYTES)
    notes.push(`The merged inline policy is ${Buffer.byteLength(merged.document)} bytes, over Identity Center's 32,768: split it into customer managed policies first.`);
  if (role.permissionsBoundaryArn)
    notes.push(`Permissions boundary ${role.permissionsBoundaryArn}: set it on the permission set (PutPermissionsBoundaryToPermissionSet); a customer managed boundary must exist by name and path in every account.`);
  if (role.managedPolicyArns.length > 20) notes.push("More than 20 managed policies: over Identity Center's 20 per permission set.");
  return {
    managedPolicyArns,
    customerManagedPolicies,
    inlinePolicy: merged.document,
    sessionDuration: sessionDurationOf(role.maxSessionDuration),
    permissionsBoundaryArn: role.permissionsBoundaryArn,
    notes,
  };
}

const sameContent = (a: ReturnType<typeof proposalOf>, b: ReturnType<typeof proposalOf>) =>
  JSON.stringify({ ...a, notes: [] }) === JSON.stringify({ ...b, notes: [] });

/** The proposal: permission sets from the imported roles, account assignments from the role assignments. */
export function proposeMigration(input: LegacyMigrationInput): MigrationProposal {
  const notMapped: NotMapped[] = [];
  const read = new Set(input.accountsRead);
  const roleByArn = new Map(input.roles.map((r) => [r.roleArn, r]));
  // Imported roles: the app's roles whose value is an AWS role and provider pair.
  const imported = input.appRoles.filter((r) => r.value?.includes(",arn:"));
  const mappable = new Map<string, LegacyRoleState>(); // appRoleId → role
  for (const appRole of imported) {
    const parsed = parseRoleValue(appRole.value ?? "");
    if (!parsed.ok) {
      notMapped.push({ subject: `App role “${appRole.displayName}”`, reason: `its value ${appRole.value} is not usable: ${parsed.problem}.` });
      continue;
    }
    const role = roleByArn.get(parsed.roleArn);
    if (!role) {
      notMapped.push({
        subject: `Role ${parsed.roleArn}`,
        reason: read.has(parsed.accountId) ? "it no longer exists in IAM: nothing to propose." : `account ${parsed.accountId} is not one the portal reaches, so the role could not be read.`,
      });
      continue;
    }
    if (role.samlProviders.length > 1) {
      notMapped.push({
        subject: `Role ${role.roleArn}`,
        reason: `it trusts ${role.samlProviders.length} SAML providers (${role.samlProviders.join(", ")}): other identity providers sign in to it too, so replacing it is a decision per provider, not a mapping.`,
      });
      continue;
    }
    if (!appRole.isEnabled) notMapped.push({ subject: `App role “${appRole.displayName}”`, reason: "it is disabled on the app; proposed anyway from its IAM role." });
    mappable.set(appRole.id, role);
  }

  // Permission sets: one per role name when the roles of that name are alike in every account; otherwise one per account.
  const byName = new Map<string, LegacyRoleState[]>();
  for (const role of new Map([...mappable.values()].map((r) => [r.roleArn, r])).values()) byName.set(role.roleName, [...(byName.get(role.roleName) ?? []), role]);
  const setOfRole = new Map<string, string>(); // roleArn → permission set name
  const permissionSets: PermissionSetProposal[] = [];
  const taken = new Set<string>();
  const uniqueName = (wanted: string) => {
    let name = wanted;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted.slice(0, 32 - String(n).length - 1)}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  };
  for (const [roleName, roles] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const proposals = roles.map((r) => ({ role: r, proposal: proposalOf(r) }));
    const alike = proposals.every((p) => sameContent(p.proposal, proposals[0]!.proposal));
    const groups = alike ? [proposals] : proposals.map((p) => [p]);
    for (const group of groups) {
      const first = group[0]!;
      const base = permissionSetName(alike ? roleName : `${roleName}-${first.role.accountId}`);
      const name = uniqueName(base);
      const notes = [...first.proposal.notes];
      if (!alike) notes.push(`Roles named ${roleName} differ between accounts: one permission set per account.`);
      if (name !== roleName && alike) notes.push(`Named ${name}: permission set names are at most 32 of letters, digits and +=,.@_-.`);
      for (const { role } of group) setOfRole.set(role.roleArn, name);
      permissionSets.push({
        ...first.proposal,
        name,
        notes,
        fromRoles: group.map((g) => g.role.roleArn).sort(),
        accounts: [...new Set(group.map((g) => g.role.accountId))].sort(),
      });
    }
  }

  // Account assignments: each user or group assigned with an imported role.
  const accountAssignments: AccountAssignmentProposal[] = [];
  const seen = new Set<string>();
  for (const a of input.assignments) {
    const who = a.principalDisplayName ?? a.principalId;
    const appRole = input.appRoles.find((r) => r.id === a.appRoleId);
    const role = mappable.get(a.appRoleId);
    if (!role) {
      if (!appRole?.value?.includes(",arn:"))
        notMapped.push({ subject: `${a.principalType} ${who}`, reason: `assigned with “${appRole?.displayName ?? "default access"}”, which carries no AWS role: no account assignment.` });
      continue;
    }
    if (a.principalType !== "User" && a.principalType !== "Group") {
      notMapped.push({ subject: `${a.principalType} ${who}`, reason: "only users and groups can be assigned in IAM Identity Center." });
      continue;
    }
    const permissionSet = setOfRole.get(role.roleArn) ?? "";
    const key = `${a.principalId}|${role.accountId}|${permissionSet}`;
    if (seen.has(key)) continue;
    seen.add(key);
    accountAssignments.push({
      principal: {
        type: a.principalType === "User" ? "USER" : "GROUP",
        entraId: a.principalId,
        displayName: who,
        becomes: a.principalType === "User" ? `the AWS user ${who} once SCIM provisions them` : `the AWS group “${who}” once SCIM provisions it (with its direct members)`,
      },
      accountId: role.accountId,
      permissionSet,
      fromRole: role.roleArn,
    });
  }
  accountAssignments.sort((x, y) => x.accountId.localeCompare(y.accountId) || x.permissionSet.localeCompare(y.permissionSet) || x.principal.displayName.localeCompare(y.principal.displayName));
  return {
    permissionSets,
    accountAssignments,
    notMapped,
    summary: {
      importedRoles: imported.length,
      permissionSets: permissionSets.length,
      roleAssignments: input.assignments.length,
      accountAssignments: accountAssignments.length,
      notMapped: notMapped.length,
    },
  };
}
