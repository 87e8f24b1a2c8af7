import { watchAwsJob, type JobTarget } from "@/lib/aws-jobs/watch";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 20_000;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html) of an AWS job's progress for
 * the open page: `progress` with the counts each time they change, then `done` once the job has settled.
 * `?job=<id>` follows one job; `?kind=<kind>&federation=<id>` follows the newest job of a kind (a step's job that is
 * created after the page opened). A read: it changes nothing.
 */
export const GET = defineRoute("GET /aws-jobs/events", "access.view", (request) => {
  const url = new URL(request.url);
  const job = url.searchParams.get("job");
  const kind = url.searchParams.get("kind");
  const federation = url.searchParams.get("federation");
  let target: JobTarget;
  if (job && ID.test(job)) target = { jobId: job };
  else if (!job && kind && ID.test(kind) && (!federation || ID.test(federation))) target = { kind, federationId: federation };
  else return Response.json({ error: "name a job (?job=<id>) or a kind of job (?kind=<kind>)" }, { status: 400 });

  const encoder = new TextEncoder();
  let stop = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      send("retry: 5000\n\n");
      const unwatch = watchAwsJob(db, target, (view) => {
        send(`event: progress\ndata: ${JSON.stringify(view)}\n\n`);
        // A named job that settled is over; a followed kind stays open for the next job (a re-run of the step).
        if ("jobId" in target && (view.status === "succeeded" || view.status === "failed")) {
          send(`event: done\ndata: ${JSON.stringify({ status: view.status })}\n\n`);
          close();
        }
      });
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      stop = () => {
        clearInterval(heartbeat);
        unwatch();
      };
      request.signal.addEventListener("abort", close);
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});
