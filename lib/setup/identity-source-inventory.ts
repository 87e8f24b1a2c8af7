import "server-only";
import { DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { callAws } from "../aws/call";
import type { AwsClients } from "../aws/clients";
import { listDirectoryGroups, listDirectoryUsers, type DirectoryGroup, type DirectoryUserEntry } from "../aws/list-identity-store-directory";
import { createPacer } from "../aws/pace";

/**
 * What is already in the identity store before the identity source becomes Entra, and what the switch does to each.
 *
 * Changing the identity source from the Identity Center directory to an external identity provider keeps the users,
 * groups and their account assignments, but AWS stops checking passwords and MFA: a user signs in through the IdP,
 * matched by user name (https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source-considerations.html).
 * So a user whose user name is not an e-mail address (Entra's user principal name) can no longer sign in, and one
 * whose user name is an e-mail address signs in with the Entra account of that name.
 */

export type InventoryOrigin = "scim" | "console" | "control-tower";
export type SwitchEffect = "kept" | "moves-to-entra" | "stops-working";

export interface InventoryEntry {
  kind: "user" | "group";
  id: string;
  name: string;
  origin: InventoryOrigin;
  effect: SwitchEffect;
  /** What the switch does to it, in plain words, with what to do about it. */
  explanation: string;
}

export interface IdentitySourceInventory {
  users: InventoryEntry[];
  groups: InventoryEntry[];
  counts: Record<InventoryOrigin, number> & Record<SwitchEffect, number>;
}

/**
 * The groups AWS Control Tower creates in IAM Identity Center when it sets up a landing zone
 * (https://docs.aws.amazon.com/controltower/latest/userguide/sso-groups.html).
 */
export const CONTROL_TOWER_GROUPS: readonly string[] = [
  "AWSAccountFactory",
  "AWSAuditAccountAdmins",
  "AWSControlTowerAdmins",
  "AWSLogArchiveAdmins",
  "AWSLogArchiveViewers",
  "AWSSecurityAuditPowerUsers",
  "AWSSecurityAuditors",
  "AWSServiceCatalogAdmins",
];

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const isEmailForm = (userName: string) => EMAIL.test(userName);

/**
 * Made by a provisioning client: SCIM (and CreateUser/CreateGroup callers that set one) store an ExternalId; the
 * console never does. The Issuer string AWS stores for SCIM is not documented, so any ExternalId counts.
 */
const bySCIM = (entry: { externalIds: { issuer: string; id: string }[] }) => entry.externalIds.length > 0;

/** One user: who made it and what the switch does to it. `managementEmail`: Control Tower's admin user is named after it. */
export function classifyUser(user: DirectoryUserEntry, managementEmail: string | null = null): InventoryEntry {
  const base = { kind: "user" as const, id: user.userId, name: user.userName };
  if (bySCIM(user))
    return {
      ...base,
      origin: "scim",
      effect: "kept",
      explanation: "Made by SCIM provisioning: kept, and Entra keeps it up to date. It signs in through Entra.",
    };
  const origin: InventoryOrigin = managementEmail && user.userName.toLowerCase() === managementEmail.toLowerCase() ? "control-tower" : "console";
  const madeBy = origin === "control-tower" ? "Made by AWS Control Tower (named after the management account's e-mail)" : "Made in the AWS console";
  if (isEmailForm(user.userName))
    return {
      ...base,
      origin,
      effect: "moves-to-entra",
      explanation: `${madeBy}. Its user name is an e-mail address, so it moves to Entra sign-in: its AWS password and MFA stop working, and it signs in as the Entra user ${user.userName} (which must exist in Entra and be assigned to the app). Its group memberships and account access stay.`,
    };
  return {
    ...base,
    origin,
    effect: "stops-working",
    explanation: `${madeBy}. Its user name is not an e-mail address, so no Entra account can sign in as it: it stops working after the switch. Give that person an Entra account assigned to the app (provisioning creates their AWS user), and keep its account access on a group instead.`,
  };
}

/** One group: who made it and what the switch does to it. */
export function classifyGroup(group: DirectoryGroup): InventoryEntry {
  const base = { kind: "group" as const, id: group.groupId, name: group.displayName };
  if (bySCIM(group))
    return { ...base, origin: "scim", effect: "kept", explanation: "Made by SCIM provisioning: kept; Entra owns its members (change them in Entra)." };
  if (CONTROL_TOWER_GROUPS.includes(group.displayName))
    return {
      ...base,
      origin: "control-tower",
      effect: "kept",
      explanation:
        "Made by AWS Control Tower: kept with its account access, and still edited in AWS (Entra does not manage it). Its members keep their access only if their user names are Entra e-mail addresses. Do not delete it: Control Tower expects it.",
    };
  return {
    ...base,
    origin: "console",
    effect: "kept",
    explanation: "Made in the AWS console: kept with its account access and still edited in AWS. Its members sign in through Entra from now on.",
  };
}

/** Classifies the whole store; counts by origin and by effect (users and groups together). */
export function buildInventory(users: DirectoryUserEntry[], groups: DirectoryGroup[], managementEmail: string | null = null): IdentitySourceInventory {
  const byName = (a: InventoryEntry, b: InventoryEntry) => a.name.localeCompare(b.name);
  const u = users.map((x) => classifyUser(x, managementEmail)).sort(byName);
  const g = groups.map(classifyGroup).sort(byName);
  const counts = { scim: 0, console: 0, "control-tower": 0, kept: 0, "moves-to-entra": 0, "stops-working": 0 };
  for (const e of [...u, ...g]) {
    counts[e.origin] += 1;
    counts[e.effect] += 1;
  }
  return { users: u, groups: g, counts };
}

/** The management account's e-mail (Control Tower names its admin user after it); null when Organizations does not answer. */
async function managementEmailOf(clients: AwsClients): Promise<string | null> {
  try {
    const out = await callAws("DescribeOrganization", () => clients.org.send(new DescribeOrganizationCommand({})));
    return out.Organization?.MasterAccountEmail ?? null;
  } catch {
    return null;
  }
}

/** Reads the identity store (ListUsers, ListGroups, paced under Identity Center's shared limit) and classifies it. */
export async function readIdentitySourceInventory(clients: AwsClients, identityStoreId: string): Promise<IdentitySourceInventory> {
  const pace = createPacer(10);
  const [users, groups, managementEmail] = await Promise.all([
    listDirectoryUsers(clients, identityStoreId, pace),
    listDirectoryGroups(clients, identityStoreId, pace),
    managementEmailOf(clients),
  ]);
  return buildInventory(users, groups, managementEmail);
}

const ORIGIN_WORDS: Record<InventoryOrigin, string> = { scim: "SCIM", console: "console", "control-tower": "Control Tower" };
const EFFECT_WORDS: Record<SwitchEffect, string> = { kept: "kept", "moves-to-entra": "moves to Entra sign-in", "stops-working": "STOPS WORKING" };

/** The preview's lines: a summary, then each user and group with its origin and what happens to it (at most `limit`). */
export function inventoryLines(inventory: IdentitySourceInventory, limit = 50): string[] {
  const { users, groups, counts } = inventory;
  if (!users.length && !groups.length) return ["Identity store: empty, so the switch affects no existing user or group."];
  const lines = [
    `Identity store today: ${users.length} users and ${groups.length} groups (${counts.scim} by SCIM, ${counts.console} made in the console, ${counts["control-tower"]} by Control Tower). ` +
      `After the switch: ${counts["stops-working"]} users stop working, ${counts["moves-to-entra"]} move to Entra sign-in, the rest are kept.`,
  ];
  const entries = [...users.filter((u) => u.effect === "stops-working"), ...users.filter((u) => u.effect !== "stops-working"), ...groups];
  for (const e of entries.slice(0, limit))
    lines.push(`${e.kind === "user" ? "User" : "Group"} ${e.name} (${ORIGIN_WORDS[e.origin]}): ${EFFECT_WORDS[e.effect]}. ${e.explanation}`);
  if (entries.length > limit) lines.push(`… and ${entries.length - limit} more (the Access area lists them all).`);
  return lines;
}
