import { can } from "@/lib/auth/permissions";
import { getSession } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { eventStreamResponse } from "@/lib/http/sse";
import { claimStreamSlot, MAX_STREAMS_PER_USER, snapshotEventStream } from "@/lib/provisioning/event-stream";
import { watchSnapshots } from "@/lib/provisioning/watch";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for the open status page: `snapshot` when a newer snapshot is stored. The page then fetches
 * the parts that snapshot changes (provisioningLivePartsAction), so nothing here carries data beyond the snapshot id.
 * At most MAX_STREAMS_PER_USER per user in this process (429 beyond), and the session is re-read while open.
 */
export const GET = defineRoute("GET /provisioning/events", "provisioning.view", (request, { session }) => {
  if (!session) return Response.json({ error: "sign in first" }, { status: 401 });
  const release = claimStreamSlot(session.userId);
  if (!release) {
    // https://www.rfc-editor.org/rfc/rfc6585#section-4
    return Response.json(
      { error: `You already have ${MAX_STREAMS_PER_USER} live-update connections open. Close some provisioning tabs, then reload this page.` },
      { status: 429, headers: { "retry-after": "30" } },
    );
  }
  const url = new URL(request.url);
  const federationId = url.searchParams.get("federation") || DEFAULT_FEDERATION;
  const since = Number(url.searchParams.get("since") ?? "0");
  const stream = snapshotEventStream({
    signal: request.signal,
    watch: (send) => watchSnapshots(db, federationId, Number.isFinite(since) ? since : 0, send),
    // The same reading of the cookie the route guard does: signed out, expired or no longer allowed ends the stream.
    stillAllowed: async () => {
      const now = await getSession();
      return Boolean(now && now.userId === session.userId && can(now.role, "provisioning.view"));
    },
    onClose: release,
  });
  return eventStreamResponse(stream);
});
