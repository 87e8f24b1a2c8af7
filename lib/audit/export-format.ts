import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { GENESIS_HASH, hashEvent, type ChainedFields } from "./chain";
import { checkCheckpoint, type SignedCheckpoint } from "./checkpoint";
import type { AuditKey } from "./keys";
import type { AuditFilter } from "./list";

// The audit export file (CSV or NDJSON) and its offline verification. Node-only, no database, no server
// imports: scripts/verify-audit-export.ts runs this against a file on the auditor's own machine.
//
// A file is: a header (the signed checkpoint taken for this export: the chain's head seq + hash and the
// number of events up to it), the events (every chained field, so each event's hash can be recomputed),
// and a trailer (how many events, a running SHA-256 over their seq and hash in file order, and an
// HMAC-SHA256 (RFC 2104, https://www.rfc-editor.org/rfc/rfc2104) over header and trailer with a key
// derived from the audit signing key). Without the key a file proves its own consistency (each event
// hashes to its hash; an unfiltered file links from the genesis hash to the checkpoint's head hash);
// with the key it proves it came from the portal unchanged (any edit, removal, insertion or reorder).

export const EXPORT_FORMAT = "identity-bridge audit export v1";
export type ExportFormat = "csv" | "ndjson";

/** The checkpoint as it travels in a file: its time as ISO text. */
export type ExportedCheckpoint = Omit<SignedCheckpoint, "at"> & { at: string };

export interface ExportHeader {
  type: "header";
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  exportedBy: string;
  /** The audit page's filter; empty means every event. */
  filter: AuditFilter;
  /** Signed when the export was created; the file holds the events matching the filter up to its seq. */
  checkpoint: ExportedCheckpoint;
  /** The chain's head when the export was created (the checkpoint's last event). */
  chainHead: { seq: number; hash: string };
  verify: string;
}

export interface ExportTrailer {
  type: "trailer";
  events: number;
  /** SHA-256 over "seq:hash\n" of every event, in file order (hex). */
  eventsDigest: string;
  keyVersion: number;
  /** Base64 HMAC-SHA256 of the canonical header + trailer, with the export key derived from key keyVersion. */
  mac: string;
}

/** One event as exported: the chained fields (lib/audit/chain.ts) with `at` as ISO text, plus seq and hash. */
export type ExportedEvent = Omit<ChainedFields, "at"> & { seq: number; at: string; hash: string };

export const VERIFY_RECIPE =
  "npx tsx scripts/verify-audit-export.ts <file> (IB_AUDIT_KEYS set to the portal's audit keys checks the signatures too; see README, Audit exports)";

export const CSV_COLUMNS = [
  "seq",
  "id",
  "at",
  "actor",
  "role",
  "action",
  "target",
  "before",
  "after",
  "result",
  "error",
  "requestIds",
  "prevHash",
  "hash",
  "correlationId",
] as const;
/** Files exported before intent rows existed have every column but the last; they still verify. */
const LEGACY_CSV_COLUMNS = CSV_COLUMNS.slice(0, -1);

/**
 * The key that signs export files, derived with HKDF (RFC 5869, https://www.rfc-editor.org/rfc/rfc5869) from the
 * audit key, so export MACs and checkpoint MACs never share a key.
 */
const exportKey = (key: Buffer) => Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "identity-bridge audit export v1", 32));

const canonicalFile = (header: ExportHeader, trailer: Pick<ExportTrailer, "events" | "eventsDigest" | "keyVersion">) =>
  JSON.stringify([
    EXPORT_FORMAT,
    header.exportedAt,
    header.exportedBy,
    header.filter,
    header.checkpoint,
    header.chainHead,
    trailer.events,
    trailer.eventsDigest,
    trailer.keyVersion,
  ]);

export function signExport(header: ExportHeader, events: number, eventsDigest: string, key: AuditKey): ExportTrailer {
  const mac = createHmac("sha256", exportKey(key.key))
    .update(canonicalFile(header, { events, eventsDigest, keyVersion: key.version }), "utf8")
    .digest("base64");
  return { type: "trailer", events, eventsDigest, keyVersion: key.version, mac };
}

/** The running digest of the events in file order. */
export function eventsDigest() {
  const hash = createHash("sha256");
  return {
    add: (event: { seq: number; hash: string }) => void hash.update(`${event.seq}:${event.hash}\n`, "utf8"),
    hex: () => hash.digest("hex"),
  };
}

// --- CSV (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180) -------------------------------------------------

/**
 * Cells a spreadsheet would run as a formula get a leading ' (OWASP CSV injection,
 * https://owasp.org/www-community/attacks/CSV_Injection). So the file still verifies, the escape is reversible:
 * a cell that already starts with ' before such a character gets one more, and the reader removes exactly one.
 */
const FORMULA = /^'*[=+\-@\t\r]/;
const defuse = (value: string) => (FORMULA.test(value) ? `'${value}` : value);
const restore = (value: string) => (FORMULA.test(value) && value.startsWith("'") ? value.slice(1) : value);

/** null is an empty unquoted cell; a string (even empty) is always quoted, so the two stay distinct. */
const csvCell = (value: string | number | null) => (value === null ? "" : typeof value === "number" ? String(value) : `"${defuse(value).replace(/"/g, '""')}"`);

export const csvHeaderLine = () => `${CSV_COLUMNS.join(",")}\r\n`;
export const csvEventLine = (event: ExportedEvent) => `${CSV_COLUMNS.map((column) => csvCell(event[column] ?? null)).join(",")}\r\n`;
/** Header and trailer ride in comment lines: "# " and one JSON object. */
export const csvCommentLine = (value: ExportHeader | ExportTrailer) => `# ${JSON.stringify(value)}\r\n`;

export const ndjsonLine = (value: ExportHeader | ExportTrailer | (ExportedEvent & { type: "event" })) => `${JSON.stringify(value)}\n`;

/** A CSV cell as read: its text, and whether it was quoted (an unquoted empty cell is null). */
interface CsvCell {
  text: string;
  quoted: boolean;
}

/**
 * A streaming RFC 4180 reader: feed it text in chunks, it emits each record (quoted cells may hold commas,
 * quotes and line breaks) and each "# " comment line. Memory is one record, whatever the file's size.
 */
export function csvReader(onRecord: (cells: CsvCell[]) => void, onComment: (text: string) => void) {
  let cells: CsvCell[] = [];
  let cell = "";
  let quoted = false;
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted cell: either an escaped quote or the cell's end
  let lineStart = true;
  let comment: string | undefined;
  const endCell = () => {
    cells.push({ text: cell, quoted });
    cell = "";
    quoted = false;
  };
  const endRecord = () => {
    endCell();
    onRecord(cells);
    cells = [];
    lineStart = true;
  };
  const feed = (chunk: string) => {
    for (const ch of chunk) {
      if (comment !== undefined) {
        if (ch === "\n") {
          onComment(comment.replace(/\r$/, ""));
          comment = undefined;
          lineStart = true;
        } else comment += ch;
        continue;
      }
      if (lineStart && ch === "#") {
        comment = "";
        continue;
      }
      lineStart = false;
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (ch === '"') {
            cell += '"';
            continue;
          }
          inQuotes = false; // the quote ended the cell; handle this character below
        } else if (ch === '"') {
          quotePending = true;
          continue;
        } else {
          cell += ch;
          continue;
        }
      }
      if (ch === '"' && cell === "" && !quoted) {
        inQuotes = true;
        quoted = true;
      } else if (ch === ",") endCell();
      else if (ch === "\n") endRecord();
      else if (ch !== "\r") cell += ch;
    }
  };
  const end = () => {
    if (comment !== undefined) onComment(comment.replace(/\r$/, ""));
    else if (!lineStart || cell !== "" || cells.length) endRecord();
  };
  return { feed, end };
}

// --- Verification -----------------------------------------------------------------------------------------------

export interface ExportReport {
  ok: boolean;
  format?: ExportFormat;
  events: number;
  /** "verified": checkpoint and file MAC checked with the key; "not-checked": no key was given. */
  signatures: "verified" | "not-checked";
  /** The first problem found. */
  problem?: string;
  header?: ExportHeader;
}

/**
 * Checks a file as its lines arrive (constant memory): header first, then each event (its hash recomputed from
 * its fields; an unfiltered export must also link each event to the one before, from the genesis hash), then the
 * trailer (count and digest; with keys, the checkpoint's and the file's MAC). Feed lines (NDJSON) or text chunks
 * (CSV) — `exportVerifier` detects the format from the first character.
 */
export function exportVerifier(keys?: readonly AuditKey[]) {
  let header: ExportHeader | undefined;
  let trailer: ExportTrailer | undefined;
  let format: ExportFormat | undefined;
  let problem: string | undefined;
  let count = 0;
  let previous: { seq: number; hash: string } | undefined;
  let columns: readonly string[] | undefined;
  const digest = eventsDigest();
  const fail = (message: string) => void (problem ??= message);

  const onHeaderOrTrailer = (value: unknown) => {
    const object = value as { type?: unknown } | null;
    if (object?.type === "header") {
      if (header) return fail("the file has a second header");
      if ((object as ExportHeader).format !== EXPORT_FORMAT) return fail("not an identity-bridge audit export (v1)");
      header = object as ExportHeader;
    } else if (object?.type === "trailer") {
      if (trailer) return fail("the file has a second trailer");
      trailer = object as ExportTrailer;
    } else fail("a line is neither header, event nor trailer");
  };

  const onEvent = (event: ExportedEvent) => {
    if (problem) return;
    if (!header) return fail("the header must come first");
    if (trailer) return fail(`event #${event.seq} comes after the trailer`);
    if (previous && event.seq <= previous.seq) return fail(`event #${event.seq} is out of order (after #${previous.seq})`);
    if (event.seq > header.checkpoint.seq) return fail(`event #${event.seq} is newer than the export's checkpoint (#${header.checkpoint.seq})`);
    const at = new Date(event.at);
    if (Number.isNaN(at.getTime()) || at.toISOString() !== event.at) return fail(`event #${event.seq} has an unreadable time`);
    const fields: ChainedFields = { ...event, at };
    if (hashEvent(fields) !== event.hash) return fail(`event #${event.seq} was changed: its fields no longer hash to its hash`);
    if (Object.keys(header.filter).length === 0) {
      const expected = previous?.hash ?? GENESIS_HASH;
      if (event.prevHash !== expected) return fail(`event #${event.seq} does not link to the event before it: an event is missing, added or moved`);
    }
    digest.add(event);
    previous = { seq: event.seq, hash: event.hash };
    count += 1;
  };

  const csv = csvReader(
    (cells) => {
      if (!columns) {
        const names = cells.map((c) => c.text).join(",");
        columns = [CSV_COLUMNS, LEGACY_CSV_COLUMNS].find((known) => known.join(",") === names) ?? CSV_COLUMNS;
        if (columns.join(",") !== names) fail("the CSV columns are not the export's columns");
        return;
      }
      if (cells.length !== columns.length) return fail(`a CSV row has ${cells.length} cells, not ${columns.length}`);
      const value = (i: number) => {
        const c = cells[i] as CsvCell;
        return c.quoted ? restore(c.text) : c.text === "" ? null : c.text;
      };
      const text = (i: number) => value(i) ?? "";
      const seq = Number(cells[0]?.text);
      if (!Number.isSafeInteger(seq)) return fail("a CSV row has no sequence number");
      onEvent({
        seq,
        id: text(1),
        at: text(2),
        actor: text(3),
        role: text(4),
        action: text(5),
        target: value(6),
        before: value(7),
        after: value(8),
        result: text(9),
        error: value(10),
        requestIds: text(11),
        prevHash: text(12),
        hash: text(13),
        correlationId: cells.length > 14 ? value(14) : null,
      });
    },
    (comment) => {
      try {
        onHeaderOrTrailer(JSON.parse(comment.replace(/^ /, "")));
      } catch {
        fail("a comment line is not the export's header or trailer");
      }
    },
  );

  const ndjsonLineIn = (line: string) => {
    if (!line.trim()) return;
    let value: { type?: unknown };
    try {
      value = JSON.parse(line) as { type?: unknown };
    } catch {
      return fail("a line is not JSON");
    }
    if (value?.type === "event") {
      const { type: _type, ...event } = value as ExportedEvent & { type: string };
      onEvent(event);
    } else onHeaderOrTrailer(value);
  };

  let pending = "";
  return {
    /** Feed the file's text in chunks of any size. */
    feed(chunk: string) {
      if (!format) {
        const first = (pending + chunk).trimStart()[0];
        if (first === undefined) {
          pending += chunk;
          return;
        }
        format = first === "{" ? "ndjson" : "csv";
        chunk = pending + chunk;
        pending = "";
      }
      if (format === "csv") return csv.feed(chunk);
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) ndjsonLineIn(line);
    },
    end(): ExportReport {
      if (format === "csv") csv.end();
      else if (pending) ndjsonLineIn(pending);
      const report = (ok: boolean, extra: Partial<ExportReport> = {}): ExportReport => ({
        ok,
        format,
        events: count,
        signatures: keys ? "verified" : "not-checked",
        header,
        ...extra,
        ...(ok ? {} : { signatures: "not-checked" }),
      });
      if (problem) return report(false, { problem });
      if (!header) return report(false, { problem: "the file has no header" });
      if (!trailer) return report(false, { problem: "the file has no trailer: it was cut short" });
      if (trailer.events !== count) return report(false, { problem: `the trailer counts ${trailer.events} events, the file holds ${count}` });
      if (trailer.eventsDigest !== digest.hex()) return report(false, { problem: "the events are not the ones exported (digest differs)" });
      if (Object.keys(header.filter).length === 0) {
        if (count !== header.checkpoint.count)
          return report(false, { problem: `the checkpoint counts ${header.checkpoint.count} events, the file holds ${count}` });
        if ((previous?.hash ?? GENESIS_HASH) !== header.checkpoint.headHash) return report(false, { problem: "the last event is not the checkpoint's head" });
      }
      if (keys) {
        const checkpoint: SignedCheckpoint = { ...header.checkpoint, at: new Date(header.checkpoint.at) };
        const state = checkCheckpoint(checkpoint, keys);
        if (state !== "ok")
          return report(false, {
            problem:
              state === "unknown-key"
                ? `the checkpoint names key version ${checkpoint.keyVersion}, which the keys given do not hold`
                : "the checkpoint's signature does not match",
          });
        const key = keys.find((k) => k.version === trailer?.keyVersion);
        if (!key) return report(false, { problem: `the file names key version ${trailer.keyVersion}, which the keys given do not hold` });
        const expected = Buffer.from(signExport(header, trailer.events, trailer.eventsDigest, key).mac, "base64");
        const actual = Buffer.from(trailer.mac, "base64");
        if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
          return report(false, { problem: "the file's signature does not match: its header or trailer was changed" });
      }
      return report(true);
    },
  };
}
