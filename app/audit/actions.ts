"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { runIntegrityCheck } from "@/lib/audit/integrity";
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
