import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { eventStream, eventStreamResponse } from "@/lib/http/sse";
import { subscribeSetupEvents } from "@/lib/setup/progress";
import { federationFromSearchParam } from "@/lib/setup/federation-id";
import { federationExists } from "@/lib/setup/federations";
import { loadChecklist } from "@/lib/setup/store";

export const dynamic = "force-dynamic";

/** How often the stored step states are re-read: changes made by another replica, whose events this process never sees. */
const STATES_MS = 3_000;

/**
 * Server-sent events of the Setup checklist for the open page: `progress` while a long step waits (what for, the
 * attempt, what is left, when its attempt started), `step` when a step starts or settles, `run` as "Run automated
 * steps" moves on or stops, and `states` whenever the stored statuses change. A read: it changes nothing and calls
 * no upstream.
 */
export const GET = defineRoute("GET /setup/events", "setup.view", async (request) => {
  // Which federation's checklist (`?federation=`, absent: the first one); an unknown one is a 404, never a stream.
  const selected = federationFromSearchParam(new URL(request.url).searchParams.get("federation") ?? undefined);
  if (!selected.ok || !(await federationExists(db(), selected.id))) return new Response("unknown federation", { status: 404 });
  const federationId = selected.id;
  return eventStreamResponse(
    eventStream({
      signal: request.signal,
      open: (sink) => {
        const unsubscribe = subscribeSetupEvents(federationId, (event) => sink.send(event.type, event));
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
              if (last) sink.send("states", states);
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
        poll.unref();
        return () => {
          clearInterval(poll);
          unsubscribe();
        };
      },
    }),
  );
});
