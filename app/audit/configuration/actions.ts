"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ActionError } from "@/lib/actions/result";
import { db } from "@/lib/db";
import { checkDrift } from "@/lib/history/drift";
import { createSnapshotsExport, versionExportTokens } from "@/lib/history/export";
import { snapshotAsOf, takeSnapshot } from "@/lib/history/store";
import { parseInstant, utcLabel } from "@/lib/history/view";
import { toProblem } from "@/lib/problems/problem";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";

/** Which federation (the page's ?federation=, the default one otherwise). */
const input = z.object({
  federation: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "unknown federation")
    .default(DEFAULT_FEDERATION),
});

const utc = (date: Date) => `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`;

/** "Take a snapshot now": reads both clouds and records a version (or confirms the newest one is unchanged). */
export const takeSnapshotNow = defineAction({
  name: "history.snapshot",
  permission: "history.record",
  input,
  revalidate: ["/audit/configuration"],
  async run({ federation }, { session }) {
    try {
      const { stored, version } = await takeSnapshot(db(), federation, { trigger: "manual", reason: "taken on demand", actor: session.email });
      return {
        data: { id: version.id, stored },
        message: stored
          ? `Recorded version #${version.id} at ${utc(version.takenAt)}.`
          : `Nothing changed since version #${version.id} (${utc(version.takenAt)}); confirmed at ${utc(version.confirmedAt)}.`,
        audit: { target: `configuration:${version.id}`, after: { version: version.id, stored, contentHash: version.contentHash } },
      };
    } catch (error) {
      const problem = toProblem(error);
      if (problem) throw new ActionError(`The configuration could not be read, so nothing was recorded: ${problem.message}`);
      throw error;
    }
  },
});

/** "Check drift now": live state against the newest recorded version, kept as a drift check. */
export const checkDriftNow = defineAction({
  name: "history.drift.check",
  permission: "history.record",
  input,
  revalidate: ["/audit/configuration", "/provisioning"],
  async run({ federation }, { session }) {
    const report = await checkDrift(db(), federation, { trigger: "manual", actor: session.email });
    if (report.error) throw new ActionError(`Drift could not be checked: ${report.error}`);
    const message =
      report.baselineId === null
        ? "Nothing was recorded yet: live state is now the first version, so there is nothing to compare."
        : report.changes.length
          ? `${report.changes.length} field${report.changes.length === 1 ? "" : "s"} changed outside the portal.`
          : "No drift: live state matches the recorded configuration.";
    return {
      data: { id: report.id, changes: report.changes.length },
      message,
      ...(report.changes.length ? { tone: "warn" as const } : {}),
      audit: { target: `drift:${report.id}`, after: { fields: report.changes.map((c) => c.change.path) } },
    };
  },
});

const instant = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const date = parseInstant(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "Enter a date and time." });
      return z.NEVER;
    }
    return date;
  });
const link = (token: string) => `/audit/configuration/export?token=${encodeURIComponent(token)}`;

/**
 * "Export as Terraform": the version in force at a date and time, as a Terraform file and the Graph JSON of what
 * Terraform cannot express. A POST, as it is audited; it returns short-lived signed links, and the downloads
 * (app/audit/configuration/export/route.ts) are GETs that write nothing.
 */
export const exportConfigurationTerraform = defineAction({
  name: "history.export.terraform",
  permission: "audit.view",
  input: input.extend({ at: instant }),
  async run({ federation, at }, { session }) {
    const version = await snapshotAsOf(db(), federation, at);
    if (!version) throw new ActionError(`Nothing was recorded yet at ${utcLabel(at)}: pick a later time.`);
    const tokens = versionExportTokens(federation, version, session.email);
    return {
      data: {
        url: link(tokens.terraform),
        links: [
          { label: "Terraform (.tf)", url: link(tokens.terraform) },
          { label: "Graph JSON", url: link(tokens.graphJson) },
        ],
      },
      message: `Export ready: version #${version.id} (${utcLabel(version.takenAt)}), in force at ${utcLabel(at)}.`,
      audit: {
        target: `configuration:${version.id}`,
        after: { format: "terraform", at: at.toISOString(), version: version.id, contentHash: version.contentHash },
      },
    };
  },
});

/** "Export versions": every version recorded in a date range, as NDJSON (same link approach as above). */
export const exportConfigurationSnapshots = defineAction({
  name: "history.export.snapshots",
  permission: "audit.view",
  input: input.extend({ from: instant, to: instant }).refine((v) => v.from <= v.to, { message: "“From” must not be after “To”.", path: ["to"] }),
  async run({ federation, from, to }, { session }) {
    const { token, count, maxId } = await createSnapshotsExport(db(), { federation, from, to, by: session.email });
    return {
      data: { url: link(token), links: [{ label: "NDJSON", url: link(token) }] },
      message: `Export ready: ${count} version${count === 1 ? "" : "s"} recorded between ${utcLabel(from)} and ${utcLabel(to)}.`,
      audit: {
        target: `configuration:${federation}`,
        after: { format: "ndjson", from: from.toISOString(), to: to.toISOString(), versions: count, upToVersion: maxId },
      },
    };
  },
});
