import fs from "node:fs";
import path from "node:path";

/** The embedded default: a SQLite file under the gitignored data folder. */
export const DEFAULT_DATABASE_URL = "file:./data/identity-bridge.db";

export type DatabaseProvider = "sqlite" | "postgres";

export function databaseProvider(url: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL); got "${url.split(":")[0]}:…"`);
}

/** A connection string with any password replaced, for messages and logs. */
export function describeDatabaseUrl(url: string): string {
  if (databaseProvider(url) === "sqlite") return `SQLite (${url.replace(/^file:/, "")})`;
  const parsed = new URL(url);
  return `PostgreSQL (${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname})`;
}

/** The file a SQLite URL names, resolved against the working directory (as Prisma and better-sqlite3 do). */
export function sqliteFilePath(url: string): string {
  return path.resolve(url.replace(/^file:/, "").split("?")[0] ?? "");
}

/**
 * A SQLite database holds the audit log, the helpdesk's diagnoses and encrypted secrets, so its file is readable by
 * this user only (0600), like the development key files: created empty with that mode before SQLite or Prisma
 * opens it (an empty file is a valid, empty database), and tightened if an older version left it 0644. SQLite gives
 * its journal, WAL and shared-memory files the database file's permissions (https://www.sqlite.org/tempfiles.html).
 * Does nothing for PostgreSQL URLs.
 */
export function ensurePrivateSqliteFile(url: string): void {
  if (databaseProvider(url) !== "sqlite") return;
  const file = sqliteFilePath(url);
  if (file.endsWith(":memory:")) return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // wx: never truncate a database another process has just created.
    fs.writeFileSync(file, "", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // The mode given at creation is masked by the umask; set it explicitly, and fix files made world-readable before.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
}
