import "server-only";
import pg from "pg";
import { databaseProvider } from "../database-url";
import { log } from "../log";

/** Who does the background work: exactly one replica on PostgreSQL, the only process on SQLite. */
export interface LeaderLock {
  /** True while this process holds the lock (acquiring it if free). */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  readonly held: boolean;
}

/** pg_try_advisory_lock key: hashtext of a name only this job uses. */
export const POLLER_LOCK_NAME = "identity-bridge:provisioning-poller";

/**
 * A session-level advisory lock lives as long as the connection that took it, so it is held on a dedicated
 * pg connection outside Prisma's pool (a pooled connection could be handed to another query, or closed, and
 * the lock with it). If that connection drops, PostgreSQL releases the lock and another replica takes over.
 */
export function createAdvisoryLock(databaseUrl: string, name = POLLER_LOCK_NAME): LeaderLock {
  let client: pg.Client | undefined;
  let held = false;
  const drop = async () => {
    const c = client;
    client = undefined;
    held = false;
    await c?.end().catch(() => undefined);
  };
  return {
    get held() {
      return held;
    },
    async tryAcquire() {
      if (held && client) {
        try {
          await client.query("SELECT 1");
          return true;
        } catch {
          await drop();
        }
      }
      const c = new pg.Client({ connectionString: databaseUrl, application_name: "identity-bridge poller" });
      c.on("error", (error) => {
        log("warn", "poller lock connection lost", { error: error.message });
        if (client === c) {
          client = undefined;
          held = false;
        }
      });
      try {
        await c.connect();
        const result = await c.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [name]);
        if (result.rows[0]?.locked === true) {
          client = c;
          held = true;
          return true;
        }
      } catch (error) {
        log("warn", "poller lock unavailable", { error: error instanceof Error ? error.message : String(error) });
      }
      await c.end().catch(() => undefined);
      return false;
    },
    async release() {
      if (client && held) await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]).catch(() => undefined);
      await drop();
    },
  };
}

/** SQLite is one process by construction: it always leads. */
export function createLocalLock(): LeaderLock {
  let held = false;
  return {
    get held() {
      return held;
    },
    tryAcquire: () => Promise.resolve((held = true)),
    release: () => {
      held = false;
      return Promise.resolve();
    },
  };
}

export const createLeaderLock = (databaseUrl: string): LeaderLock => (databaseProvider(databaseUrl) === "postgres" ? createAdvisoryLock(databaseUrl) : createLocalLock());
