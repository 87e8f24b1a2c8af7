"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { graph } from "@/lib/actions/graph-errors";
import { ActionError } from "@/lib/actions/result";
import { recordRefusedSearch, recordSearch } from "@/lib/audit/search-tally";
import { db } from "@/lib/db";
import { entraGatewayFor } from "@/lib/entra/gateway-for-connection";
import { failedStepOf } from "@/lib/entra/provision-on-demand";
import { searchUsers } from "@/lib/entra/search-users";
import { provisionUserWithGroups } from "@/lib/helpdesk/provision-user";
import { rerunDiagnosis } from "@/lib/helpdesk/open";
import { takeSearchBudget } from "@/lib/helpdesk/search-limit";
import { runDiagnosis } from "@/lib/helpdesk/run";
import { loadDiagnosis, saveDiagnosis, SHORT_ID } from "@/lib/helpdesk/store";
import { log } from "@/lib/log";
import { listConfiguredJobs } from "@/lib/provisioning/configured-jobs";
import { pollProvisioningOnce } from "@/lib/provisioning/poll";
import { getHelpdeskPolicy, setHelpdeskPolicy } from "@/lib/settings/helpdesk-policy";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";

export interface HelpdeskUserChoice {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  mail: string | null;
  isGuest: boolean;
  isEnabled: boolean;
}

const PAGE_SIZE = 8;

export const searchHelpdeskUsersAction = defineAction({
  name: "helpdesk.users.search",
  readOnly: true,
  permission: "helpdesk.diagnose",
  input: z.object({
    query: z.string().trim().min(2, "type at least two characters of a name, UPN or e-mail").max(200),
    page: z.coerce.number().int().min(1).max(6).default(1),
  }),
  run: async (input, { session }) => {
    // A success is not an audit row (readOnly: one per keystroke); it is counted in the user's hourly search tally,
    // which the audit page shows. Refusals by the rate limit are counted there too, with one audit row per hour.
    const who = { actor: session.email, role: session.role, action: "helpdesk.users.search" };
    const refusal = takeSearchBudget(session.userId);
    if (refusal) {
      const { firstThisHour } = await recordRefusedSearch(db(), who);
      throw new ActionError(refusal, undefined, { audit: firstThisHour });
    }
    // Paged by asking for one more page's worth each time (Graph's $top; the search is a type-ahead, not a report).
    const top = PAGE_SIZE * input.page;
    const found = await graph(async () => searchUsers(await entraGatewayFor(db()), input.query, { top: top + 1 }));
    const users: HelpdeskUserChoice[] = found.users.slice(0, top).map((u) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName,
      mail: u.mail,
      isGuest: u.userType === "Guest" || u.userPrincipalName.includes("#EXT#"),
      isEnabled: u.accountEnabled !== false,
    }));
    // Entries this page added to what the user saw (each page re-asks for the earlier ones too).
    const shown = Math.max(0, users.length - PAGE_SIZE * (input.page - 1));
    await recordSearch(db(), { ...who, query: input.query, page: input.page, results: shown });
    return { data: { users, hasMore: found.users.length > top, page: input.page }, audit: { target: `search:${input.query}`, after: { found: users.length } } };
  },
});

export const diagnoseUserAction = defineAction({
  name: "helpdesk.diagnose",
  permission: "helpdesk.diagnose",
  input: z.object({
    key: z.string().trim().min(1, "type a UPN, e-mail address or name").max(300),
    userPrincipalName: z.string().trim().max(300).optional(),
    federationId: z.string().min(1).max(100).default(DEFAULT_FEDERATION),
  }),
  run: async (input, { session }) => {
    const report = await runDiagnosis(db(), { key: input.key, userPrincipalName: input.userPrincipalName || undefined }, { federationId: input.federationId });
    const stored = await saveDiagnosis(db(), { federationId: input.federationId, query: input.key, createdBy: session.email, report });
    return {
      data: { shortId: stored.shortId },
      message: report.headline.text,
      audit: {
        target: `diagnosis:${stored.shortId}`,
        after: {
          user: report.subject.userPrincipalName ?? input.key,
          outcome: report.outcome,
          headline: report.headline.text,
          red: report.checks.filter((c) => c.status === "fail").map((c) => c.id),
        },
      },
    };
  },
});

export const rerunDiagnosisAction = defineAction({
  name: "helpdesk.diagnosis.rerun",
  permission: "helpdesk.diagnose",
  input: z.object({ shortId: z.string().regex(SHORT_ID, "not a diagnosis id") }),
  run: async (input, { session }) => {
    const stored = await loadDiagnosis(db(), input.shortId);
    if (!stored) throw new ActionError("This diagnosis does not exist (any more).");
    const updated = await rerunDiagnosis(db(), stored, session.email);
    const report = updated.latest?.report ?? updated.report;
    return {
      data: { takenAt: report.takenAt },
      message: `Checked again: ${report.headline.text}`,
      audit: {
        target: `diagnosis:${input.shortId}`,
        after: {
          user: report.subject.userPrincipalName ?? stored.query,
          outcome: report.outcome,
          headline: report.headline.text,
          red: report.checks.filter((c) => c.status === "fail").map((c) => c.id),
        },
      },
    };
  },
});

export const helpdeskProvisionOnDemandAction = defineAction({
  name: "helpdesk.on-demand",
  permission: "helpdesk.provision",
  input: z.object({ shortId: z.string().regex(SHORT_ID, "not a diagnosis id"), confirm: z.literal("yes", { message: "confirm this first" }) }),
  auditTarget: (input) => `diagnosis:${input.shortId}`,
  intent: () => ({ will: "provision the diagnosed user and their assigned groups' membership on demand (Graph: synchronizationJob provisionOnDemand)" }),
  run: async (input, { session }) => {
    if (session.role !== "admin" && !(await getHelpdeskPolicy(db())).helpdeskMayProvisionOnDemand)
      throw new ActionError("An admin has not allowed helpdesk to provision on demand. Ask an admin to do it, or to allow it on the Helpdesk page.");
    const diagnosis = await loadDiagnosis(db(), input.shortId);
    if (!diagnosis?.entraUserId || diagnosis.report.outcome !== "diagnosed") throw new ActionError("This diagnosis has no Entra user to provision.");
    const [job] = await listConfiguredJobs(db(), diagnosis.federationId);
    if (!job) throw new ActionError("Provisioning is not set up yet: finish Setup first.");
    const beforeState = {
      diagnosedAt: diagnosis.report.takenAt,
      headline: diagnosis.report.headline.text,
      notGreen: diagnosis.report.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.status}`),
    };
    const outcome = await graph(async () => provisionUserWithGroups(await entraGatewayFor(db()), job, diagnosis.entraUserId as string));
    const result = outcome.user;
    const groups = outcome.groups.map((g) => `${g.displayName ?? g.id}: ${g.result}`).join(", ");
    // Copy the new log entry and job state now, so the re-run chain shows this attempt and not the last cycle's.
    try {
      await pollProvisioningOnce(db(), { federationId: diagnosis.federationId });
    } catch (error) {
      log("warn", "poll after helpdesk provision on demand failed", { error: error instanceof Error ? error.message : String(error) });
    }
    // The page shows what is stored: keep the re-run chain as the diagnosis's latest result (this action is the POST).
    try {
      await rerunDiagnosis(db(), diagnosis, session.email);
    } catch (error) {
      log("warn", "re-running the diagnosis after helpdesk provision on demand failed", { error: error instanceof Error ? error.message : String(error) });
    }
    const who = diagnosis.userPrincipalName ?? "The user";
    // A failed attempt (the user, or one of their groups) is a failure: a red notice and a `failure` audit row.
    if (result.outcome === "failed")
      throw new ActionError(
        `Provisioning ${who} failed: ${result.errorMessage ?? failedStepOf(result)?.description ?? result.errorCode ?? "see the checks below"}. The checks below were re-run.`,
      );
    if (result.outcome === "unknown") throw new ActionError(`Entra did not say whether provisioning ${who} worked. The checks below were re-run.`);
    const failedGroups = outcome.groups.filter((g) => g.outcome === "failed" || g.outcome === "unknown");
    if (failedGroups.length)
      throw new ActionError(
        `${who} was provisioned (${result.action ?? "no change"}), but pushing their membership of ${failedGroups.map((g) => `${g.displayName ?? g.id} (${g.errorCode ?? g.result})`).join(", ")} failed. The checks below were re-run.`,
      );
    return {
      data: { result: String(result.result), errorCode: result.errorCode },
      message:
        result.outcome === "succeeded"
          ? `${who} was provisioned (${result.action ?? "no change"})${groups ? `; group memberships pushed (${groups})` : ""}. The checks below were re-run.`
          : `${who} was skipped: ${result.errorMessage ?? result.errorCode ?? "nothing to do"}. The checks below were re-run.`,
      // The configuration snapshot after this change is the diagnosed user's federation's.
      federationId: diagnosis.federationId,
      audit: {
        target: `diagnosis:${input.shortId}:user:${diagnosis.entraUserId}`,
        // Before: the user as the diagnosis last found them (the checks that were not green), read before the call.
        before: beforeState,
        after: { result: result.result, action: result.action, errorCode: result.errorCode, groups: outcome.groups },
      },
    };
  },
});

export const updateHelpdeskPolicyAction = defineAction({
  name: "helpdesk.policy.update",
  permission: "helpdesk.policy.update",
  input: z.object({ helpdeskMayProvisionOnDemand: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()) }),
  revalidate: ["/helpdesk"],
  run: async (input, { session }) => {
    const change = await setHelpdeskPolicy(db(), { helpdeskMayProvisionOnDemand: input.helpdeskMayProvisionOnDemand }, session.email);
    return {
      data: change.after,
      message: input.helpdeskMayProvisionOnDemand
        ? "Helpdesk may now provision users on demand from a diagnosis."
        : "Only admins may provision users on demand from a diagnosis.",
      audit: { target: "settings:helpdesk.policy", before: change.before, after: change.after },
    };
  },
});
