"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { graph } from "@/lib/actions/graph-errors";
import { ActionError } from "@/lib/actions/result";
import { db } from "@/lib/db";
import { NotLegacyError, proposeMigrationFromLive } from "@/lib/migration/read-legacy-state";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";

/**
 * "Moving to IAM Identity Center": reads the legacy federation's live state (the app's roles and assignments in Entra,
 * each imported role in IAM) and returns the proposal. Changes nothing in either cloud; a POST because it calls both.
 */
export const proposeIdentityCenterMoveAction = defineAction({
  name: "setup.legacy.migration-proposal",
  permission: "setup.verify",
  input: z.object({}),
  auditTarget: () => `federation:${DEFAULT_FEDERATION}`,
  async run() {
    try {
      // Gateway failures (Entra or AWS down, throttled, refused) in plain words, as transient when they are.
      const proposal = await graph(() => proposeMigrationFromLive(db(), DEFAULT_FEDERATION));
      const { summary } = proposal;
      return {
        data: proposal,
        message: `${summary.permissionSets} permission set${summary.permissionSets === 1 ? "" : "s"} and ${summary.accountAssignments} account assignment${summary.accountAssignments === 1 ? "" : "s"} proposed; ${summary.notMapped} item${summary.notMapped === 1 ? "" : "s"} not mapped.`,
        audit: { target: `federation:${DEFAULT_FEDERATION}`, after: summary },
      };
    } catch (error) {
      if (error instanceof NotLegacyError) throw new ActionError(error.message);
      throw error;
    }
  },
});
