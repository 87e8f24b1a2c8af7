import { defineRoute } from "@/lib/http/define-route";
import { eventStream, eventStreamResponse } from "@/lib/http/sse";
import { subscribeSetupEvents } from "@/lib/setup/progress";

export const dynamic = "force-dynamic";

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Server-sent events of long provisioning work an admin started from the open page (SCIM token rotation): `task`
 * with what it waits for, the stage and what is left. `?federation=<id>`. A read: it changes nothing and calls no
 * upstream.
 */
export const GET = defineRoute("GET /provisioning/tasks/events", "provisioning.operate", (request) => {
  const federation = new URL(request.url).searchParams.get("federation");
  if (!federation || !ID.test(federation)) return Response.json({ error: "name a federation (?federation=<id>)" }, { status: 400 });
  return eventStreamResponse(
    eventStream({
      signal: request.signal,
      open: (sink) =>
        subscribeSetupEvents(federation, (event) => {
          if (event.type === "task") sink.send("task", event);
        }),
    }),
  );
});
