import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { DEFAULT_DATABASE_URL, databaseProvider, ensurePrivateSqliteFile } from "./lib/database-url";

// The Prisma CLI on these machines runs with the JavaScript engine and driver adapters only: nothing
// may be downloaded. Each workaround below is explained in ../shared/reference/stack-probe.md (G3–G9).

const url = (process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL); // G3: an unresolved url makes the CLI try a download
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= path.resolve("package.json"); // G4: show real schema errors
process.env.CHECKPOINT_DISABLE ??= "1";

// G8: the wasm schema engine leaves long timers behind; unref them so the CLI exits when done.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = realSetTimeout(fn, ms, ...args);
  if ((ms ?? 0) >= 5_000) timer.unref();
  return timer;
}) as typeof setTimeout;

const provider = databaseProvider(url);
ensurePrivateSqliteFile(url); // G9: the folder must exist; and the file is created 0600, not 0644

// G5: the shadow-database replay runs each migration through prepare(), which takes one statement.
class SQLiteFactory extends PrismaBetterSQLite3 {
  override async connectToShadowDb() {
    const adapter = await super.connectToShadowDb();
    const executeOne = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = (query) => (query.args.length ? executeOne(query) : adapter.executeScript(query.sql).then(() => 0));
    return adapter;
  }
}

interface PgFields {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  idleTimeoutMillis: number;
}

// G6b: discrete fields, never a connection string, or the shadow database would be the real one.
function pgFields(connection: string): PgFields {
  const u = new URL(connection);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
    idleTimeoutMillis: 1_000,
  };
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

// adapter-pg 6.19 runs a migration by splitting it on every ";", which breaks dollar-quoted function
// bodies (our audit trigger). Send the script whole instead: with no parameters pg uses the simple
// query protocol, which takes several statements at once.
function wholeScripts(adapter: PgAdapter): PgAdapter {
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

// G6c: create the shadow database ourselves and drop it once Prisma is done with it.
class PgFactory extends PrismaPg {
  constructor(private readonly fields: PgFields) {
    super(fields);
  }

  override async connect() {
    return wholeScripts(await super.connect());
  }

  override async connectToShadowDb() {
    const shadow = `prisma_shadow_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ ...this.fields, database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${shadow}"`);
    const adapter = wholeScripts(await new PrismaPg({ ...this.fields, database: shadow }).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${shadow}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  }
}

// G6a: adapter-pg 6.19 cannot map the catalog types "char" (18) and name (19); read them as text (25).
if (provider === "postgres") {
  const Result = createRequire(import.meta.url)("pg/lib/result") as { prototype: { addFields(fields: { dataTypeID: number }[]): void } };
  const addFields = Result.prototype.addFields;
  Result.prototype.addFields = function (fields) {
    for (const field of fields) if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
    addFields.call(this, fields);
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider),
  migrations: { path: path.join("prisma", provider, "migrations") },
  adapter: async () => (provider === "postgres" ? new PgFactory(pgFields(url)) : new SQLiteFactory({ url })),
});
