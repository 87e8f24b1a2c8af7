import { migrateOrExit, runForeground, say, startSandboxIfNeeded, validateEnvOrExit, bin } from "./lib/boot";

// `npm run dev`: validate the environment, migrate the database, start the sandbox cloud (sandbox
// mode), then the Next.js dev server on http://localhost:3000 (PORT changes it).
const env = validateEnvOrExit();
migrateOrExit(env);
const sandbox = await startSandboxIfNeeded(env);
const port = process.env.PORT ?? "3000";
say(`portal starting on http://localhost:${port} in ${env.IB_MODE} mode`);
runForeground(bin("next"), ["dev", "-p", port], process.env, async () => {
  await sandbox?.close();
});
