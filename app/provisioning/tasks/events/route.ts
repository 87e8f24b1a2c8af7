import { defineRoute } from "@/lib/http/define-route";
import { subscribeSetupEvents } from "@/lib/setup/progress";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 20_000;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html) of long provisioning work an
 * admin started from the open page (SCIM token rotation): `task` with what it waits for, the stage and what is left.
 * `?federation=<id>`. A read: it changes nothing and calls no upstream.
 */
export const GET = defineRoute("GET /provisioning/tasks/events", "provisioning.operate", (request) => {
  const federation = new URL(request.url).searchParams.get("federation");
  if (!federation || !ID.test(federation)) return Response.json({ error: "name a federation (?federation=<id>)" }, { status: 400 });
  const encoder = new TextEncoder();
  let stop = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const raw = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      raw("retry: 5000\n\n");
      const unsubscribe = subscribeSetupEvents(federation, (event) => {
        if (event.type === "task") raw(`event: task\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => raw(": keep-alive\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener("abort", () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});
