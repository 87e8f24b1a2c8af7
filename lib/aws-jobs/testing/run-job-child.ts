import { createAwsClients, resolveAwsTarget } from "../../aws/clients";
import { createDatabase } from "../../db";
import { JOB_CLIENT_OPTIONS, runAwsJob } from "../runner";

// A portal process running one AWS job, so an integration test can SIGKILL it midway (a crash, not a thrown error).
// Run with `node --import tsx --conditions=react-server`; DATABASE_URL and SANDBOX_URL come from the test.
// Usage: run-job-child.ts <jobId> <leaseMs>
const [jobId, leaseMs] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
const sandboxUrl = process.env.SANDBOX_URL;
if (!jobId || !url || !sandboxUrl) throw new Error("usage: run-job-child.ts <jobId> <leaseMs> (with DATABASE_URL and SANDBOX_URL)");
const database = createDatabase(url);
const clients = createAwsClients(resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, { IB_MODE: "sandbox", SANDBOX_URL: sandboxUrl }), JOB_CLIENT_OPTIONS);
const result = await runAwsJob(database, jobId, { clients, leaseMs: Number(leaseMs ?? 30_000) });
process.stdout.write(`${JSON.stringify(result)}\n`);
clients.destroy();
await database.$disconnect();
