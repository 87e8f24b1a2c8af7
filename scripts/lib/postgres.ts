import pg from "pg";

/** The local PostgreSQL server the tests use (trust auth on these machines). */
export function pgAdminUrl(): string {
  return process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

/** Creates a throwaway database and returns its URL and a function that drops it. */
export async function createThrowawayDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = pgAdminUrl();
  const name = `ib_${label}_${Date.now()}_${process.pid}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
