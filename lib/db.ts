import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "./config/env";
import { databaseProvider, ensurePrivateSqliteFile } from "./database-url";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient } from "./generated/sqlite/client";

/** Secrets never leave a query unless the caller asks for them with `omit: { secret: false }`. */
const omit = { connection: { secret: true }, federation: { scimToken: true, scimTokenPrevious: true, roleManagerKey: true, roleManagerKeyRotation: true } } as const;

const createSqlite = (url: string) => new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }), omit });

// Both generated clients come from the same models, so the SQLite client's type serves both providers.
export type Database = ReturnType<typeof createSqlite>;

export function createDatabase(url: string): Database {
  if (databaseProvider(url) === "postgres") {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), omit }) as unknown as Database;
  }
  ensurePrivateSqliteFile(url);
  return createSqlite(url);
}

const globalForDb = globalThis as unknown as { identityBridgeDb?: Database };

/** The one Prisma client of this process. */
export function db(): Database {
  globalForDb.identityBridgeDb ??= createDatabase(env().DATABASE_URL);
  return globalForDb.identityBridgeDb;
}

export const provider = () => databaseProvider(env().DATABASE_URL);
