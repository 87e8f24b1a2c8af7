import { spawnSync } from "node:child_process";
import path from "node:path";
import { pgAdminUrl } from "./lib/postgres";

// Fails when the schema changed without a migration, for either provider: each provider's committed
// migrations are replayed into a scratch database and compared with prisma/models.
const prisma = path.join("node_modules", ".bin", "prisma");
let failed = false;
for (const [provider, databaseUrl] of [["sqlite", "file:./data/migration-check.db"], ["postgres", pgAdminUrl()]] as const) {
  const result = spawnSync(
    prisma,
    ["migrate", "diff", "--from-migrations", path.join("prisma", provider, "migrations"), "--to-schema-datamodel", path.join("prisma", provider), "--exit-code", "--script"],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" },
  );
  if (result.status === 0) {
    process.stdout.write(`migrations: ${provider} matches prisma/models\n`);
  } else if (result.status === 2) {
    failed = true;
    process.stderr.write(`migrations: ${provider} migrations do not match prisma/models. Run npm run db:new-migration -- <name>.\nMissing:\n${result.stdout}\n`);
  } else {
    failed = true;
    process.stderr.write(`migrations: could not check ${provider}:\n${result.stderr}\n`);
  }
}
process.exit(failed ? 1 : 0);
