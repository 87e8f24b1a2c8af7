import { db } from "@/lib/db";
import { readHistoryTicket, snapshotsExportStream, snapshotsFileName, versionExportFile } from "@/lib/history/export";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

const refuse = (status: number, message: string) =>
  new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
const AGAIN = "Create the export again from the configuration history page.";

/**
 * Downloads an export created by the configuration history page's export actions (app/audit/configuration/actions.ts),
 * from its signed link. A GET that writes nothing: the audit row was written when the export was created.
 */
export const GET = defineRoute("GET /audit/configuration/export", "audit.view", async (request, { session }) => {
  const token = new URL(request.url).searchParams.get("token");
  if (!token) return refuse(400, `This download link is incomplete. ${AGAIN}`);
  const ticket = readHistoryTicket(token);
  if (ticket === "expired") return refuse(410, `This download link has expired. ${AGAIN}`);
  // A link is for the person who created the export: a forwarded link does not work for anyone else.
  if (ticket === "invalid" || ticket.by !== session?.email) return refuse(403, `This download link is not valid for you. ${AGAIN}`);
  const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (ticket.kind === "snapshots")
    return new Response(snapshotsExportStream(db(), ticket), {
      headers: {
        ...headers,
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${snapshotsFileName(ticket)}"`,
      },
    });
  const file = await versionExportFile(db(), ticket);
  if (!file) return refuse(404, `This version is no longer recorded. ${AGAIN}`);
  return new Response(file.body, {
    headers: { ...headers, "content-type": file.contentType, "content-disposition": `attachment; filename="${file.fileName}"` },
  });
});
