import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { bin, quietEnv } from "./lib/boot";
import { createThrowawayDatabase } from "./lib/postgres";

// `npm run test:integration [sqlite|postgres]`: the integration suite once per provider, each on a
// freshly migrated throwaway database that is removed afterwards.
const wanted = process.argv.slice(2);
const providers = (wanted.length ? wanted : ["sqlite", "postgres"]) as ("sqlite" | "postgres")[];

function run(provider: string, databaseUrl: string): boolean {
  const env = { ...process.env, ...quietEnv, DATABASE_URL: databaseUrl };
  const migrate = spawnSync(bin("prisma"), ["migrate", "deploy"], { env, encoding: "utf8" });
  if (migrate.status !== 0) {
    process.stderr.write(`[${provider}] migrate deploy failed:\n${migrate.stdout}${migrate.stderr}\n`);
    return false;
  }
  process.stdout.write(`\n[integration] ${provider}\n`);
  return spawnSync(bin("vitest"), ["run", "--project", "integration"], { env, stdio: "inherit" }).status === 0;
}

let ok = true;
for (const provider of providers) {
  if (provider === "sqlite") {
    fs.mkdirSync("data", { recursive: true });
    const file = path.join("data", `test-${Date.now()}-${process.pid}.db`);
    try {
      ok = run("sqlite", `file:./${file}`) && ok;
    } finally {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
    }
  } else {
    const database = await createThrowawayDatabase("it");
    try {
      ok = run("postgres", database.url) && ok;
    } finally {
      await database.drop();
    }
  }
}
process.exit(ok ? 0 : 1);
