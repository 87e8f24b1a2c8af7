import "server-only";
import { diffChange } from "../audit/diff";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { listDirectoryAudits, type DirectoryAudit } from "../entra/list-directory-audits";
import { driftChangesColumn } from "../federation/columns";
import { log } from "../log";
import { toProblem } from "../problems/problem";
import type { FederationConfiguration } from "./configuration";
import { readLiveConfiguration, type LiveReadOptions } from "./read-live";
import { latestSnapshot, recordSnapshot } from "./store";

export type DriftEntry = ReturnType<typeof driftChangesColumn.decode>[number];

export interface DriftReport {
  id: number;
  checkedAt: Date;
  /** The recorded configuration compared against: its id, and the last time a read found it (T1). */
  baselineId: number | null;
  baselineAt: Date | null;
  trigger: "scheduled" | "manual";
  actor: string | null;
  changes: DriftEntry[];
  /** Why live state could not be read (then there are no changes to show). */
  error: string | null;
}

type Row = NonNullable<Awaited<ReturnType<Database["driftCheck"]["findFirst"]>>>;

const toReport = (row: Row): DriftReport => ({
  id: row.id,
  checkedAt: row.checkedAt,
  baselineId: row.baselineId,
  baselineAt: row.baselineAt,
  trigger: row.trigger === "scheduled" ? "scheduled" : "manual",
  actor: row.actor,
  changes: driftChangesColumn.decode(row.changes),
  error: row.error,
});

/** Which cloud a changed field belongs to, from its path (the legacy mode's IAM side is AWS's, the app's roles Entra's). */
const sideOf = (path: string): "entra" | "aws" => (path.startsWith("aws") || path.startsWith("legacy.accounts") ? "aws" : "entra");

/**
 * Field-level drift between the recorded configuration and live state, each change unattributed yet ("outside the
 * portal, between the baseline's last confirmation and this check"); see attributeEntra for who and when.
 */
export function driftBetween(recorded: FederationConfiguration, live: FederationConfiguration): DriftEntry[] {
  const ignored = [...scimGroupPaths(recorded, live), ...notRecordedPaths(recorded, live)];
  const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);
  return diffChange(recorded, live)
    .filter((change) => !ignored.some((prefix) => under(change.path, prefix)))
    .filter((change) => !ENTRA_MEMBERSHIP.test(change.path))
    .map((change) => ({ change, side: sideOf(change.path), by: null }));
}

/**
 * Who is in an Entra group is the directory's everyday business (joiners and leavers), not the federation's
 * configuration: the history keeps the members of the groups assigned to the app, drift reports only a group
 * assigned or unassigned.
 */
const ENTRA_MEMBERSHIP = /^entra\.assignedGroups\.[^]*\.(members|memberCount|membersHash)(\.|$)/;

/** What a version recorded before memberships were kept could not know: not drift, only newly recorded. */
function notRecordedPaths(recorded: FederationConfiguration, live: FederationConfiguration): string[] {
  const paths = recorded.entra.assignedGroups === undefined ? ["entra.assignedGroups"] : [];
  if (recorded.legacy === undefined) paths.push("legacy");
  for (const name of Object.keys(live.aws?.groups ?? {})) {
    const before = recorded.aws?.groups[name];
    if (before && before.membersHash === undefined) paths.push(`aws.groups.${name}.members`, `aws.groups.${name}.membersHash`);
  }
  return paths;
}

/**
 * Groups that Entra's provisioning owns (made over SCIM) appear, change members and disappear with every cycle: that
 * is the federation working, not a change made outside the portal. The history keeps them; drift leaves them out.
 * Groups made in AWS stay in drift, members included.
 */
function scimGroupPaths(recorded: FederationConfiguration, live: FederationConfiguration): string[] {
  const groups = [...Object.entries(recorded.aws?.groups ?? {}), ...Object.entries(live.aws?.groups ?? {})];
  return [...new Set(groups.filter(([, group]) => group.managedBy === "SCIM").map(([name]) => `aws.groups.${name}`))];
}

/** Application fields (the rest of entra.app lives on the service principal, as do the legacy app's roles). */
const APPLICATION_FIELDS = /^entra\.app\.(identifierUris|replyUrls|displayName)\b/;

/**
 * Who changed each Entra field and when, from Entra's directory audit log
 * (https://learn.microsoft.com/graph/api/directoryaudit-list): the newest entry in the window that updated the object
 * the field belongs to (the application, or its service principal). AWS changes stay unattributed: the portal does not
 * read CloudTrail (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html). A log the
 * portal cannot read (not granted, not retained, the sandbox without it) leaves every change unattributed.
 */
export function attributeEntra(
  entries: DriftEntry[],
  audits: DirectoryAudit[],
  app: { applicationObjectId: string; servicePrincipalId: string },
): DriftEntry[] {
  return entries.map((entry) => {
    if (entry.side !== "entra" || !entry.change.path.startsWith("entra.")) return entry;
    const objectId = APPLICATION_FIELDS.test(entry.change.path) ? app.applicationObjectId : app.servicePrincipalId;
    const audit = audits.find((a) => a.targets.some((t) => t.id === objectId));
    return audit ? { ...entry, by: { who: audit.initiatedBy, at: audit.activityDateTime, source: `Entra audit log: ${audit.activityDisplayName}` } } : entry;
  });
}

async function withEntraAttribution(
  database: Database,
  entries: DriftEntry[],
  live: FederationConfiguration,
  window: { from: Date; to: Date },
  gateway?: GraphGateway,
): Promise<DriftEntry[]> {
  const app = live.entra.app;
  if (!app || !entries.some((e) => e.side === "entra")) return entries;
  try {
    const { audits } = await listDirectoryAudits(gateway ?? (await entraGatewayFor(database)), {
      ...window,
      targetIds: [app.applicationObjectId, app.servicePrincipalId],
    });
    return attributeEntra(entries, audits, app);
  } catch (error) {
    const problem = toProblem(error);
    if (!problem) throw error;
    log("info", "drift: Entra's directory audit could not be read; changes stay unattributed", { kind: problem.kind });
    return entries;
  }
}

export interface DriftOptions extends LiveReadOptions {
  trigger: "scheduled" | "manual";
  actor?: string | null;
  now?: () => Date;
  /** After comparing, record live state as the next version (the daily run: the history keeps what drifted). */
  recordAfter?: boolean;
}

/**
 * Compares live state with the newest recorded version and stores the result (computed on demand and daily). With
 * nothing recorded yet there is no baseline: live state is recorded first and no drift is reported.
 */
export async function checkDrift(database: Database, federationId: string, options: DriftOptions): Promise<DriftReport> {
  const baseline = await latestSnapshot(database, federationId);
  let live: FederationConfiguration;
  try {
    live = await readLiveConfiguration(database, federationId, options);
  } catch (error) {
    const problem = toProblem(error);
    if (!problem) throw error;
    const row = await database.driftCheck.create({
      data: {
        federationId,
        checkedAt: options.now?.() ?? new Date(),
        baselineId: baseline?.id ?? null,
        baselineAt: baseline?.confirmedAt ?? null,
        trigger: options.trigger,
        actor: options.actor ?? null,
        changeCount: 0,
        changes: driftChangesColumn.encode([]),
        error: problem.message,
      },
    });
    return toReport(row);
  }
  const checkedAt = options.now?.() ?? new Date();
  const changes = baseline
    ? await withEntraAttribution(database, driftBetween(baseline.configuration, live), live, { from: baseline.confirmedAt, to: checkedAt }, options.gateway)
    : [];
  const row = await database.driftCheck.create({
    data: {
      federationId,
      checkedAt,
      baselineId: baseline?.id ?? null,
      baselineAt: baseline?.confirmedAt ?? null,
      trigger: options.trigger,
      actor: options.actor ?? null,
      changeCount: changes.length,
      changes: driftChangesColumn.encode(changes),
      error: null,
    },
  });
  if (!baseline || options.recordAfter)
    await recordSnapshot(
      database,
      federationId,
      live,
      { trigger: options.trigger, reason: baseline ? "drift check" : "first record", actor: options.actor ?? null },
      checkedAt,
    );
  return toReport(row);
}

/** The newest drift check (null when none ran yet). */
export async function latestDrift(database: Database, federationId: string): Promise<DriftReport | null> {
  const row = await database.driftCheck.findFirst({ where: { federationId }, orderBy: [{ checkedAt: "desc" }, { id: "desc" }] });
  return row ? toReport(row) : null;
}
