import "server-only";
import { eventStream } from "../http/sse";
import { log } from "../log";

/**
 * How many live-update streams one user may hold open in this process. A status page holds one; a few tabs are
 * normal, a script opening hundreds is not (each holds a connection, timers and a database check every 2 s).
 * OWASP: limit the resources a single user can hold (https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/).
 */
export const MAX_STREAMS_PER_USER = 5;

/** How often an open stream re-reads the session that opened it, so a signed-out or demoted user stops receiving. */
export const SESSION_RECHECK_MS = 60_000;

const globalForStreams = globalThis as unknown as { identityBridgeEventStreams?: Map<string, number> };
const openStreams = () => (globalForStreams.identityBridgeEventStreams ??= new Map());

/** Takes one of `key`'s stream slots: a release function (idempotent), or null when all are taken. */
export function claimStreamSlot(key: string, max = MAX_STREAMS_PER_USER): (() => void) | null {
  const streams = openStreams();
  const held = streams.get(key) ?? 0;
  if (held >= max) return null;
  streams.set(key, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (streams.get(key) ?? 1) - 1;
    if (left > 0) streams.set(key, left);
    else streams.delete(key);
  };
}

export const openStreamCount = (key: string) => openStreams().get(key) ?? 0;

export interface SnapshotStreamOptions {
  /** The request's signal: the stream ends when the browser goes away. */
  signal: AbortSignal;
  /** Starts watching; calls `send` with each newer snapshot id; returns the function that stops watching. */
  watch(send: (snapshotId: number) => void): () => void;
  /** Is the session that opened the stream still signed in and allowed to read it? Re-read every `recheckMs`. */
  stillAllowed(): Promise<boolean>;
  /** Runs once when the stream ends, however it ends (releases the user's slot). */
  onClose(): void;
  recheckMs?: number;
  heartbeatMs?: number;
}

/**
 * The status page's server-sent events: `snapshot` when a newer snapshot is stored, and `end` before the server
 * closes a stream whose session is no longer valid — the page then stops instead of reconnecting (a reconnect would
 * only be refused).
 */
export function snapshotEventStream(options: SnapshotStreamOptions): ReadableStream<Uint8Array> {
  return eventStream({
    signal: options.signal,
    onClose: options.onClose,
    heartbeatMs: options.heartbeatMs,
    open: (sink) => {
      const unwatch = options.watch((id) => sink.send("snapshot", { id }));
      let checking = false;
      const recheck = setInterval(() => {
        if (checking) return;
        checking = true;
        options.stillAllowed().then(
          (allowed) => {
            checking = false;
            if (!allowed) sink.close("session");
          },
          // Could not tell (the session store failed): close without `end`, so the browser reconnects through the guard.
          (error: unknown) => {
            checking = false;
            log("warn", "live-updates stream: the session re-check failed; closing the stream", { error: error instanceof Error ? error.message : String(error) });
            sink.close();
          },
        );
      }, options.recheckMs ?? SESSION_RECHECK_MS);
      recheck.unref();
      return () => {
        clearInterval(recheck);
        unwatch();
      };
    },
  });
}
