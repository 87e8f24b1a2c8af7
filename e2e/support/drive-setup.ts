// Run by e2e/provisioning.spec.ts as `tsx --conditions=react-server e2e/support/drive-setup.ts <federationId>`
// with the e2e server's DATABASE_URL, SANDBOX_URL and keys: completes the whole setup against the sandbox,
// exactly as lib/setup's integration test does, so the status page has a configured, provisioning job.
import { createDatabase } from "../../lib/db";
import { driveChecklist } from "../../lib/setup/testing/drive-checklist";

const federationId = process.argv[2] ?? "e2e-provisioning";
const database = createDatabase(process.env.DATABASE_URL ?? "");
try {
  const results = await driveChecklist(database, { federationId, sandboxUrl: process.env.SANDBOX_URL ?? "" });
  const failed = Object.entries(results).filter(([, r]) => !r.ok);
  if (failed.length) {
    process.stderr.write(`setup failed: ${JSON.stringify(failed)}\n`);
    process.exitCode = 1;
  }
} finally {
  await database.$disconnect();
}
