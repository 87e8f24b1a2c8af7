// Run by e2e/sign-in.spec.ts as `tsx --conditions=react-server e2e/support/sign-in-setup.ts` with the e2e server's
// DATABASE_URL, SANDBOX_URL and keys: the default federation (the one the Setup page shows) set up from scratch up
// to account access, and one provisioning cycle, so the Test sign-in step is next and the users exist in AWS.
// Prints the AWS app's appId.
import { createDatabase } from "../../lib/db";
import { loadChecklist } from "../../lib/setup/store";
import { driveChecklist } from "../../lib/setup/testing/drive-checklist";

const sandboxUrl = process.env.SANDBOX_URL ?? "";
const database = createDatabase(process.env.DATABASE_URL ?? "");
try {
  await database.signInTest.deleteMany({ where: { federationId: "default" } });
  await database.federation.deleteMany({ where: { id: "default" } });
  const results = await driveChecklist(database, { federationId: "default", sandboxUrl, until: "account-access" });
  const failed = Object.entries(results).filter(([, r]) => !r.ok);
  if (failed.length) throw new Error(`setup failed: ${JSON.stringify(failed)}`);
  const cycle = await fetch(`${sandboxUrl}/_sandbox/entra/provisioning/run`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  if (!cycle.ok) throw new Error(`provisioning cycle: ${cycle.status}`);
  // The spec changes the app's SAML claims in the sandbox by its appId.
  process.stdout.write(`appId=${(await loadChecklist(database, "default")).facts.app?.appId ?? ""}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.$disconnect();
}
