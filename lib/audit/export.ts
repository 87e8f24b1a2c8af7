import type { Database } from "../db";
import { readLink, signLink } from "../crypto/signed-link";
import { takeCheckpoint, type SignedCheckpoint } from "./checkpoint";
import {
  EXPORT_FORMAT,
  VERIFY_RECIPE,
  csvCommentLine,
  csvEventLine,
  csvHeaderLine,
  eventsDigest,
  ndjsonLine,
  signExport,
  type ExportFormat,
  type ExportHeader,
  type ExportedEvent,
} from "./export-format";
import { auditKeys, type AuditKey } from "./keys";
import { auditRowReader, type AuditRowReader } from "./export-rows";
import { parseAuditQuery, type AuditFilter } from "./list";

// Exports of the audit log. Creating one is a POST (a server action): it signs a checkpoint of the chain
// and is itself audited, then hands back a short-lived signed download link. The download is a GET that
// writes nothing: it checks the link and streams the events matching the filter up to that checkpoint,
// read in batches, so memory stays flat whatever the size (OWASP: GET must not change state,
// https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html).

/** How long a download link stays valid after the export was created. */
export const EXPORT_LINK_TTL_MS = 10 * 60_000;
/** Events per database read while streaming. */
export const EXPORT_BATCH = 500;

/** What a download link carries: which checkpoint, which filter, which format, for whom, until when. */
export interface ExportTicket {
  checkpointId: number;
  filter: AuditFilter;
  format: ExportFormat;
  by: string;
  createdAt: string;
  expiresAt: string;
}

/** Links are signed with their own key, derived from the audit key: never the checkpoint key itself. */
const LINK_PURPOSE = "identity-bridge audit export link v1";

export const signTicket = (ticket: ExportTicket, keys: readonly AuditKey[] = auditKeys()): string => signLink(LINK_PURPOSE, ticket, keys);

/** The ticket in a link, or why it cannot be used. */
export function readTicket(token: string, now = Date.now(), keys: readonly AuditKey[] = auditKeys()): ExportTicket | "invalid" | "expired" {
  const payload = readLink(LINK_PURPOSE, token, now, keys);
  if (typeof payload === "string") return payload;
  const ticket = payload as unknown as ExportTicket;
  // The filter goes through the page's own parser again, so a link can never carry more than the page accepts.
  return { ...ticket, filter: parseAuditQuery(ticket.filter as Record<string, string>).filter };
}

/** Creates an export: signs a checkpoint now (the file will hold the events up to it) and returns the download ticket. */
export async function createAuditExport(
  database: Database,
  request: { filter: AuditFilter; format: ExportFormat; by: string },
  now = new Date(),
): Promise<{ checkpoint: SignedCheckpoint & { id: number }; token: string }> {
  const checkpoint = await takeCheckpoint(database);
  const token = signTicket({
    checkpointId: checkpoint.id,
    filter: request.filter,
    format: request.format,
    by: request.by,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + EXPORT_LINK_TTL_MS).toISOString(),
  });
  return { checkpoint, token };
}

export const exportFileName = (ticket: ExportTicket, checkpointSeq: number) =>
  `audit-${ticket.createdAt.slice(0, 10)}-to-${checkpointSeq}.${ticket.format === "csv" ? "csv" : "ndjson"}`;

export interface ExportStreamOptions {
  ticket: ExportTicket;
  checkpoint: SignedCheckpoint;
  keys?: readonly AuditKey[];
  batch?: number;
  /** Called after each database read (tests watch the producer through it). */
  onBatch?: (rows: number) => void;
}

/**
 * The file as a byte stream: header, then the matching events oldest first up to the checkpoint, read
 * `batch` at a time on demand (a pull stream holds at most one batch, and the next read waits until
 * the consumer has taken it), then the signed trailer. The rows come from the database at `databaseUrl`
 * through its driver (lib/audit/export-rows.ts), on a connection of the stream's own, closed at the end or
 * when the download is cancelled.
 */
export function auditExportStream(databaseUrl: string, options: ExportStreamOptions): ReadableStream<Uint8Array> {
  const { ticket, checkpoint } = options;
  const keys = options.keys ?? auditKeys();
  const signing = keys[0];
  if (!signing) throw new Error("no audit signing key");
  const batch = options.batch ?? EXPORT_BATCH;
  const header: ExportHeader = {
    type: "header",
    format: EXPORT_FORMAT,
    exportedAt: ticket.createdAt,
    exportedBy: ticket.by,
    filter: ticket.filter,
    // Only the signed statement travels, in a fixed shape (no database id).
    checkpoint: {
      seq: checkpoint.seq,
      headHash: checkpoint.headHash,
      count: checkpoint.count,
      at: checkpoint.at.toISOString(),
      keyVersion: checkpoint.keyVersion,
      mac: checkpoint.mac,
    },
    chainHead: { seq: checkpoint.seq, hash: checkpoint.headHash },
    verify: VERIFY_RECIPE,
  };
  let rows: AuditRowReader | undefined;
  const digest = eventsDigest();
  const encoder = new TextEncoder();
  let count = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(ticket.format === "csv" ? csvCommentLine(header) + csvHeaderLine() : ndjsonLine(header)));
          return;
        }
        rows ??= auditRowReader(databaseUrl, ticket.filter, checkpoint.seq);
        let events: ExportedEvent[];
        try {
          events = await rows.next(batch);
        } catch (error) {
          await rows.close().catch(() => undefined);
          throw error;
        }
        options.onBatch?.(events.length);
        const lines: string[] = [];
        for (const event of events) {
          digest.add(event);
          lines.push(ticket.format === "csv" ? csvEventLine(event) : ndjsonLine({ type: "event", ...event }));
        }
        count += events.length;
        if (events.length < batch) {
          const trailer = signExport(header, count, digest.hex(), signing);
          lines.push(ticket.format === "csv" ? csvCommentLine(trailer) : ndjsonLine(trailer));
          controller.enqueue(encoder.encode(lines.join("")));
          controller.close();
          await rows.close();
          return;
        }
        controller.enqueue(encoder.encode(lines.join("")));
      },
      // The download was abandoned: release the connection at once.
      cancel: async () => {
        await rows?.close();
      },
    },
    { highWaterMark: 1 },
  );
}
