"use client";

import { useEffect, useState } from "react";
import { ProgressLine, type LiveProgress } from "../setup/setup-live-client";

/**
 * What long provisioning work started from this page (SCIM token rotation) is waiting for, pushed by
 * app/provisioning/tasks/events while it runs, instead of a spinner. Rendered only while the work runs.
 */
export function TaskProgress({ federationId }: { federationId: string }) {
  const [progress, setProgress] = useState<LiveProgress | null>(null);
  const [since] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(`/provisioning/tasks/events?federation=${encodeURIComponent(federationId)}`);
    source.addEventListener("task", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as Omit<LiveProgress, "receivedAt">;
      setProgress({ ...data, receivedAt: Date.now() });
    });
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => {
      source.close();
      clearInterval(timer);
    };
  }, [federationId]);
  return <ProgressLine testId="task-progress" progress={progress} now={now} since={since} />;
}
