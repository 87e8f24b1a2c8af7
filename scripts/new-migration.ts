import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// `npm run db:new-migration -- <name>`: writes the migration for the schema change to BOTH providers,
// diffing each provider's committed migrations against prisma/models. PostgreSQL needs the local server
// (the diff replays the migrations in a throwaway shadow database).

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write("usage: npm run db:new-migration -- <snake_case_name>\n");
  process.exit(2);
}
const pgUrl = process.env.MIGRATION_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

for (const [provider, databaseUrl] of [["sqlite", "file:./data/migration-scratch.db"], ["postgres", pgUrl]] as const) {
  const migrations = path.join("prisma", provider, "migrations");
  const hasMigrations = fs.existsSync(migrations) && fs.readdirSync(migrations).some((d) => /^\d/.test(d));
  const from = hasMigrations ? ["--from-migrations", migrations] : ["--from-empty"];
  const sql = execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "diff", ...from, "--to-schema-datamodel", path.join("prisma", provider), "--script"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    process.stdout.write(`${provider}: schema and migrations already agree; nothing written\n`);
    continue;
  }
  const dir = path.join(migrations, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  if (!hasMigrations) fs.writeFileSync(path.join(migrations, "migration_lock.toml"), `provider = "${provider === "postgres" ? "postgresql" : "sqlite"}"\n`);
  process.stdout.write(`${provider}: wrote ${dir}/migration.sql\n`);
}
