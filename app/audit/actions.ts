"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { createAuditExport } from "@/lib/audit/export";
import { runIntegrityCheck } from "@/lib/audit/integrity";
import { parseAuditQuery } from "@/lib/audit/list";
import { db } from "@/lib/db";

/** Walks the whole chain against the signed checkpoints; a POST, as it writes a checkpoint and an audit row. */
export const verifyAuditIntegrity = defineAction({
  name: "audit.verify",
  permission: "audit.verify",
  input: z.object({}),
  revalidate: ["/audit"],
  async run() {
    const report = await runIntegrityCheck(db());
    const message = report.ok
      ? `Chain intact: ${report.checked.toLocaleString("en")} events verified against ${report.checkpoints} signed checkpoint${report.checkpoints === 1 ? "" : "s"}.`
      : `Chain broken at event #${report.problem?.seq}.`;
    return { data: report, message, audit: { after: report } };
  },
});

const filterField = z.string().max(200).optional();

/**
 * Creates an export of the filtered log: a POST, as it signs a checkpoint (the file carries it) and is
 * audited. It returns a short-lived signed link; the download itself (app/audit/export/route.ts) is a GET that writes nothing.
 */
export const exportAuditEvents = defineAction({
  name: "audit.export",
  permission: "audit.view",
  input: z.object({
    format: z.enum(["csv", "ndjson"], { message: "Choose CSV or NDJSON." }),
    from: filterField,
    to: filterField,
    actor: filterField,
    role: filterField,
    family: filterField,
    target: filterField,
    result: filterField,
    q: filterField,
  }),
  async run({ format, ...query }, { session }) {
    // The same parser as the page's query string: the export holds exactly what the page lists.
    const { filter } = parseAuditQuery(query);
    const { checkpoint, token } = await createAuditExport(db(), { filter, format, by: session.email });
    return {
      data: { url: `/audit/export?token=${encodeURIComponent(token)}` },
      message: `Export ready: the events up to #${checkpoint.seq}, with a checkpoint signed just now.`,
      audit: {
        target: `export:${checkpoint.seq}`,
        after: { format, filter, checkpoint: { seq: checkpoint.seq, headHash: checkpoint.headHash, count: checkpoint.count, keyVersion: checkpoint.keyVersion } },
      },
    };
  },
});
