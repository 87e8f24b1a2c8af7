"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { useFederationId } from "./federation-scope-client";

/** A long step's latest progress, as app/setup/events pushes it. */
export interface LiveProgress {
  startedAt: string;
  waitingFor: string;
  attempt?: number;
  left?: string;
  nextCheckMs?: number;
  /** When this browser received it (for "next check in"). */
  receivedAt: number;
}

interface Live {
  /** Steps running now (started by this tab, another tab or "Run automated steps"), with their latest progress if any. */
  running: Record<string, LiveProgress | null>;
  run: { status: string; message?: string } | null;
}

const LiveContext = createContext<Live>({ running: {}, run: null });

/**
 * Follows the Setup page's event stream: what each long step waits for, and a refresh of the page when a step
 * settles or the stored states change (another tab, another replica, a run of the automated steps).
 */
export function SetupLive({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [live, setLive] = useState<Live>({ running: {}, run: null });
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const federationId = useFederationId();
  useEffect(() => {
    const refresh = () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
      refreshTimer.current = setTimeout(() => router.refresh(), 150);
    };
    const source = new EventSource(federationId ? `/setup/events?federation=${encodeURIComponent(federationId)}` : "/setup/events");
    source.addEventListener("progress", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as Omit<LiveProgress, "receivedAt"> & { step: string };
      setLive((current) => ({ ...current, running: { ...current.running, [data.step]: { ...data, receivedAt: Date.now() } } }));
    });
    source.addEventListener("step", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { step: string; status: string };
      setLive((current) => {
        const running = { ...current.running };
        if (data.status === "running") running[data.step] = running[data.step] ?? null;
        else delete running[data.step];
        return { ...current, running };
      });
      if (data.status !== "running") refresh();
    });
    source.addEventListener("run", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { status: string; message?: string };
      setLive((current) => ({ ...current, run: data }));
      if (data.status !== "running") refresh();
    });
    source.addEventListener("states", refresh);
    return () => {
      source.close();
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    };
  }, [router, federationId]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export const useSetupLive = () => useContext(LiveContext);

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

/**
 * What a running step is doing, instead of a spinner: what it waits for, the attempt, elapsed time since its attempt
 * started and what is left where the step knows. Shown while this tab waits on the step or the stream says it runs.
 */
export function StepProgressLine({ step, waiting }: { step: string; waiting: boolean }) {
  const { running } = useSetupLive();
  const progress = running[step];
  const active = waiting || step in running;
  const [now, setNow] = useState(() => Date.now());
  const [since] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  if (!active) return null;
  return <ProgressLine testId={`progress-${step}`} progress={progress} now={now} since={since} />;
}

/** One line of progress: what is awaited, the attempt, elapsed time, what is left and when the next check is. */
export function ProgressLine({ testId, progress, now, since }: { testId: string; progress: LiveProgress | null | undefined; now: number; since: number }) {
  const started = progress ? Date.parse(progress.startedAt) : since;
  const parts = progress
    ? [
        `Waiting for ${progress.waitingFor}`,
        progress.attempt ? `attempt ${progress.attempt}` : null,
        `${seconds(now - started)} elapsed`,
        progress.left ?? null,
        progress.nextCheckMs ? `next check in ${seconds(progress.receivedAt + progress.nextCheckMs - now)}` : null,
      ]
    : ["Working", `${seconds(now - started)} elapsed`];
  return (
    <span role="status" data-testid={testId} className="flex items-center gap-2 text-xs text-sky-800">
      <span aria-hidden="true" className="size-2 rounded-full bg-sky-600" />
      {parts.filter(Boolean).join(" · ")}
    </span>
  );
}
