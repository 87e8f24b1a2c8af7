import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabase, testProvider, withAuditTriggersOff } from "../testing/database";
import { appendAuditEvent } from "./append";
import { hashEvent, type ChainedFields } from "./chain";
import { auditExportStream, createAuditExport, readTicket, type ExportTicket } from "./export";
import { exportVerifier, type ExportFormat } from "./export-format";
import { EXPORT_APPLICATION_NAME } from "./export-rows";
import { auditKeys } from "./keys";
import { listAuditEvents, type AuditFilter } from "./list";

const database = testDatabase();
afterAll(() => database.$disconnect());

beforeEach(async () => {
  await withAuditTriggersOff(database, async () => {
    await database.$executeRawUnsafe(`DELETE FROM "AuditEvent"`);
    await database.$executeRawUnsafe(`DELETE FROM "AuditCheckpoint"`);
  });
});

/** 30 events from three actors; some carry text a spreadsheet would run, quotes, commas, line breaks, or no target. */
async function seed(count = 30) {
  for (let n = 0; n < count; n++)
    await appendAuditEvent(database, {
      actor: `user${n % 3}@example.test`,
      role: "admin",
      action: n % 2 ? "settings.connections.update" : "setup.step.run",
      target: n % 5 === 0 ? undefined : n % 7 === 0 ? `=HYPERLINK("https://evil.example", "x,\n${n}")` : `t${n}`,
      before: { n, replyUrls: [`https://old-${n}.example.test/saml`] },
      after: { n, note: `line one\nline "two", ${n}` },
      result: n % 4 ? "success" : "failure",
      error: n % 4 ? undefined : `-boom ${n}`,
    });
}

async function exportOf(filter: AuditFilter, format: ExportFormat, options: { batch?: number; onBatch?: (rows: number) => void } = {}) {
  const { checkpoint, token } = await createAuditExport(database, { filter, format, by: "dan@example.test" });
  const ticket = readTicket(token) as ExportTicket;
  return { checkpoint, stream: auditExportStream(process.env.DATABASE_URL ?? "", { ticket, checkpoint, ...options }) };
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

function verify(text: string, keys: ReturnType<typeof auditKeys> | null = auditKeys(), chunk = 7) {
  const verifier = exportVerifier(keys ?? undefined);
  // Fed in small pieces, as a file read in chunks would be: records and lines cross chunk boundaries.
  for (let i = 0; i < text.length; i += chunk) verifier.feed(text.slice(i, i + chunk));
  return verifier.end();
}

describe("audit export", () => {
  it("streams: the first events arrive before the producer has read the rest, and the file stops at its checkpoint", async () => {
    await seed(30);
    const batches: number[] = [];
    const { checkpoint, stream } = await exportOf({}, "ndjson", { batch: 5, onBatch: (rows) => batches.push(rows) });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const header = decoder.decode((await reader.read()).value);
    expect(JSON.parse(header)).toMatchObject({ type: "header", checkpoint: { seq: checkpoint.seq, count: 30 }, chainHead: { hash: checkpoint.headHash } });
    const first = decoder.decode((await reader.read()).value);
    expect(first.trim().split("\n")).toHaveLength(5);
    // The consumer holds 5 of 30 events: the producer has read at most one batch ahead, not the whole log.
    expect(batches.length).toBeLessThanOrEqual(2);
    // An event appended while the export is being read is after its checkpoint, so it is not in the file.
    await appendAuditEvent(database, { actor: "late@example.test", role: "admin", action: "test.late", result: "success" });
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value);
    }
    expect(batches.length).toBe(7); // 6 full batches of 5, then the empty read that ends the file
    const text = header + first + rest;
    expect(text).not.toContain("late@example.test");
    expect(verify(text)).toMatchObject({ ok: true, events: 30, signatures: "verified", format: "ndjson" });
    expect(verify(text, null)).toMatchObject({ ok: true, signatures: "not-checked" });
  });

  it("a download abandoned halfway releases its database connection", async () => {
    await seed(30);
    const exportConnections = async () =>
      testProvider() === "postgres"
        ? Number(
            (
              await database.$queryRawUnsafe<{ n: bigint | number }[]>(
                `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1`,
                EXPORT_APPLICATION_NAME,
              )
            )[0]?.n,
          )
        : null;
    const { stream } = await exportOf({}, "ndjson", { batch: 5 });
    const reader = stream.getReader();
    await reader.read(); // header
    expect((await reader.read()).value?.byteLength).toBeGreaterThan(0); // the first 5 events: the connection is open
    if (testProvider() === "postgres") expect(await exportConnections()).toBe(1);
    await reader.cancel();
    if (testProvider() === "postgres") await expect.poll(exportConnections, { timeout: 5_000 }).toBe(0);
    // The log is still readable in full afterwards (SQLite: the read-only handle is closed, nothing holds the file).
    const again = await exportOf({}, "ndjson");
    expect(verify(await readAll(again.stream))).toMatchObject({ ok: true, events: 30 });
  });

  for (const format of ["ndjson", "csv"] as const) {
    it(`${format}: the file verifies, and an edited, removed, moved or re-hashed event or a cut-off file is detected`, async () => {
      await seed(30);
      const { stream } = await exportOf({}, format, { batch: 7 });
      const text = await readAll(stream);
      expect(verify(text)).toMatchObject({ ok: true, events: 30, format });

      const lines = text.split(format === "csv" ? /(?<=\r\n)(?=[#\d])/ : /(?<=\n)/);
      // CSV rows here are the lines that start with a seq (a quoted cell may break inside a row).
      const eventLines = lines.map((line, i) => ({ line, i })).filter(({ line }) => (format === "csv" ? /^\d/.test(line) : line.includes('"type":"event"')));
      expect(eventLines).toHaveLength(30);
      const at = (k: number) => eventLines[k]?.i ?? -1;
      const without = (i: number) => lines.filter((_, j) => j !== i).join("");
      const replaced = (i: number, line: string) => lines.map((l, j) => (j === i ? line : l)).join("");

      const edited = replaced(at(3), (lines[at(3)] ?? "").replace("user0@example.test", "mallory@example.test"));
      expect(edited).not.toBe(text);
      expect(verify(edited)).toMatchObject({ ok: false, problem: expect.stringMatching(/was changed/) });
      expect(verify(edited, null)).toMatchObject({ ok: false });

      expect(verify(without(at(10)))).toMatchObject({ ok: false, problem: expect.stringMatching(/does not link/) });
      expect(verify(without(at(29)))).toMatchObject({ ok: false });
      expect(verify(without(lines.length - 1))).toMatchObject({ ok: false, problem: expect.stringMatching(/cut short/) });
      const swapped = lines.map((l, j) => (j === at(4) ? lines[at(5)] : j === at(5) ? lines[at(4)] : l)).join("");
      expect(verify(swapped)).toMatchObject({ ok: false, problem: expect.stringMatching(/does not link|out of order/) });
    });
  }

  it("a filtered export holds only the matching events; a re-hashed event shows with the key", async () => {
    await seed(30);
    const { stream } = await exportOf({ actor: "user1@example.test", result: "success" }, "ndjson");
    const text = await readAll(stream);
    const events = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; actor?: string; result?: string; seq: number; at: string; hash: string });
    const rows = events.filter((e) => e.type === "event");
    expect(rows.length).toBe(7);
    expect(rows.every((e) => e.actor === "user1@example.test" && e.result === "success")).toBe(true);
    expect(verify(text)).toMatchObject({ ok: true, events: 7 });

    // Rewrite one event and give it a matching hash: its own hash checks out, the signed digest does not.
    const victim = events.findIndex((e) => e.type === "event");
    const forged: Record<string, unknown> = { ...events[victim], actor: "mallory@example.test" };
    forged.hash = hashEvent({ ...(forged as unknown as ChainedFields), at: new Date(String(forged.at)) });
    const tampered = events.map((e, i) => JSON.stringify(i === victim ? forged : e)).join("\n");
    expect(verify(tampered)).toMatchObject({ ok: false, problem: expect.stringMatching(/digest/) });
    // A forged trailer with the new digest is caught by the file's signature.
    const parsed = tampered.split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const { eventsDigest } = await import("./export-format");
    const d = eventsDigest();
    for (const e of parsed) if (e.type === "event") d.add(e as { seq: number; hash: string });
    (parsed[parsed.length - 1] as Record<string, unknown>).eventsDigest = d.hex();
    const reSigned = parsed.map((e) => JSON.stringify(e)).join("\n");
    expect(verify(reSigned)).toMatchObject({ ok: false, problem: expect.stringMatching(/signature/) });
    // Without the key such a forgery cannot be told apart: that is why the recipe asks for the key.
    expect(verify(reSigned, null)).toMatchObject({ ok: true, signatures: "not-checked" });
  });

  it("selects exactly the events the audit page lists, for each filter and combinations (the export reads through the driver)", async () => {
    await seed(30);
    // Text with LIKE's wildcards and the escape character, and mixed case: the filters match it as typed.
    await appendAuditEvent(database, { actor: "Odd_Actor@example.test", role: "auditor", action: "audit.export", target: "100%_real\\path", result: "success" });
    const today = new Date().toISOString().slice(0, 10);
    const filters: AuditFilter[] = [
      { from: today },
      { to: today },
      { from: "2000-01-01", to: "2000-01-02" },
      { actor: "user2@example.test" },
      { role: "auditor" },
      { family: "settings" },
      { target: "T1" },
      { target: "%_r" },
      { target: "\\" },
      { result: "failure" },
      { q: "LINE TWO" },
      { q: "old-1" },
      { q: "-boom" },
      { q: "_" },
      { actor: "user1@example.test", family: "setup", result: "failure" },
      { from: today, to: today, q: "replyUrls", role: "admin" },
    ];
    const insensitive = testProvider() === "postgres";
    for (const filter of filters) {
      const listed: number[] = [];
      let cursor: { before?: number } = {};
      for (;;) {
        const page = await listAuditEvents(database, { filter, cursor, pageSize: 200, insensitive });
        listed.push(...page.events.map((e) => e.seq));
        if (page.older === undefined) break;
        cursor = { before: page.older };
      }
      const { stream } = await exportOf(filter, "ndjson", { batch: 4 });
      const exportedSeqs = (await readAll(stream))
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { type: string; seq: number })
        .filter((e) => e.type === "event")
        .map((e) => e.seq);
      expect(exportedSeqs, JSON.stringify(filter)).toEqual(listed.sort((a, b) => a - b));
    }
  });

  it("download links are signed, expire, and carry only the page's filter", async () => {
    await seed(2);
    const { token } = await createAuditExport(database, { filter: { actor: "user1@example.test" }, format: "csv", by: "dan@example.test" });
    expect(readTicket(token)).toMatchObject({ by: "dan@example.test", format: "csv", filter: { actor: "user1@example.test" } });
    expect(readTicket(token, Date.now() + 11 * 60_000)).toBe("expired");
    const [body, mac] = token.split(".");
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body ?? "", "base64url").toString()), by: "eve@example.test" })).toString("base64url");
    expect(readTicket(`${changed}.${mac}`)).toBe("invalid");
    expect(readTicket("garbage")).toBe("invalid");
    // Creating an export signs a checkpoint (the table refuses to have it changed later).
    expect(await database.auditCheckpoint.count()).toBeGreaterThanOrEqual(1);
  });
});
