import "server-only";
import { env } from "../config/env";
import { db } from "../db";
import { runDailyHistory } from "../history/schedule";
import { log } from "../log";
import { listenerCount } from "./interest";
import { createLeaderLock } from "./leader-lock";
import { LOG_MIN_INTERVAL_MS, pollProvisioningOnce } from "./poll";
import { startPoller, type ProvisioningPoller } from "./poller";

const globalForPoller = globalThis as unknown as { identityBridgePoller?: ProvisioningPoller };

const HISTORY_CHECK_MS = 60_000;
const WATCHED_LOG_BATCH = 500;
let lastHistoryCheck = 0;
/** The daily record while it runs (one at a time). */
let dailyHistory: Promise<unknown> | undefined;

export const backgroundPoller = (): ProvisioningPoller | undefined => globalForPoller.identityBridgePoller;

/**
 * Starts the provisioning poller once per server process (instrumentation.ts). On PostgreSQL every replica
 * starts one, but only the holder of the advisory lock polls; the others stand by and serve what it stores.
 */
export function startProvisioningBackground(): ProvisioningPoller {
  if (globalForPoller.identityBridgePoller) return globalForPoller.identityBridgePoller;
  const poller = startPoller({
    database: db(),
    lock: createLeaderLock(env().DATABASE_URL),
    // The leader also keeps the daily configuration record and drift check (lib/history/schedule.ts); it runs only
    // when a day has passed since the last one, and never fails the poll.
    poll: async (database) => {
      // While a page watches, a log backlog is copied in smaller batches, so the job is still read every second or so.
      const result = await pollProvisioningOnce(database, { logMinIntervalMs: LOG_MIN_INTERVAL_MS, logBatch: listenerCount() > 0 ? WATCHED_LOG_BATCH : undefined });
      // Polls come every second while a page watches; the daily record needs a look once a minute at most. It runs
      // beside the polls, not inside one: reading live state lists every assigned group's members (100,000 users:
      // tens of seconds), and a poll waiting for it left an open page blind to job changes for that long.
      if (!dailyHistory && Date.now() - lastHistoryCheck >= HISTORY_CHECK_MS) {
        lastHistoryCheck = Date.now();
        dailyHistory = runDailyHistory(database)
          .catch((error: unknown) => log("error", "daily configuration record failed", { error: error instanceof Error ? error.message : String(error) }))
          .finally(() => (dailyHistory = undefined));
      }
      return result;
    },
    timing: { standbyMs: env().IB_POLLER_STANDBY_MS },
  });
  globalForPoller.identityBridgePoller = poller;
  log("info", "provisioning poller started", {});
  const stop = () => {
    if (globalForPoller.identityBridgePoller !== poller) return;
    globalForPoller.identityBridgePoller = undefined;
    void poller.stop().then(() => log("info", "provisioning poller stopped", {}));
  };
  // Next.js exits on these signals itself; this only releases the lock connection on the way out.
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return poller;
}
