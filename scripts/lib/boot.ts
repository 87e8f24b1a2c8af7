import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { EnvError, parseEnv, type Env } from "../../lib/config/env";
import { describeDatabaseUrl } from "../../lib/database-url";
import type { SandboxServer } from "../../sandbox/core/server";

export const bin = (name: string) => path.join("node_modules", ".bin", name);

/** Environment shared by every child process: no telemetry, no SDK nags. */
export const quietEnv = {
  NEXT_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

export function say(message: string) {
  process.stdout.write(`\x1b[36m[identity-bridge]\x1b[0m ${message}\n`);
}

export function validateEnvOrExit(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof EnvError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/** Migrations run at start-up, never in `build`: the same build serves a new or an existing database. */
export function migrateOrExit(env: Env) {
  say(`database: ${describeDatabaseUrl(env.DATABASE_URL)}, applying migrations`);
  const result = spawnSync(bin("prisma"), ["migrate", "deploy"], { env: { ...process.env, ...quietEnv, DATABASE_URL: env.DATABASE_URL }, encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write(`migrations failed:\n${result.stdout}\n${result.stderr}\n`);
    process.exit(1);
  }
  const applied = /(\d+) migrations? found/.exec(result.stdout)?.[1];
  say(`database ready${applied ? ` (${applied} migrations)` : ""}`);
}

/** In sandbox mode, start the sandbox cloud in this process unless one already answers at SANDBOX_URL. */
export async function startSandboxIfNeeded(env: Env): Promise<SandboxServer | undefined> {
  if (env.IB_MODE !== "sandbox") return undefined;
  const url = new URL(env.SANDBOX_URL);
  try {
    const response = await fetch(new URL("/_sandbox/health", url), { signal: AbortSignal.timeout(1_000) });
    if (response.ok) {
      say(`sandbox cloud already running at ${url.origin}`);
      return undefined;
    }
  } catch {
    // nothing there yet: start one
  }
  // Loaded only here, so live mode never even loads the sandbox code.
  const [{ startSandbox }, { createSandboxModules }] = await Promise.all([import("../../sandbox/core/server"), import("../../sandbox/modules")]);
  const sandbox = await startSandbox({ host: url.hostname, port: Number(url.port || 4010), modules: createSandboxModules() });
  say(`sandbox cloud listening on ${sandbox.url}`);
  return sandbox;
}

/** Runs a child with our environment; this process exits with it, and passes signals on. */
export function runForeground(command: string, args: string[], env: NodeJS.ProcessEnv, onExit: () => Promise<void>): ChildProcess {
  const child = spawn(command, args, { stdio: "inherit", env: { ...env, ...quietEnv } });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => {
    void onExit().finally(() => process.exit(code ?? 0));
  });
  return child;
}
