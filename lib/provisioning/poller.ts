import "server-only";
import type { Database } from "../db";
import { log } from "../log";
import { listenerCount, onInterest } from "./interest";
import type { LeaderLock } from "./leader-lock";
import type { PollResult } from "./poll";

export interface PollerTiming {
  /** While a status page listens: about every second. */
  activeMs: number;
  /** Idle back-off: starts here, doubles after each quiet poll… */
  idleInitialMs: number;
  /** …up to here (cycles run every 40 minutes, so a few minutes' lag with nobody watching is harmless). */
  idleMaxMs: number;
  /** A replica that does not hold the lock tries again this often, in case the leader went away. */
  standbyMs: number;
  /** While provisioning log entries wait to be copied (a big cycle), poll again after this. */
  backlogMs: number;
  /**
   * A wake (a page started listening) polls at once only if the last poll is at least this old; otherwise it
   * brings the next poll forward to this long after the last one. Every reconnecting stream wakes the poller,
   * so without this a crowd of pages would poll Graph as fast as they connect.
   */
  wakeMinIntervalMs: number;
}

/**
 * activeMs: a watched job is read every second, so a change reaches the open page in about a second. One GET of
 * the job costs 1 resource unit of the identity-and-access budget (3,500+ per 10 s per app and tenant,
 * https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits); the provisioning logs,
 * limited to 5 requests per 10 s, are read only when the job changed (lib/provisioning/poll.ts). A 429's
 * Retry-After always wins (nextDelay).
 */
export const POLLER_TIMING: PollerTiming = { activeMs: 1_000, idleInitialMs: 30_000, idleMaxMs: 5 * 60_000, standbyMs: 30_000, backlogMs: 2_000, wakeMinIntervalMs: 1_000 };

export interface ProvisioningPoller {
  stop(): Promise<void>;
  /**
   * Poll soon (a page started listening): at once when the last poll is at least `wakeMinIntervalMs` old,
   * else that long after it, and never before a Retry-After Graph asked for has passed.
   */
  wake(): void;
  readonly isLeader: boolean;
  readonly polls: number;
}

export interface PollerOptions {
  database: Database;
  lock: LeaderLock;
  poll: (database: Database) => Promise<PollResult>;
  timing?: Partial<PollerTiming>;
}

/** The next wait: fast while watched, backing off while idle, never sooner than Graph's Retry-After. */
export function nextDelay(timing: PollerTiming, state: { listeners: number; idleStreak: number; retryAfterMs?: number; isLeader: boolean; backlog?: boolean }): number {
  if (!state.isLeader) return timing.standbyMs;
  const pace = state.listeners > 0 ? timing.activeMs : Math.min(timing.idleMaxMs, timing.idleInitialMs * 2 ** Math.max(0, state.idleStreak - 1));
  const base = state.backlog ? Math.min(pace, timing.backlogMs) : pace;
  return Math.max(base, state.retryAfterMs ?? 0);
}

/**
 * When a wake may poll: not sooner than `wakeMinIntervalMs` after the last poll, and not before the Retry-After
 * of a throttled poll has passed (https://learn.microsoft.com/graph/throttling#best-practices-to-handle-throttling).
 */
export function earliestWake(timing: PollerTiming, state: { lastPollAt?: number; retryUntil?: number }): number {
  return Math.max(state.lastPollAt === undefined ? 0 : state.lastPollAt + timing.wakeMinIntervalMs, state.retryUntil ?? 0);
}

/**
 * The background loop: take the leader lock (or stand by), poll, sleep, repeat. The sleep is interruptible so
 * a page that starts listening gets fresh data at once, and every timer is unref'd so the poller never keeps
 * the process alive; stop() ends the loop and releases the lock.
 */
export function startPoller(options: PollerOptions): ProvisioningPoller {
  const timing = { ...POLLER_TIMING, ...options.timing };
  let stopped = false;
  let polls = 0;
  let idleStreak = 0;
  let lastPollAt: number | undefined;
  let retryUntil: number | undefined;
  let sleeping: { resolve: () => void; deadline: number } | undefined;
  let timer: NodeJS.Timeout | undefined;

  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => sleeping?.resolve(), Math.max(0, ms));
    timer.unref();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeping = { resolve, deadline: Date.now() + ms };
      arm(ms);
    }).finally(() => {
      clearTimeout(timer);
      sleeping = undefined;
    });
  /** Brings the sleep's end forward to the earliest moment a wake may poll; never delays it, never ends it sooner. */
  const wake = () => {
    if (!sleeping) return; // polling right now: the result is as fresh as a wake would get
    const now = Date.now();
    const at = Math.max(now, earliestWake(timing, { lastPollAt, retryUntil }));
    if (at >= sleeping.deadline) return;
    sleeping.deadline = at;
    if (at <= now) sleeping.resolve();
    else arm(at - now);
  };
  const offInterest = onInterest(wake);

  const loop = (async () => {
    while (!stopped) {
      let retryAfterMs: number | undefined;
      let isLeader = false;
      let backlog = false;
      try {
        isLeader = await options.lock.tryAcquire();
        if (isLeader && !stopped) {
          const began = Date.now();
          const result = await options.poll(options.database);
          polls++;
          log("debug", "provisioning poll", {
            ms: Date.now() - began,
            federations: result.federations.map((f) => ({ id: f.federationId, changed: f.changed, snapshotId: f.snapshotId, logsCopied: f.logsCopied, error: f.error })),
          });
          retryAfterMs = result.retryAfterMs;
          backlog = result.federations.some((f) => f.logBacklog);
          idleStreak = result.federations.some((f) => f.changed) ? 0 : idleStreak + 1;
        }
      } catch (error) {
        idleStreak++;
        log("error", "provisioning poller failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
      if (stopped) break;
      // A standby replica's lock attempt counts as a poll here too: waking it only retries the lock.
      lastPollAt = Date.now();
      retryUntil = retryAfterMs ? lastPollAt + retryAfterMs : undefined;
      const delay = nextDelay(timing, { listeners: listenerCount(), idleStreak, retryAfterMs, isLeader, backlog });
      log("debug", "provisioning poller sleeps", { ms: delay, listeners: listenerCount(), retryAfterMs, backlog });
      await sleep(delay);
    }
  })();

  return {
    get isLeader() {
      return options.lock.held;
    },
    get polls() {
      return polls;
    },
    wake,
    async stop() {
      stopped = true;
      offInterest();
      sleeping?.resolve();
      await loop;
      await options.lock.release();
    },
  };
}
