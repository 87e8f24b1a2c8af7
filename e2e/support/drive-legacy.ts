// Run by e2e/legacy-key.spec.ts as `tsx --conditions=react-server e2e/support/drive-legacy.ts <federationId> <until>`
// with the e2e server's DATABASE_URL, SANDBOX_URL and keys: the legacy per-account checklist up to a step, exactly as
// lib/setup's legacy integration test drives it, so a spec can start at that step's card.
import { createDatabase } from "../../lib/db";
import { chooseFederationMode } from "../../lib/setup/store";
import type { StepId } from "../../lib/setup/steps";
import { driveChecklist } from "../../lib/setup/testing/drive-checklist";

const federationId = process.argv[2] ?? "default";
const until = (process.argv[3] ?? "role-import") as StepId;
const database = createDatabase(process.env.DATABASE_URL ?? "");
try {
  await database.federation.deleteMany({ where: { id: federationId } });
  await chooseFederationMode(database, federationId, "legacy-iam");
  const results = await driveChecklist(database, { federationId, sandboxUrl: process.env.SANDBOX_URL ?? "", until });
  const failed = Object.entries(results).filter(([, r]) => !r.ok);
  if (failed.length) {
    process.stderr.write(`legacy setup failed: ${JSON.stringify(failed)}\n`);
    process.exitCode = 1;
  }
} finally {
  await database.$disconnect();
}
