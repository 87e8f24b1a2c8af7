"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { AwsJobProgressView } from "@/lib/aws-jobs/watch";
import { useActionForm } from "@/components/forms/use-action-form";
import { Badge } from "@/components/ui/badge";
import { BarFill } from "@/components/ui/bar-fill";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export interface JobProgressView {
  jobId: string;
  title: string;
  status: "pending" | "running" | "succeeded" | "failed";
  total: number;
  byStatus: { pending: number; submitting: number; submitted: number; succeeded: number; failed: number };
  failures: { label: string; error: string }[];
}

type ResumeAction = (previous: ActionResult<{ jobId: string }> | null, form: FormData) => Promise<ActionResult<{ jobId: string }>>;

const finished = (s: JobProgressView["status"]) => s === "succeeded" || s === "failed";

/** The job stream's counts (app/aws-jobs/events) in this component's terms. */
function fromStream(view: AwsJobProgressView): JobProgressView {
  const pending = Math.max(0, view.total - view.done - view.failed - view.inFlight);
  return {
    jobId: view.jobId,
    title: view.title,
    status: view.status,
    total: view.total,
    byStatus: { pending, submitting: 0, submitted: view.inFlight, succeeded: view.done, failed: view.failed },
    failures: view.failures,
  };
}

/**
 * One job's progress, live: a server-sent event stream (app/aws-jobs/events) pushes the counts as the runner moves;
 * when the job ends the page re-renders from AWS (router.refresh) so the tables show the result.
 */
export function JobProgress({ initial, resumable = false, resumeAction }: { initial: JobProgressView; resumable?: boolean; resumeAction?: ResumeAction }) {
  const [progress, setProgress] = useState(initial);
  const router = useRouter();
  const refreshed = useRef(finished(initial.status));
  useEffect(() => {
    if (finished(initial.status)) return;
    const source = new EventSource(`/aws-jobs/events?job=${encodeURIComponent(initial.jobId)}`);
    source.addEventListener("progress", (event) => {
      const next = fromStream(JSON.parse((event as MessageEvent<string>).data) as AwsJobProgressView);
      setProgress(next);
      if (finished(next.status)) {
        source.close();
        if (!refreshed.current) {
          refreshed.current = true;
          router.refresh();
        }
      }
    });
    return () => source.close();
  }, [initial.jobId, initial.status, router]);

  const done = progress.byStatus.succeeded + progress.byStatus.failed;
  const inAws = progress.byStatus.submitted + progress.byStatus.submitting;
  const percent = progress.total ? Math.round((done / progress.total) * 100) : 100;
  const tone = progress.status === "succeeded" ? "good" : progress.status === "failed" ? "bad" : "info";
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-job={progress.jobId} aria-label={`Job ${progress.title}`} role="group">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{progress.title}</span>
        <Badge tone={tone}>
          {progress.status === "succeeded"
            ? "Done"
            : progress.status === "failed"
              ? "Finished with failures"
              : progress.status === "running"
                ? "Running"
                : "Waiting"}
        </Badge>
      </div>
      <div
        role="progressbar"
        aria-label={`Progress of ${progress.title}`}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${progress.total}`}
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <BarFill percent={percent} fillClass={progress.byStatus.failed ? "fill-amber-500" : "fill-sky-600"} />
      </div>
      <p className="mt-1 text-xs text-slate-600" data-testid="job-line" aria-live="polite">
        {progress.byStatus.succeeded} of {progress.total} done{inAws ? `, ${inAws} in AWS` : ""}
        {progress.byStatus.failed ? `, ${progress.byStatus.failed} failed` : ""}
      </p>
      {progress.failures.length ? (
        <ul className="mt-1 list-disc pl-5 text-xs text-red-800">
          {progress.failures.map((f, i) => (
            <li key={i}>
              {f.label}: {f.error}
            </li>
          ))}
        </ul>
      ) : null}
      {resumable && resumeAction && !finished(progress.status) ? <Resume jobId={progress.jobId} action={resumeAction} /> : null}
    </div>
  );
}

function Resume({ jobId, action }: { jobId: string; action: ResumeAction }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="mt-2 space-y-1">
      <input type="hidden" name="jobId" value={jobId} />
      <p className="text-xs text-slate-600">
        No runner holds this job (the portal restarted while it ran). Resuming checks what AWS already did by request id; nothing is sent twice.
      </p>
      <Button type="submit" variant="secondary" disabled={isPending} className="px-2 py-1 text-xs">
        {isPending ? "Resuming…" : "Resume"}
      </Button>
      {state ? state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} /> : null}
    </form>
  );
}
