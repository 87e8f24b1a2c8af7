import "server-only";
import type { Database } from "../db";
import { diffChange, type FieldChange } from "../audit/diff";
import { configurationColumn } from "../federation/columns";
import { contentHashOf, type FederationConfiguration } from "./configuration";
import { readLiveConfiguration, type LiveReadOptions } from "./read-live";

export type SnapshotTrigger = "change" | "scheduled" | "manual";

export interface ConfigurationVersion {
  id: number;
  federationId: string;
  takenAt: Date;
  confirmedAt: Date;
  trigger: SnapshotTrigger;
  reason: string | null;
  actor: string | null;
  contentHash: string;
  configuration: FederationConfiguration;
}

export interface SnapshotMeta {
  trigger: SnapshotTrigger;
  reason?: string | null;
  actor?: string | null;
}

type Row = Awaited<ReturnType<Database["configurationSnapshot"]["findFirst"]>>;

const TRIGGERS: readonly SnapshotTrigger[] = ["change", "scheduled", "manual"];

function toVersion(row: NonNullable<Row>): ConfigurationVersion {
  return {
    id: row.id,
    federationId: row.federationId,
    takenAt: row.takenAt,
    confirmedAt: row.confirmedAt,
    trigger: TRIGGERS.includes(row.trigger as SnapshotTrigger) ? (row.trigger as SnapshotTrigger) : "manual",
    reason: row.reason,
    actor: row.actor,
    contentHash: row.contentHash,
    configuration: configurationColumn.decode(row.configuration),
  };
}

/** The newest recorded version (null when nothing was recorded yet). */
export async function latestSnapshot(database: Database, federationId: string): Promise<ConfigurationVersion | null> {
  const row = await database.configurationSnapshot.findFirst({ where: { federationId }, orderBy: [{ takenAt: "desc" }, { id: "desc" }] });
  return row ? toVersion(row) : null;
}

/**
 * The configuration as it was at `at`: the newest version taken at or before that instant (a version taken exactly
 * at `at` counts). Null when the first version is later.
 */
export async function snapshotAsOf(database: Database, federationId: string, at: Date): Promise<ConfigurationVersion | null> {
  const row = await database.configurationSnapshot.findFirst({
    where: { federationId, takenAt: { lte: at } },
    orderBy: [{ takenAt: "desc" }, { id: "desc" }],
  });
  return row ? toVersion(row) : null;
}

/** One recorded version by its id, in one federation (null when there is no such version there). */
export async function snapshotById(database: Database, federationId: string, id: number): Promise<ConfigurationVersion | null> {
  const row = await database.configurationSnapshot.findFirst({ where: { id, federationId } });
  return row ? toVersion(row) : null;
}

/**
 * The versions taken in [from, to], oldest first, `take` at a time after the keyset `after` (the last row of the
 * previous batch: its takenAt and id), and none with an id above `maxId` (the newest when the export was created).
 */
export async function snapshotsInRange(
  database: Database,
  federationId: string,
  range: { from: Date; to: Date; maxId: number },
  after: { takenAt: Date; id: number } | null,
  take: number,
): Promise<ConfigurationVersion[]> {
  const rows = await database.configurationSnapshot.findMany({
    where: {
      federationId,
      id: { lte: range.maxId },
      takenAt: { gte: range.from, lte: range.to },
      ...(after ? { OR: [{ takenAt: { gt: after.takenAt } }, { takenAt: after.takenAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ takenAt: "asc" }, { id: "asc" }],
    take,
  });
  return rows.map(toVersion);
}

/** The versions, newest first, without their configurations (for the list). */
export async function listSnapshots(database: Database, federationId: string, take = 50) {
  return database.configurationSnapshot.findMany({
    where: { federationId },
    orderBy: [{ takenAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, takenAt: true, confirmedAt: true, trigger: true, reason: true, actor: true, contentHash: true },
  });
}

// One write at a time in this process: two reads finishing together must not both insert the same new version.
let writing: Promise<unknown> = Promise.resolve();

/**
 * Records `configuration` as read at `at`: a new version when it differs from the newest one (by content hash),
 * otherwise only that version's confirmedAt moves. Returns the version that holds now and whether it is new.
 */
export function recordSnapshot(
  database: Database,
  federationId: string,
  configuration: FederationConfiguration,
  meta: SnapshotMeta,
  at: Date = new Date(),
): Promise<{ stored: boolean; version: ConfigurationVersion }> {
  const work = writing.then(async () => {
    const contentHash = contentHashOf(configuration);
    const newest = await database.configurationSnapshot.findFirst({ where: { federationId }, orderBy: [{ takenAt: "desc" }, { id: "desc" }] });
    if (newest && newest.contentHash === contentHash) {
      const confirmedAt = at > newest.confirmedAt ? at : newest.confirmedAt;
      const row = await database.configurationSnapshot.update({ where: { id: newest.id }, data: { confirmedAt } });
      return { stored: false, version: toVersion(row) };
    }
    const row = await database.configurationSnapshot.create({
      data: {
        federationId,
        takenAt: at,
        confirmedAt: at,
        trigger: meta.trigger,
        reason: meta.reason ?? null,
        actor: meta.actor ?? null,
        contentHash,
        configuration: configurationColumn.encode(configuration),
      },
    });
    return { stored: true, version: toVersion(row) };
  });
  writing = work.catch(() => undefined);
  return work;
}

/** Reads both clouds now and records the result (see recordSnapshot). */
export async function takeSnapshot(database: Database, federationId: string, meta: SnapshotMeta, options: LiveReadOptions & { now?: () => Date } = {}) {
  // Stamped when the read starts: a change made while it runs may be missed by it, so it must fall after T1 (drift's
  // window starts at confirmedAt), never before it, or drift would look for its author in the wrong window.
  const readStartedAt = options.now?.() ?? new Date();
  const configuration = await readLiveConfiguration(database, federationId, options);
  return recordSnapshot(database, federationId, configuration, meta, readStartedAt);
}

export interface Comparison {
  from: ConfigurationVersion | null;
  to: ConfigurationVersion | null;
  changes: FieldChange[];
}

/** The field-level difference between the configurations in force at two instants. */
export async function compareAsOf(database: Database, federationId: string, from: Date, to: Date): Promise<Comparison> {
  const [a, b] = await Promise.all([snapshotAsOf(database, federationId, from), snapshotAsOf(database, federationId, to)]);
  return { from: a, to: b, changes: a && b ? diffChange(a.configuration, b.configuration) : [] };
}
