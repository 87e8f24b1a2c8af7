"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** Listens for new snapshots (server-sent events) and re-renders the page from the server when one lands. */
export function LiveUpdates({ federationId, snapshotId }: { federationId: string; snapshotId: number }) {
  const router = useRouter();
  const [connected, setConnected] = useState(false);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/provisioning/events?federation=${encodeURIComponent(federationId)}&since=${snapshotId}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("snapshot", () => router.refresh());
    // The server ends the stream when the session is no longer valid: reconnecting would only be refused.
    source.addEventListener("end", () => {
      source.close();
      setConnected(false);
      setEnded(true);
    });
    return () => source.close();
  }, [federationId, snapshotId, router]);
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-600" data-testid="live-indicator" data-connected={connected} data-ended={ended}>
      <span aria-hidden className={`size-2 rounded-full ${connected ? "bg-emerald-500" : "bg-slate-300"}`} />
      {connected ? "Live: updates appear by themselves" : ended ? "Live updates stopped: your session ended. Reload to sign in again." : "Connecting for live updates…"}
    </span>
  );
}
