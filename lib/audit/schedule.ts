import type { Database } from "../db";
import { log } from "../log";
import { takeCheckpoint } from "./checkpoint";

/** A checkpoint at least every this many events… */
export const CHECKPOINT_EVERY_EVENTS = 100;
/** …and after the first append once this long has passed since this process's last one. */
export const CHECKPOINT_EVERY_MS = 10 * 60_000;

let lastCheckpointAt = 0;

/** Whether the append that produced `seq` should be followed by a checkpoint. */
export function checkpointDue(seq: number, now = Date.now()): boolean {
  return seq % CHECKPOINT_EVERY_EVENTS === 0 || now - lastCheckpointAt >= CHECKPOINT_EVERY_MS;
}

/** Takes a checkpoint; a failure is logged, never thrown: the event it follows is already written. */
export async function takeCheckpointQuietly(database: Database): Promise<void> {
  lastCheckpointAt = Date.now();
  try {
    await takeCheckpoint(database);
  } catch (error) {
    log("error", "audit checkpoint failed", { error: error instanceof Error ? error.message : String(error) });
  }
}
