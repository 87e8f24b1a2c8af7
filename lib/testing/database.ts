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

const SQLITE_TRIGGERS = [
  `CREATE TRIGGER "AuditEvent_refuse_update" BEFORE UPDATE ON "AuditEvent" BEGIN SELECT RAISE(ABORT, 'AuditEvent is append-only: UPDATE refused'); END`,
  `CREATE TRIGGER "AuditEvent_refuse_delete" BEFORE DELETE ON "AuditEvent" BEGIN SELECT RAISE(ABORT, 'AuditEvent is append-only: DELETE refused'); END`,
];

/**
 * Runs `tamper` with the append-only triggers switched off, as an attacker with direct database
 * access could, so tests can prove that verifyAuditChain() still notices.
 */
export async function withAuditTriggersOff(database: Database, tamper: () => Promise<unknown>) {
  if (testProvider() === "postgres") {
    await database.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
    try {
      await tamper();
    } finally {
      await database.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
    }
    return;
  }
  await database.$executeRawUnsafe(`DROP TRIGGER "AuditEvent_refuse_update"`);
  await database.$executeRawUnsafe(`DROP TRIGGER "AuditEvent_refuse_delete"`);
  try {
    await tamper();
  } finally {
    for (const sql of SQLITE_TRIGGERS) await database.$executeRawUnsafe(sql);
  }
}
