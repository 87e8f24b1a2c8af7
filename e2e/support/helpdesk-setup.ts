// Run by e2e/helpdesk.spec.ts as `tsx --conditions=react-server e2e/support/helpdesk-setup.ts <federationId>` with
// the e2e server's DATABASE_URL and SANDBOX_URL: the whole setup, a provisioning cycle, each project group's
// permission set in the Production account, and one poll, so the helpdesk has real users to diagnose.
import { createDatabase } from "../../lib/db";
import { assignProjectAccess } from "../../lib/helpdesk/testing/assign-project-access";
import { pollProvisioningOnce } from "../../lib/provisioning/poll";
import { driveChecklist } from "../../lib/setup/testing/drive-checklist";

const federationId = process.argv[2] ?? "e2e-helpdesk";
const sandboxUrl = process.env.SANDBOX_URL ?? "";
const database = createDatabase(process.env.DATABASE_URL ?? "");
try {
  const results = await driveChecklist(database, { federationId, sandboxUrl });
  const failed = Object.entries(results).filter(([, r]) => !r.ok);
  if (failed.length) throw new Error(`setup failed: ${JSON.stringify(failed)}`);
  const cycle = await fetch(`${sandboxUrl}/_sandbox/entra/provisioning/run`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  if (!cycle.ok) throw new Error(`provisioning cycle: ${cycle.status}`);
  await assignProjectAccess(database, federationId, sandboxUrl);
  await pollProvisioningOnce(database, { federationId });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.$disconnect();
}
