import { checkCheckpoint } from "@/lib/audit/checkpoint";
import { auditExportStream, exportFileName, readTicket } from "@/lib/audit/export";
import { auditKeys } from "@/lib/audit/keys";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

const refuse = (status: number, message: string) => new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * Downloads an export created by the "Export" action (app/audit/actions.ts), from its signed link. A GET
 * that writes nothing: the checkpoint and the audit row were written when the export was created; this
 * streams the events up to that checkpoint, a batch at a time.
 */
export const GET = defineRoute("GET /audit/export", "audit.view", async (request, { session }) => {
  const token = new URL(request.url).searchParams.get("token");
  if (!token) return refuse(400, "This download link is incomplete. Create the export again from the audit page.");
  const ticket = readTicket(token);
  if (ticket === "expired") return refuse(410, "This download link has expired. Create the export again from the audit page.");
  // A link is for the person who created the export: a forwarded link does not work for anyone else.
  if (ticket === "invalid" || ticket.by !== session?.email) return refuse(403, "This download link is not valid for you. Create the export again from the audit page.");
  const checkpoint = await db().auditCheckpoint.findUnique({ where: { id: ticket.checkpointId } });
  if (!checkpoint || checkCheckpoint(checkpoint, auditKeys()) !== "ok") return refuse(409, "The checkpoint of this export cannot be trusted. Run Verify integrity on the audit page.");
  const stream = auditExportStream(env().DATABASE_URL, { ticket, checkpoint });
  return new Response(stream, {
    headers: {
      "content-type": ticket.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(ticket, checkpoint.seq)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
