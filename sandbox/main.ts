import { startSandbox } from "./core/server";
import { SANDBOX } from "./fixtures";
import { createSandboxModules } from "./modules";

// `npm run sandbox`: the sandbox cloud alone, on SANDBOX_PORT (default 4010).
const port = Number(process.env.SANDBOX_PORT ?? SANDBOX.port);
const users = process.env.SANDBOX_SEED_USERS ? Number(process.env.SANDBOX_SEED_USERS) : undefined;

startSandbox({ port, modules: createSandboxModules(), seed: { users } })
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
