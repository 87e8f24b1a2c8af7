// Run by e2e/helpdesk.spec.ts as `tsx --conditions=react-server e2e/support/helpdesk-setup.ts <federationId>` with
// the e2e server's DATABASE_URL and SANDBOX_URL: the whole setup — step 15 gives each project group its permission
// set in the member accounts — a provisioning cycle and one poll, so the helpdesk has real users to diagnose. Nothing is
// assigned by hand: a healthy user is green on account access because Setup made it so.
import { createDatabase } from "../../lib/db";
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
  await pollProvisioningOnce(database, { federationId });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.$disconnect();
}
