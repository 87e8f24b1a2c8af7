import { startSandbox } from "./core/server";
import { SANDBOX } from "./fixtures";
import { createSandboxModules } from "./modules";

// `npm run sandbox`: the sandbox cloud alone, on SANDBOX_PORT (default 4010).
const port = Number(process.env.SANDBOX_PORT ?? SANDBOX.port);
const users = process.env.SANDBOX_SEED_USERS ? Number(process.env.SANDBOX_SEED_USERS) : undefined;
// e.g. SANDBOX_SEED_ACCOUNTS=50 SANDBOX_SEED_OUS="Workloads/Prod,Workloads/Dev,Sandbox": generated member accounts in nested OUs.
const accounts = process.env.SANDBOX_SEED_ACCOUNTS ? Number(process.env.SANDBOX_SEED_ACCOUNTS) : undefined;
const ous = process.env.SANDBOX_SEED_OUS ? process.env.SANDBOX_SEED_OUS.split(",").map((p) => p.trim()) : undefined;

startSandbox({ port, modules: createSandboxModules(), seed: { users, accounts, ous } })
  .then((sandbox) => {
    process.stdout.write(`sandbox cloud listening on ${sandbox.url}\n`);
    const stop = () => void sandbox.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  })
  .catch((error: unknown) => {
    process.stderr.write(`sandbox cloud failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
