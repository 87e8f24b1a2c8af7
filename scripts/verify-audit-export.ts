import fs from "node:fs";
import { exportVerifier } from "../lib/audit/export-format";
import type { AuditKey } from "../lib/audit/keys";

// `npx tsx scripts/verify-audit-export.ts <file> [--key-file <path>]`: checks an audit export (CSV or NDJSON)
// offline, reading it as a stream. With IB_AUDIT_KEYS set (the portal's "<version>:<base64>,…" list) or a key
// file (one base64 key, version 1: sandbox mode's data/dev-audit-key) it also checks the checkpoint's and the
// file's HMAC signatures. Exit code 0: the file verifies; 1: it does not (the reason is printed); 2: usage.

function keysFrom(args: string[]): AuditKey[] | undefined {
  const fileIndex = args.indexOf("--key-file");
  if (fileIndex >= 0) {
    const file = args[fileIndex + 1];
    if (!file) throw new Error("--key-file needs a path");
    return [{ version: 1, key: Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64") }];
  }
  const configured = process.env.IB_AUDIT_KEYS?.trim();
  if (!configured) return undefined;
  return configured.split(",").map((entry) => {
    const match = /^(\d{1,4}):([A-Za-z0-9+/=_-]+)$/.exec(entry.trim());
    if (!match?.[2]) throw new Error("IB_AUDIT_KEYS entries must be <version>:<32 bytes in base64>");
    return { version: Number(match[1]), key: Buffer.from(match[2], "base64") };
  });
}

async function main() {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--key-file");
  if (!file) {
    process.stderr.write("usage: npx tsx scripts/verify-audit-export.ts <export.csv|export.ndjson> [--key-file <path>]\n");
    process.exit(2);
  }
  const verifier = exportVerifier(keysFrom(args));
  for await (const chunk of fs.createReadStream(file, { encoding: "utf8" })) verifier.feed(chunk as string);
  const report = verifier.end();
  const head = report.header?.checkpoint;
  if (!report.ok) {
    process.stdout.write(`NOT VERIFIED: ${report.problem}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `verified: ${report.events} events (${report.format}); checkpoint #${head?.seq} signed ${head?.at} with key version ${head?.keyVersion}, head hash ${head?.headHash}\n` +
      (report.signatures === "verified"
        ? "signatures: checkpoint and file HMAC verified with the given key\n"
        : "signatures: NOT checked (no key given: set IB_AUDIT_KEYS or pass --key-file); hashes and links only\n"),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
