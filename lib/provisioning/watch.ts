import "server-only";
import type { Database } from "../db";
import { provisioningEvents, type SnapshotStored } from "./events";
import { addListener } from "./interest";
import { latestSnapshotId } from "./status";

/** How often a listener checks the database: the poller may run on another replica. */
const CHECK_MS = 1_000;

/**
 * Calls `onSnapshot` whenever a newer snapshot of the federation is stored: at once when this process stored
 * it, within a couple of seconds when another replica did. Counts as a listener, so the poller polls fast.
 */
export function watchSnapshots(database: () => Database, federationId: string, since: number, onSnapshot: (id: number) => void): () => void {
  let last = since;
  const seen = (id: number) => {
    if (id <= last) return;
    last = id;
    onSnapshot(id);
  };
  const onEvent = (event: SnapshotStored) => {
    if (event.federationId === federationId) seen(event.snapshotId);
  };
  provisioningEvents().on("snapshot", onEvent);
  const removeListener = addListener();
  const timer = setInterval(() => {
    latestSnapshotId(database(), federationId).then(seen, () => undefined);
  }, CHECK_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    provisioningEvents().off("snapshot", onEvent);
    removeListener();
  };
}
