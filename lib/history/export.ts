import { z } from "zod";
import type { Database } from "../db";
import { auditKeys, type AuditKey } from "../audit/keys";
import { readLink, signLink } from "../crypto/signed-link";
import { snapshotById, snapshotsInRange, type ConfigurationVersion } from "./store";
import { terraformExport } from "./terraform";

// Exports of the configuration history, in the style of the audit log's (lib/audit/export.ts): creating one is a
// POST (a server action) that is audited and hands back a short-lived signed link; the download is a GET that
// writes nothing (OWASP: https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html).
// Two kinds: one version as Terraform (.tf) plus its Graph JSON, and every version in a date range as NDJSON,
// streamed in keyset batches.

/** How long a download link stays valid after the export was created. */
export const HISTORY_LINK_TTL_MS = 10 * 60_000;
/** Versions per database read while streaming (each holds a whole configuration). */
export const SNAPSHOT_BATCH = 100;
export const SNAPSHOTS_FORMAT = "identity-bridge.configuration-snapshots.v1";

const base = { federation: z.string(), by: z.string(), createdAt: z.string(), expiresAt: z.string() };
const ticketSchema = z.discriminatedUnion("kind", [
  /** One version, by id: the version in force at the instant asked for, resolved when the export was created. */
  z.object({ kind: z.enum(["terraform", "graph-json"]), versionId: z.number().int().positive(), ...base }),
  /** The versions taken in [from, to], none newer than maxId (the newest when the export was created). */
  z.object({ kind: z.literal("snapshots"), from: z.string(), to: z.string(), maxId: z.number().int().nonnegative(), ...base }),
]);
export type HistoryTicket = z.infer<typeof ticketSchema>;

/** Links are signed with their own key, derived from the audit key, apart from the audit export's. */
const LINK_PURPOSE = "identity-bridge configuration export link v1";

export const signHistoryTicket = (ticket: HistoryTicket, keys: readonly AuditKey[] = auditKeys()): string => signLink(LINK_PURPOSE, ticket, keys);

/** The ticket in a link, or why it cannot be used. */
export function readHistoryTicket(token: string, now = Date.now(), keys: readonly AuditKey[] = auditKeys()): HistoryTicket | "invalid" | "expired" {
  const payload = readLink(LINK_PURPOSE, token, now, keys);
  if (typeof payload === "string") return payload;
  const ticket = ticketSchema.safeParse(payload);
  return ticket.success ? ticket.data : "invalid";
}

const stamps = (by: string, now: Date) => ({ by, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + HISTORY_LINK_TTL_MS).toISOString() });

/** Links for one version's Terraform file and Graph JSON document. */
export function versionExportTokens(federation: string, version: ConfigurationVersion, by: string, now = new Date()) {
  const common = { federation, versionId: version.id, ...stamps(by, now) };
  return { terraform: signHistoryTicket({ kind: "terraform", ...common }), graphJson: signHistoryTicket({ kind: "graph-json", ...common }) };
}

/** The link for the versions taken in [from, to], frozen at the newest version recorded now. */
export async function createSnapshotsExport(database: Database, request: { federation: string; from: Date; to: Date; by: string }, now = new Date()) {
  const newest = await database.configurationSnapshot.findFirst({ where: { federationId: request.federation }, orderBy: { id: "desc" }, select: { id: true } });
  const range = { where: { federationId: request.federation, takenAt: { gte: request.from, lte: request.to }, id: { lte: newest?.id ?? 0 } } };
  const count = newest ? await database.configurationSnapshot.count(range) : 0;
  const token = signHistoryTicket({
    kind: "snapshots",
    federation: request.federation,
    from: request.from.toISOString(),
    to: request.to.toISOString(),
    maxId: newest?.id ?? 0,
    ...stamps(request.by, now),
  });
  return { token, count, maxId: newest?.id ?? 0 };
}

const fileStamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[:]/g, "")
    .replace(/\.\d+Z$/, "Z");

/** A version's file (Terraform or Graph JSON), or null when the version is gone. */
export async function versionExportFile(database: Database, ticket: Extract<HistoryTicket, { kind: "terraform" | "graph-json" }>) {
  const version = await snapshotById(database, ticket.federation, ticket.versionId);
  if (!version) return null;
  const files = terraformExport(version.configuration, {
    federationId: version.federationId,
    id: version.id,
    takenAt: version.takenAt,
    contentHash: version.contentHash,
  });
  const name = `configuration-${version.id}-${fileStamp(version.takenAt)}`;
  return ticket.kind === "terraform"
    ? { body: files.hcl, fileName: `${name}.tf`, contentType: "text/plain; charset=utf-8" }
    : { body: files.graphJson, fileName: `${name}.graph.json`, contentType: "application/json; charset=utf-8" };
}

export const snapshotsFileName = (ticket: Extract<HistoryTicket, { kind: "snapshots" }>) =>
  `configuration-versions-${fileStamp(new Date(ticket.from))}-to-${fileStamp(new Date(ticket.to))}.ndjson`;

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/**
 * The NDJSON file as a byte stream: a header, one line per version (oldest first, with its whole configuration and
 * content hash: sha256 of its canonical JSON), and an end line with the count. Read `batch` versions at a time on
 * demand (a pull stream holds at most one batch).
 */
export function snapshotsExportStream(
  database: Database,
  ticket: Extract<HistoryTicket, { kind: "snapshots" }>,
  options: { batch?: number; onBatch?: (rows: number) => void } = {},
): ReadableStream<Uint8Array> {
  const batch = options.batch ?? SNAPSHOT_BATCH;
  const range = { from: new Date(ticket.from), to: new Date(ticket.to), maxId: ticket.maxId };
  const encoder = new TextEncoder();
  let after: { takenAt: Date; id: number } | null = null;
  let count = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(
            encoder.encode(
              line({
                type: "header",
                format: SNAPSHOTS_FORMAT,
                federation: ticket.federation,
                from: ticket.from,
                to: ticket.to,
                exportedAt: ticket.createdAt,
                exportedBy: ticket.by,
                verify: "Each version's contentHash is the SHA-256 (hex) of its configuration as JSON with object keys sorted at every level.",
              }),
            ),
          );
          return;
        }
        const versions = await snapshotsInRange(database, ticket.federation, range, after, batch);
        options.onBatch?.(versions.length);
        let text = "";
        for (const v of versions)
          text += line({
            type: "version",
            id: v.id,
            takenAt: v.takenAt.toISOString(),
            confirmedAt: v.confirmedAt.toISOString(),
            trigger: v.trigger,
            reason: v.reason,
            actor: v.actor,
            contentHash: v.contentHash,
            configuration: v.configuration,
          });
        count += versions.length;
        const last = versions[versions.length - 1];
        if (last) after = { takenAt: last.takenAt, id: last.id };
        if (versions.length < batch) {
          controller.enqueue(encoder.encode(text + line({ type: "end", count })));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(text));
      },
    },
    { highWaterMark: 1 },
  );
}
