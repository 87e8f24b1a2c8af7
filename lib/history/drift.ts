import "server-only";
import { diffChange } from "../audit/diff";
import type { Database } from "../db";
import { driftChangesColumn } from "../federation/columns";
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

/** Which cloud a changed field belongs to, from its path. */
const sideOf = (path: string): "entra" | "aws" => (path.startsWith("aws") ? "aws" : "entra");

/**
 * Field-level drift between the recorded configuration and live state. Who made a change is not attributed: the
 * portal does not read Entra's directory audit (https://learn.microsoft.com/graph/api/directoryaudit-list) or AWS
 * CloudTrail (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html) for it yet, so each
 * change reads "outside the portal, between the baseline's last confirmation and this check".
 */
export function driftBetween(recorded: FederationConfiguration, live: FederationConfiguration): DriftEntry[] {
  return diffChange(recorded, live).map((change) => ({ change, side: sideOf(change.path), by: null }));
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
  const changes = baseline ? driftBetween(baseline.configuration, live) : [];
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
    await recordSnapshot(database, federationId, live, { trigger: options.trigger, reason: baseline ? "drift check" : "first record", actor: options.actor ?? null }, checkedAt);
  return toReport(row);
}

/** The newest drift check (null when none ran yet). */
export async function latestDrift(database: Database, federationId: string): Promise<DriftReport | null> {
  const row = await database.driftCheck.findFirst({ where: { federationId }, orderBy: [{ checkedAt: "desc" }, { id: "desc" }] });
  return row ? toReport(row) : null;
}
