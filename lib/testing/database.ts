import { createDatabase, type Database } from "../db";
import { databaseProvider } from "../database-url";

/**
 * Integration tests run once per provider (scripts/integration.ts sets DATABASE_URL to a migrated
 * throwaway database). These helpers refuse anything that does not look like such a database.
 */
export function testDatabase(): Database {
  const url = process.env.DATABASE_URL;
  if (!url || !/(ib_it_|\/data\/test-)/.test(url)) throw new Error("integration tests need DATABASE_URL of a throwaway test database (run npm run test:integration)");
  return createDatabase(url);
}

export const testProvider = () => databaseProvider(process.env.DATABASE_URL ?? "");

/** The append-only triggers of both audit tables, as the migrations create them on SQLite. */
const SQLITE_TRIGGERS = ["AuditEvent", "AuditCheckpoint"].flatMap((table) =>
  ["UPDATE", "DELETE"].map((op) => ({
    name: `${table}_refuse_${op.toLowerCase()}`,
    create: `CREATE TRIGGER "${table}_refuse_${op.toLowerCase()}" BEFORE ${op} ON "${table}" BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`,
  })),
);

/**
 * Runs `tamper` with the append-only triggers of AuditEvent and AuditCheckpoint switched off, as an
 * attacker with direct database access could, so tests can prove that verifyAuditChain() still notices
 * (and so tests can empty both tables between cases).
 */
export async function withAuditTriggersOff(database: Database, tamper: () => Promise<unknown>) {
  if (testProvider() === "postgres") {
    for (const table of ["AuditEvent", "AuditCheckpoint"]) await database.$executeRawUnsafe(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    try {
      await tamper();
    } finally {
      for (const table of ["AuditEvent", "AuditCheckpoint"]) await database.$executeRawUnsafe(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
    }
    return;
  }
  for (const trigger of SQLITE_TRIGGERS) await database.$executeRawUnsafe(`DROP TRIGGER "${trigger.name}"`);
  try {
    await tamper();
  } finally {
    for (const trigger of SQLITE_TRIGGERS) await database.$executeRawUnsafe(trigger.create);
  }
}
