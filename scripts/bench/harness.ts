import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Database } from "../../lib/db";
import type { SandboxServer } from "../../sandbox/core/server";
import { bin, quietEnv } from "../lib/boot";

/** What every benchmark section gets: a sandbox cloud, a freshly migrated SQLite database, and a way to poke the sandbox. */
export interface BenchHarness {
  sandbox: SandboxServer;
  database: Database;
  databaseUrl: string;
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function withHarness<T>(name: string, run: (harness: BenchHarness) => Promise<T>, options: { seedUsers?: number } = {}): Promise<T> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.IB_LOG_LEVEL ??= "error";
  fs.mkdirSync("data", { recursive: true });
  const file = path.join("data", `bench-${name}-${Date.now()}.db`);
  const databaseUrl = `file:./${file}`;
  const migrate = spawnSync(bin("prisma"), ["migrate", "deploy"], { env: { ...process.env, ...quietEnv, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);

  const [{ startSandbox }, { createAwsModule }, { createEntraModule }] = await Promise.all([
    import("../../sandbox/core/server"),
    import("../../sandbox/aws"),
    import("../../sandbox/entra"),
  ]);
  const sandbox = await startSandbox({ port: Number(process.env.BENCH_SANDBOX_PORT) || 0, modules: [createAwsModule(), createEntraModule()], seed: { users: options.seedUsers } });
  process.env.SANDBOX_URL = sandbox.url;
  process.env.IB_MODE = "sandbox";
  const { createDatabase } = await import("../../lib/db");
  const database = createDatabase(databaseUrl);
  const call = async <R>(method: string, p: string, body?: unknown): Promise<R> => {
    const response = await fetch(`${sandbox.url}${p}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} ${p}: ${response.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : {}) as R;
  };
  try {
    return await run({ sandbox, database, databaseUrl, call });
  } finally {
    await database.$disconnect();
    await sandbox.close();
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  }
}

export const pad = (s: string | number, n: number) => String(s).padStart(n);
export const out = (line = "") => process.stdout.write(`${line}\n`);
