import { watchAwsJob, type JobTarget } from "@/lib/aws-jobs/watch";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { eventStream, eventStreamResponse } from "@/lib/http/sse";

export const dynamic = "force-dynamic";

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Server-sent events of an AWS job's progress for the open page: `progress` with the counts each time they change,
 * then `done` once the job has settled. `?job=<id>` follows one job; `?kind=<kind>&federation=<id>` follows the
 * newest job of a kind (a step's job that is created after the page opened). A read: it changes nothing.
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

  return eventStreamResponse(
    eventStream({
      signal: request.signal,
      open: (sink) =>
        watchAwsJob(db, target, (view) => {
          sink.send("progress", view);
          // A named job that settled is over; a followed kind stays open for the next job (a re-run of the step).
          if ("jobId" in target && (view.status === "succeeded" || view.status === "failed")) {
            sink.send("done", { status: view.status });
            sink.close();
          }
        }),
    }),
  );
});
