"use client";

import { useEffect, useState } from "react";
import type { AwsJobProgressView } from "@/lib/aws-jobs/watch";

const seconds = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

/** The stream's URL: one job, or the newest job of a kind (a step's job, created after the page opened). */
export type JobProgressSource = { job: string } | { kind: string; federation?: string };

const streamUrl = (source: JobProgressSource) =>
  "job" in source
    ? `/aws-jobs/events?job=${encodeURIComponent(source.job)}`
    : `/aws-jobs/events?kind=${encodeURIComponent(source.kind)}${source.federation ? `&federation=${encodeURIComponent(source.federation)}` : ""}`;

/**
 * An AWS job's progress, pushed by the server (GET /aws-jobs/events, server-sent events): a <progress> bar of the
 * settled operations, the counts, the failures and the elapsed time. No inline styles (the CSP forbids them).
 */
export function JobProgress({ source, initial = null, label = "AWS job" }: { source: JobProgressSource; initial?: AwsJobProgressView | null; label?: string }) {
  const [view, setView] = useState<AwsJobProgressView | null>(initial);
  const [now, setNow] = useState(() => Date.now());
  const [lost, setLost] = useState(false);
  const url = streamUrl(source);

  useEffect(() => {
    const events = new EventSource(url);
    events.addEventListener("progress", (event) => {
      setLost(false);
      setView(JSON.parse((event as MessageEvent<string>).data) as AwsJobProgressView);
    });
    events.addEventListener("done", () => events.close());
    events.onerror = () => setLost(events.readyState === EventSource.CLOSED);
    return () => events.close();
  }, [url]);

  const running = view !== null && view.status !== "succeeded" && view.status !== "failed";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  if (!view) return null;
  const settled = view.done + view.failed;
  const elapsed = (view.finishedAt ? new Date(view.finishedAt).getTime() : now) - new Date(view.createdAt).getTime();
  const state = view.status === "succeeded" ? "finished" : view.status === "failed" ? "finished with failures" : view.status === "pending" ? "waiting to start" : "running";
  return (
    <div className="text-sm" data-testid="aws-job-progress" data-status={view.status}>
      <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-600">
        <span>
          {label}: {view.title} ({state})
        </span>
        <span>
          <span data-testid="aws-job-counts">
            {view.done} of {view.total} done
          </span>
          {view.inFlight ? ` · ${view.inFlight} in AWS` : ""}
          {view.failed ? ` · ${view.failed} failed` : ""} · {seconds(elapsed)}
        </span>
      </div>
      <progress className="mt-1 h-2 w-full accent-sky-600" max={Math.max(1, view.total)} value={settled} aria-label={`${label} progress`}>
        {settled} of {view.total}
      </progress>
      {view.failures.length ? (
        <ul className="mt-1 list-disc pl-5 text-xs text-red-700">
          {view.failures.map((f) => (
            <li key={f.label}>
              {f.label}: {f.error}
            </li>
          ))}
        </ul>
      ) : null}
      {lost ? <p className="mt-1 text-xs text-amber-800">Live updates stopped; reload the page to see the latest progress.</p> : null}
    </div>
  );
}
