"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Listens for new snapshots (server-sent events) and re-renders the page from the server when one lands.
 * The server ends a stream whose session is no longer valid (`end`): the page then connects once more with the
 * browser's current cookie (another tab may have renewed it); a server that refuses that connection (signed out,
 * or too many open pages) leaves the EventSource closed, and the page says live updates stopped.
 */
export function LiveUpdates({ federationId, snapshotId }: { federationId: string; snapshotId: number }) {
  const router = useRouter();
  const [connected, setConnected] = useState(false);
  const [ended, setEnded] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const source = new EventSource(`/provisioning/events?federation=${encodeURIComponent(federationId)}&since=${snapshotId}&attempt=${attempt}`);
    source.onopen = () => {
      setConnected(true);
      setEnded(false);
    };
    source.onerror = () => {
      setConnected(false);
      // CLOSED (not CONNECTING) means the server answered with an error status: the browser will not retry.
      if (source.readyState === EventSource.CLOSED) setEnded(true);
    };
    source.addEventListener("snapshot", () => router.refresh());
    source.addEventListener("end", () => {
      source.close();
      setConnected(false);
      setAttempt((n) => n + 1);
    });
    return () => source.close();
  }, [federationId, snapshotId, router, attempt]);
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-600" data-testid="live-indicator" data-connected={connected} data-ended={ended}>
      <span aria-hidden className={`size-2 rounded-full ${connected ? "bg-emerald-500" : "bg-slate-300"}`} />
      {connected
        ? "Live: updates appear by themselves"
        : ended
          ? "Live updates stopped (signed out, or too many open pages). Reload the page to try again."
          : "Connecting for live updates…"}
    </span>
  );
}
