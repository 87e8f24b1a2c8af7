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
