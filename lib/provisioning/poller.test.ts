import { describe, expect, it } from "vitest";
import type { Database } from "../db";
import { addListener } from "./interest";
import { createLocalLock, type LeaderLock } from "./leader-lock";
import { POLLER_TIMING, nextDelay, startPoller } from "./poller";
import type { PollResult } from "./poll";

const quiet: PollResult = { federations: [{ federationId: "f", changed: false, snapshotId: 1, logsCopied: 0 }] };

describe("nextDelay", () => {
  const t = POLLER_TIMING;
  it("polls every second while a page listens, and backs off up to the ceiling while idle", () => {
    expect(nextDelay(t, { listeners: 1, idleStreak: 9, isLeader: true })).toBe(1_000);
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
    const poller = startPoller({ database, lock, poll: () => Promise.resolve((polls++, quiet)), timing: { idleInitialMs: 60_000, idleMaxMs: 60_000, wakeMinIntervalMs: 0 } });
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

  it("debounces wakes: a burst of new listeners polls once, and not sooner than the minimum interval after the last poll", async () => {
    const at: number[] = [];
    const lock = createLocalLock();
    const poller = startPoller({ database, lock, poll: () => Promise.resolve((at.push(Date.now()), quiet)), timing: { idleInitialMs: 60_000, idleMaxMs: 60_000, wakeMinIntervalMs: 400 } });
    await expect.poll(() => at.length).toBe(1);
    // Twenty pages connecting at once (each EventSource reconnect is one) must not mean twenty polls.
    for (let i = 0; i < 20; i++) addListener()();
    await new Promise((r) => setTimeout(r, 150));
    expect(at.length).toBe(1);
    await expect.poll(() => at.length).toBe(2);
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(395);
    // Wakes after that poll wait their own interval again, then the idle pace (a minute) holds.
    for (let i = 0; i < 5; i++) poller.wake();
    await expect.poll(() => at.length).toBe(3);
    expect((at[2] as number) - (at[1] as number)).toBeGreaterThanOrEqual(395);
    await new Promise((r) => setTimeout(r, 600));
    expect(at.length).toBe(3);
    await poller.stop();
  });

  it("a wake never polls before the Retry-After Graph asked for", async () => {
    const at: number[] = [];
    const lock = createLocalLock();
    const throttled: PollResult = { ...quiet, retryAfterMs: 700 };
    const poller = startPoller({
      database,
      lock,
      poll: () => Promise.resolve(at.push(Date.now()) === 1 ? throttled : quiet),
      timing: { idleInitialMs: 60_000, idleMaxMs: 60_000, wakeMinIntervalMs: 0 },
    });
    await expect.poll(() => at.length).toBe(1);
    const remove = addListener();
    await new Promise((r) => setTimeout(r, 300));
    expect(at.length).toBe(1);
    await expect.poll(() => at.length, { timeout: 2_000 }).toBe(2);
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(695);
    remove();
    await poller.stop();
  });

  it("a wake never delays a poll that was due sooner", async () => {
    let polls = 0;
    const lock = createLocalLock();
    const poller = startPoller({ database, lock, poll: () => Promise.resolve((polls++, quiet)), timing: { idleInitialMs: 100, idleMaxMs: 100, wakeMinIntervalMs: 5_000 } });
    await expect.poll(() => polls).toBe(1);
    poller.wake();
    await expect.poll(() => polls).toBeGreaterThanOrEqual(3);
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
