import { describe, expect, it } from "vitest";
import type { Database } from "../db";
import { addListener } from "./interest";
import { createLocalLock, type LeaderLock } from "./leader-lock";
import { POLLER_TIMING, nextDelay, startPoller } from "./poller";
import type { PollResult } from "./poll";

const quiet: PollResult = { federations: [{ federationId: "f", changed: false, snapshotId: 1, logsCopied: 0 }] };

describe("nextDelay", () => {
  const t = POLLER_TIMING;
  it("polls about every 10 s while a page listens, and backs off up to the ceiling while idle", () => {
    expect(nextDelay(t, { listeners: 1, idleStreak: 9, isLeader: true })).toBe(10_000);
    // A log backlog is copied at a quicker pace, but never faster than Graph's Retry-After allows.
    expect(nextDelay(t, { listeners: 0, idleStreak: 9, isLeader: true, backlog: true })).toBe(t.backlogMs);
    expect(nextDelay(t, { listeners: 0, idleStreak: 9, isLeader: true, backlog: true, retryAfterMs: 7_000 })).toBe(7_000);
    expect(nextDelay(t, { listeners: 0, idleStreak: 1, isLeader: true })).toBe(30_000);
    expect(nextDelay(t, { listeners: 0, idleStreak: 2, isLeader: true })).toBe(60_000);
    expect(nextDelay(t, { listeners: 0, idleStreak: 20, isLeader: true })).toBe(300_000);
  });
  it("never polls sooner than Graph's Retry-After, and a standby replica only retries the lock", () => {
    expect(nextDelay(t, { listeners: 1, idleStreak: 0, retryAfterMs: 45_000, isLeader: true })).toBe(45_000);
    expect(nextDelay(t, { listeners: 1, idleStreak: 0, isLeader: false })).toBe(30_000);
  });
});

describe("startPoller", () => {
  const database = {} as Database;
  it("polls only while it holds the lock, wakes up when a page starts listening, and stops cleanly", async () => {
    let polls = 0;
    const lock = createLocalLock();
    const poller = startPoller({ database, lock, poll: () => Promise.resolve((polls++, quiet)), timing: { idleInitialMs: 60_000, idleMaxMs: 60_000 } });
    await expect.poll(() => polls).toBe(1);
    const remove = addListener(); // wakes the idle sleep
    await expect.poll(() => polls).toBe(2);
    remove();
    await poller.stop();
    expect(lock.held).toBe(false);
    const after = polls;
    await new Promise((r) => setTimeout(r, 50));
    expect(polls).toBe(after);
  });

  it("a page that starts listening while a poll is under way still gets a prompt poll, not the idle back-off", async () => {
    let polls = 0;
    let release: (() => void) | undefined;
    const lock = createLocalLock();
    const poll = () => {
      polls++;
      // The second poll hangs until the test lets it finish, so the listener arrives mid-poll.
      if (polls === 2) return new Promise<PollResult>((resolve) => (release = () => resolve(quiet)));
      return Promise.resolve(quiet);
    };
    const poller = startPoller({ database, lock, poll, timing: { idleInitialMs: 60_000, idleMaxMs: 60_000 } });
    await expect.poll(() => polls).toBe(1);
    poller.wake();
    await expect.poll(() => polls).toBe(2);
    // A stream opens and closes again during the poll: at the end of it nobody seems to listen.
    addListener()();
    release?.();
    await expect.poll(() => polls, { timeout: 1_000 }).toBe(3);
    await poller.stop();
  });

  it("a replica without the lock never polls", async () => {
    let polls = 0;
    let tries = 0;
    const lock: LeaderLock = { held: false, tryAcquire: () => Promise.resolve((tries++, false)), release: () => Promise.resolve() };
    const poller = startPoller({ database, lock, poll: () => Promise.resolve((polls++, quiet)), timing: { standbyMs: 5 } });
    await expect.poll(() => tries).toBeGreaterThan(3);
    await poller.stop();
    expect(polls).toBe(0);
  });
});
