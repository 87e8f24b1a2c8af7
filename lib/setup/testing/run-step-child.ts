import { createDatabase } from "../../db";
import { runSetupStep } from "../run-step";
import type { StepId } from "../steps";

// A portal process running one step, so an integration test can SIGKILL it mid-attempt (a crash, not a thrown
// error). Run with `tsx --conditions=react-server`; DATABASE_URL, SANDBOX_URL and IB_MODE come from the test.
// Usage: run-step-child.ts <step> <federationId> <leaseMs>
const [step, federationId, leaseMs] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!step || !federationId || !url) throw new Error("usage: run-step-child.ts <step> <federationId> <leaseMs> (with DATABASE_URL)");
const database = createDatabase(url);
const result = await runSetupStep(database, step as StepId, "run", undefined, { email: "child@contoso.test", name: "Child" }, federationId, {
  leaseMs: Number(leaseMs ?? 30_000),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
await database.$disconnect();
