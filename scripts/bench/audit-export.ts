import v8 from "node:v8";
import { runInNewContext } from "node:vm";

// The audit bench's export measurement (scripts/bench/audit.ts), in a process of its own: the export of every event
// of the database at argv[2], consumed as a download would be and verified line by line as it arrives; prints one
// JSON line with the peak RSS growth over a baseline taken after a full garbage collection. A process of its own, so
// the heap that seeding a million rows (and the page runs) left committed is neither counted nor lent to the export.

/** A full garbage collection, without asking for node --expose-gc (https://nodejs.org/api/v8.html#v8setflagsfromstringflags). */
function collectGarbage() {
  v8.setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

async function main() {
  const databaseUrl = process.argv[2];
  if (!databaseUrl) throw new Error("usage: audit-export.ts <database url>");
  process.env.IB_LOG_LEVEL ??= "error";
  const [{ createDatabase }, { createAuditExport, readTicket, auditExportStream }, { exportVerifier }, { auditKeys }] = await Promise.all([
    import("../../lib/db"),
    import("../../lib/audit/export"),
    import("../../lib/audit/export-format"),
    import("../../lib/audit/keys"),
  ]);
  const database = createDatabase(databaseUrl);
  try {
    // Creating the export (the POST) signs a checkpoint; the measurement is the download that streams it.
    const { checkpoint, token } = await createAuditExport(database, { filter: {}, format: "ndjson", by: "bench@contoso.test" });
    const ticket = readTicket(token);
    if (typeof ticket === "string") throw new Error(`export ticket ${ticket}`);
    collectGarbage();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    const verifier = exportVerifier(auditKeys());
    const decoder = new TextDecoder();
    const reader = auditExportStream(databaseUrl, { ticket, checkpoint }).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      verifier.feed(decoder.decode(value, { stream: true }));
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const report = verifier.end();
    clearInterval(sample);
    process.stdout.write(
      `${JSON.stringify({
        rssMb: (peak - baseline) / 1024 / 1024,
        baselineMb: baseline / 1024 / 1024,
        exportSeconds: (performance.now() - started) / 1000,
        verified: report.ok ? `verified, ${report.events.toLocaleString("en")} events` : `NOT VERIFIED: ${report.problem}`,
      })}\n`,
    );
  } finally {
    await database.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`audit export bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
