import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { subscribeSetupEvents } from "@/lib/setup/progress";
import { federationFromSearchParam } from "@/lib/setup/federation-id";
import { federationExists } from "@/lib/setup/federations";
import { loadChecklist } from "@/lib/setup/store";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 20_000;
/** How often the stored step states are re-read: changes made by another replica, whose events this process never sees. */
const STATES_MS = 3_000;

/**
 * Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html) of the Setup checklist for the
 * open page: `progress` while a long step waits (what for, the attempt, what is left, when its attempt started),
 * `step` when a step starts or settles, `run` as "Run automated steps" moves on or stops, and `states` whenever the
 * stored statuses change. A read: it changes nothing and calls no upstream.
 */
export const GET = defineRoute("GET /setup/events", "setup.view", async (request) => {
  // Which federation's checklist (`?federation=`, absent: the first one); an unknown one is a 404, never a stream.
  const selected = federationFromSearchParam(new URL(request.url).searchParams.get("federation") ?? undefined);
  if (!selected.ok || !(await federationExists(db(), selected.id))) return new Response("unknown federation", { status: 404 });
  const federationId = selected.id;
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
      const send = (event: string, data: unknown) => raw(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const raw = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      raw("retry: 5000\n\n");
      const unsubscribe = subscribeSetupEvents(federationId, (event) => send(event.type, event));
      let last = "";
      let reading = false;
      const readStates = async () => {
        if (reading) return;
        reading = true;
        try {
          const checklist = await loadChecklist(db(), federationId);
          const states = Object.fromEntries(checklist.steps.map((s) => [s.id, s.state.status]));
          const key = JSON.stringify(states);
          if (key !== last) {
            if (last) send("states", states);
            last = key;
          }
        } catch {
          // the next read tries again
        } finally {
          reading = false;
        }
      };
      void readStates();
      const poll = setInterval(() => void readStates(), STATES_MS);
      const heartbeat = setInterval(() => raw(": keep-alive\n\n"), HEARTBEAT_MS);
      poll.unref();
      heartbeat.unref();
      stop = () => {
        clearInterval(poll);
        clearInterval(heartbeat);
        unsubscribe();
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
