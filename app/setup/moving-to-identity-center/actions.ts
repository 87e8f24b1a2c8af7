"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { graph } from "@/lib/actions/graph-errors";
import { ActionError } from "@/lib/actions/result";
import { db } from "@/lib/db";
import { NotLegacyError, proposeMigrationForAllLegacy } from "@/lib/migration/read-legacy-state";

/**
 * "Moving to IAM Identity Center": reads every legacy app's live state (each app's roles and assignments in Entra, each
 * imported role in IAM, one app per account) and returns one proposal for them together. Changes nothing in either cloud; a POST because it calls both.
 */
export const proposeIdentityCenterMoveAction = defineAction({
  name: "setup.legacy.migration-proposal",
  permission: "setup.verify",
  input: z.object({}),
  auditTarget: () => "federations:legacy-iam",
  async run() {
    try {
      // Gateway failures (Entra or AWS down, throttled, refused) in plain words, as transient when they are.
      const { apps, ...proposal } = await graph(() => proposeMigrationForAllLegacy(db()));
      const { summary } = proposal;
      return {
        data: proposal,
        message: `${apps > 1 ? `${apps} legacy apps: ` : ""}${summary.permissionSets} permission set${summary.permissionSets === 1 ? "" : "s"} and ${summary.accountAssignments} account assignment${summary.accountAssignments === 1 ? "" : "s"} proposed; ${summary.notMapped} item${summary.notMapped === 1 ? "" : "s"} not mapped.`,
        audit: { target: "federations:legacy-iam", after: { apps, ...summary } },
      };
    } catch (error) {
      if (error instanceof NotLegacyError) throw new ActionError(error.message);
      throw error;
    }
  },
});
