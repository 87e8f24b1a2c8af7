import { migrateOrExit, runForeground, say, startSandboxIfNeeded, validateEnvOrExit, bin } from "./lib/boot";

// `npm start`: like `npm run dev` but serves the production build (`npm run build` first).
const env = validateEnvOrExit();
migrateOrExit(env);
const sandbox = await startSandboxIfNeeded(env);
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "0.0.0.0";
say(`portal starting on http://${host}:${port} in ${env.IB_MODE} mode`);
runForeground(bin("next"), ["start", "-H", host, "-p", port], process.env, async () => {
  await sandbox?.close();
});
