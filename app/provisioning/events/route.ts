import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";
import { watchSnapshots } from "@/lib/provisioning/watch";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 20_000;

/**
 * Server-sent events for the open status page: `snapshot` when a newer snapshot is stored. The page then
 * re-renders from the database (router.refresh), so nothing here carries data beyond the snapshot id.
 */
export const GET = defineRoute("GET /provisioning/events", "provisioning.view", (request) => {
  const url = new URL(request.url);
  const federationId = url.searchParams.get("federation") || DEFAULT_FEDERATION;
  const since = Number(url.searchParams.get("since") ?? "0");
  const encoder = new TextEncoder();
  let stop = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      send("retry: 5000\n\n");
      const unwatch = watchSnapshots(db, federationId, Number.isFinite(since) ? since : 0, (id) => send(`event: snapshot\ndata: ${JSON.stringify({ id })}\n\n`));
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      stop = () => {
        clearInterval(heartbeat);
        unwatch();
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
