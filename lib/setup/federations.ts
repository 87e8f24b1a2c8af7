import "server-only";
import type { Database } from "../db";
import { federationFactsColumn } from "../federation/columns";
import { expiryWatch, type ExpiryItem } from "../provisioning/expiry";
import { checklistFor, FEDERATION_MODE_INFO, isFederationMode } from "./checklists";
import type { FederationFacts } from "./facts";
import { DEFAULT_FEDERATION, isFederationId, legacyFederationId, nextLegacyInstance } from "./federation-id";

/**
 * The federations the portal sets up, together: the first ("default", Identity Center or legacy) and one legacy
 * app per further AWS account. Everything here reads the database only (no upstream call), so pages may use it.
 */

const LEGACY_APP = "AWS Single-Account Access";

export interface FederationSummary {
  id: string;
  mode: string;
  modeTitle: string;
  /** The enterprise app, once its step has created or adopted it. */
  appName: string | null;
  /** Legacy: the app's instance number in the tenant (its identifier's #N). */
  instance: number | null;
  /** Legacy: the account whose roles the app imports (its target; the management account for the first one). */
  importAccount: string | null;
  /** Every AWS account the federation reaches (legacy: where its SAML provider is). */
  accounts: string[];
  done: number;
  total: number;
  /** Whether any step has been run or checked (the first federation exists before that, but empty). */
  started: boolean;
  /** Its credentials' expiry, soonest first, each naming the app. */
  expiry: ExpiryItem[];
  /** Legacy: what the last role import run or check found. */
  roleImport: { imported: number; skipped: number } | null;
}

type Row = { id: string; mode: string; facts: string; steps: { status: string }[] };

/** The instance number a legacy federation's app has or will have: chosen in its step, else given when it was added, else the first. */
export const legacyInstanceOf = (facts: FederationFacts) => facts.legacySaml?.instance ?? facts.legacyTarget?.instance ?? 1;

/** The account whose roles a legacy federation's app imports: its target, else the portal's own account. */
export const importAccountOf = (facts: FederationFacts) =>
  facts.legacyTarget?.accountId ?? facts.roleImport?.accountId ?? facts.preflight?.aws?.account ?? null;

/** How warnings and lists name a federation's app: several legacy apps need their instance and account to be told apart. */
export function appLabelOf(mode: string, facts: FederationFacts): string {
  if (mode !== "legacy-iam") return facts.app?.displayName ?? "IAM Identity Center";
  const instance = legacyInstanceOf(facts);
  const account = importAccountOf(facts);
  const name = facts.app?.displayName ?? LEGACY_APP;
  return `${name}${instance > 1 ? ` #${instance}` : ""}${account && !name.includes(account) ? `, account ${account}` : ""}`;
}

function summaryOf(row: Row, now: Date): FederationSummary {
  const facts = federationFactsColumn.decode(row.facts);
  const legacy = row.mode === "legacy-iam";
  const steps = checklistFor(row.mode);
  const done = row.steps.filter((s) => s.status === "done").length;
  const accounts = legacy
    ? [...new Set([...(facts.legacyTarget ? [facts.legacyTarget.accountId] : []), ...(facts.legacyAccounts?.accounts.map((a) => a.accountId) ?? [])])]
    : facts.preflight?.aws?.account
      ? [facts.preflight.aws.account]
      : [];
  return {
    id: row.id,
    mode: row.mode,
    modeTitle: isFederationMode(row.mode) ? FEDERATION_MODE_INFO[row.mode].title : row.mode,
    appName: facts.app?.displayName ?? null,
    instance: legacy ? legacyInstanceOf(facts) : null,
    importAccount: legacy ? importAccountOf(facts) : null,
    accounts,
    done: Math.min(done, steps.length),
    total: steps.length,
    started: row.steps.length > 0,
    expiry: expiryWatch(facts, now, { federationId: row.id, mode: row.mode, appLabel: appLabelOf(row.mode, facts) }),
    roleImport: legacy && facts.roleImport ? { imported: facts.roleImport.imported.length, skipped: facts.roleImport.skipped.length } : null,
  };
}

async function rows(database: Database): Promise<Row[]> {
  const found = await database.federation.findMany({
    select: { id: true, mode: true, facts: true, steps: { select: { status: true } } },
    orderBy: { createdAt: "asc" },
  });
  // The first one first, the others as they were added.
  return [...found.filter((r) => r.id === DEFAULT_FEDERATION), ...found.filter((r) => r.id !== DEFAULT_FEDERATION)];
}

/** Every federation, the first one first (listed even before its first step, as the checklist the Setup page opens with). */
export async function listFederations(database: Database, now: Date = new Date()): Promise<FederationSummary[]> {
  const found = await rows(database);
  const list = found.map((row) => summaryOf(row, now));
  if (!list.some((f) => f.id === DEFAULT_FEDERATION)) list.unshift(summaryOf({ id: DEFAULT_FEDERATION, mode: "identity-center", facts: "{}", steps: [] }, now));
  return list;
}

/** The expiry watch of every federation, soonest first, each item naming its app (the header warns about all of them). */
export async function expiryWatchOfAll(database: Database, now: Date = new Date()): Promise<ExpiryItem[]> {
  const list = (await rows(database)).map((row) => summaryOf(row, now));
  // One federation: its warnings read as before; several: each names its app.
  const items = list.flatMap((f) => f.expiry).map((item) => (list.length > 1 ? item : { ...item, appLabel: undefined }));
  return items.sort((a, b) => a.daysLeft - b.daysLeft);
}

/** Whether a federation id names one the portal has: the first always (it is made by its first step), any other only once added. */
export async function federationExists(database: Database, federationId: string): Promise<boolean> {
  if (!isFederationId(federationId)) return false;
  if (federationId === DEFAULT_FEDERATION) return true;
  return (await database.federation.count({ where: { id: federationId } })) === 1;
}

export type AddLegacyFederationResult = { outcome: "created" | "exists"; federationId: string; instance: number } | { outcome: "refused"; reason: string };

/**
 * Adds a legacy federation for one more AWS account: its own checklist, its own app instance (#N, the smallest number
 * no other legacy app uses), its own provider, roles and role-manager key in that account. Changes nothing in Entra or
 * AWS (its steps do). Refused when the Identity Center federation would be doubled or another federation already
 * reaches the account (two apps writing one account's SAML provider would undo each other's metadata).
 */
export async function addLegacyFederation(database: Database, input: { accountId: string; assumeRoleName: string }): Promise<AddLegacyFederationResult> {
  const federationId = legacyFederationId(input.accountId);
  const existing = (await rows(database)).map((row) => ({ row, facts: federationFactsColumn.decode(row.facts) }));
  const same = existing.find((e) => e.row.id === federationId);
  if (same) return { outcome: "exists", federationId, instance: legacyInstanceOf(same.facts) };
  const other = existing.find(
    (e) =>
      e.row.mode === "legacy-iam" &&
      (e.facts.legacyAccounts?.accounts.some((a) => a.accountId === input.accountId) || importAccountOf(e.facts) === input.accountId),
  );
  if (other)
    return {
      outcome: "refused",
      reason: `Account ${input.accountId} is already reached by the app of federation "${other.row.id}" (${appLabelOf(other.row.mode, other.facts)}). One app per account: remove the account there first (its step 4), or use that federation.`,
    };
  const instance = nextLegacyInstance(existing.filter((e) => e.row.mode === "legacy-iam").map((e) => legacyInstanceOf(e.facts)));
  const facts: FederationFacts = { legacyTarget: { accountId: input.accountId, assumeRoleName: input.assumeRoleName, instance } };
  try {
    await database.federation.create({ data: { id: federationId, mode: "legacy-iam", facts: federationFactsColumn.encode(facts) } });
  } catch (error) {
    // Two admins adding the same account at once: the second finds the first one's.
    if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002") return addLegacyFederation(database, input);
    throw error;
  }
  return { outcome: "created", federationId, instance };
}

/**
 * The accounts other legacy federations reach (their provider's accounts and the one they import from): a
 * federation's step 4 refuses them, so two apps never write one account's SAML provider.
 */
export async function accountsOfOtherFederations(database: Database, federationId: string): Promise<Map<string, string>> {
  const taken = new Map<string, string>();
  for (const row of await rows(database)) {
    if (row.id === federationId || row.mode !== "legacy-iam") continue;
    const facts = federationFactsColumn.decode(row.facts);
    for (const account of facts.legacyAccounts?.accounts ?? []) taken.set(account.accountId, row.id);
    if (facts.legacyTarget) taken.set(facts.legacyTarget.accountId, row.id);
  }
  return taken;
}

/** Instance numbers the other legacy federations' apps use (each app's identifier must differ in the tenant). */
export async function instancesOfOtherFederations(database: Database, federationId: string): Promise<Map<number, string>> {
  const taken = new Map<number, string>();
  for (const row of await rows(database)) {
    if (row.id === federationId || row.mode !== "legacy-iam") continue;
    taken.set(legacyInstanceOf(federationFactsColumn.decode(row.facts)), row.id);
  }
  return taken;
}

/** The enterprise apps other federations created or adopted: a gallery-app step never adopts another federation's app. */
export async function appsOfOtherFederations(database: Database, federationId: string): Promise<string[]> {
  return (await rows(database)).flatMap((row) => {
    if (row.id === federationId) return [];
    const appId = federationFactsColumn.decode(row.facts).app?.appId;
    return appId ? [appId] : [];
  });
}
