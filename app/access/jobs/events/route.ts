import { onAwsJobProgress } from "@/lib/aws-jobs/events";
import { readAwsJobProgress, type AwsJobProgress } from "@/lib/aws-jobs/store";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** Another replica's runner emits in its own process: the database is read this often as well. */
const DB_POLL_MS = 1_500;
const HEARTBEAT_MS = 20_000;

/**
 * Server-sent events for one job's progress (counts by status, never parameters beyond the labels the page already
 * shows): `progress` on each change the runner emits in this process (lib/aws-jobs/events.ts) and from the database.
 * The stream ends when the job has finished.
 */
export const GET = defineRoute("GET /access/jobs/events", "access.view", (request) => {
  const jobId = new URL(request.url).searchParams.get("job") ?? "";
  if (!/^[0-9a-f-]{36}$/.test(jobId)) return new Response("job missing", { status: 400 });
  const encoder = new TextEncoder();
  let stop = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = "";
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (p: AwsJobProgress) => {
        const text = JSON.stringify({ ...p, leaseUntil: undefined });
        if (text === last || closed) return;
        last = text;
        try {
          controller.enqueue(encoder.encode(`event: progress\ndata: ${text}\n\n`));
        } catch {
          close();
        }
        if (p.status === "succeeded" || p.status === "failed") close();
      };
      const read = () =>
        void readAwsJobProgress(db(), jobId).then(
          (p) => (p ? send(p) : close()),
          () => undefined,
        );
      controller.enqueue(encoder.encode("retry: 3000\n\n"));
      const unsubscribe = onAwsJobProgress(jobId, send);
      const poll = setInterval(read, DB_POLL_MS);
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          close();
        }
      }, HEARTBEAT_MS);
      poll.unref();
      heartbeat.unref();
      stop = () => {
        clearInterval(poll);
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener("abort", close);
      read();
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});
