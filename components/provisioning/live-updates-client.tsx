"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { ServerAction } from "@/lib/actions/define-action";
import type { LiveParts } from "./live-parts";

interface LiveState {
  /** The newest snapshot the server rendered this page from. */
  serverSnapshotId: number;
  /** Parts rendered from a newer snapshot after a push; shown instead of the server's until the page re-renders. */
  parts: LiveParts | null;
  connected: boolean;
  ended: boolean;
}

const LiveContext = createContext<LiveState>({ serverSnapshotId: 0, parts: null, connected: false, ended: false });

/**
 * Listens for new snapshots (server-sent events) and patches the parts of the page they change: the job's status
 * and the cycle chart are fetched, rendered from the new snapshot, and swapped in place, so the page's log (which
 * can hold 100,000 entries) is not read again. A page with no snapshot yet re-renders from the server once
 * (`load` absent): the first one changes everything.
 * The server ends a stream whose session is no longer valid (`end`): the page then connects once more with the
 * browser's current cookie (another tab may have renewed it); a server that refuses that connection (signed out,
 * or too many open pages) leaves the EventSource closed, and the page says live updates stopped.
 */
export function LiveProvisioning({
  federationId,
  snapshotId,
  load,
  children,
}: {
  federationId: string;
  snapshotId: number;
  load?: ServerAction<LiveParts | null>;
  children: ReactNode;
}) {
  const router = useRouter();
  const [connected, setConnected] = useState(false);
  const [ended, setEnded] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [parts, setParts] = useState<LiveParts | null>(null);
  // The newest snapshot asked for: a slower answer for an older one never replaces a newer one.
  const asked = useRef(snapshotId);
  useEffect(() => {
    asked.current = Math.max(asked.current, snapshotId);
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
    source.addEventListener("snapshot", (event: MessageEvent<string>) => {
      const { id } = JSON.parse(event.data) as { id: number };
      if (!load) return router.refresh();
      if (id <= asked.current) return;
      asked.current = id;
      load(null, { federationId }).then(
        (result) => {
          if (!result.ok || !result.data) return router.refresh();
          const fresh = result.data;
          setParts((shown) => (shown && shown.snapshotId >= fresh.snapshotId ? shown : fresh));
        },
        () => router.refresh(),
      );
    });
    source.addEventListener("end", () => {
      source.close();
      setConnected(false);
      setAttempt((n) => n + 1);
    });
    return () => source.close();
  }, [federationId, snapshotId, router, attempt, load]);
  return <LiveContext.Provider value={{ serverSnapshotId: snapshotId, parts, connected, ended }}>{children}</LiveContext.Provider>;
}

/** One part of the page a new snapshot changes: the server's rendering until a newer one was pushed. */
export function LivePart({ name, children }: { name: "job" | "chart"; children: ReactNode }) {
  const { parts, serverSnapshotId } = useContext(LiveContext);
  return parts && parts.snapshotId > serverSnapshotId ? parts[name] : children;
}

export function LiveIndicator() {
  const { connected, ended } = useContext(LiveContext);
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
