"use server";

import { z } from "zod";
import { loadLiveParts } from "@/components/provisioning/live-parts";
import { defineAction } from "@/lib/actions/action";
import { graph } from "@/lib/actions/graph-errors";
import { ActionError } from "@/lib/actions/result";
import { db } from "@/lib/db";
import { entraGatewayFor } from "@/lib/entra/gateway-for-connection";
import { failedStepOf, provisionOnDemand, targetBeforeOnDemand, type ProvisionOnDemandResult } from "@/lib/entra/provision-on-demand";
import type { ProvisioningJob } from "@/lib/entra/provisioning-job";
import { pauseProvisioningJob, restartProvisioningJob, startProvisioningJob, RESTART_SCOPES, type RestartScope } from "@/lib/entra/provisioning-job-control";
import { searchGroups } from "@/lib/entra/find-group";
import { searchUsers } from "@/lib/entra/search-users";
import { log } from "@/lib/log";
import { listConfiguredJobs, type ConfiguredJob } from "@/lib/provisioning/configured-jobs";
import { describeJobHealth } from "@/lib/provisioning/job-state";
import { pollProvisioningOnce } from "@/lib/provisioning/poll";
import { activateRolloverCertificate, certificateRolloverStatus, startCertificateRollover, type RolloverStatus } from "@/lib/setup/rollover-certificate";
import { confirmOldTokenRetired, rotateScimToken, rotationStatus } from "@/lib/setup/rotate-scim-token";
import { describeFailure, withSetupContext } from "@/lib/setup/run-step";
import type { SetupContext, StepProgress } from "@/lib/setup/context";
import { publishSetupEvent } from "@/lib/setup/progress";
import type { Session } from "@/lib/auth/session";
import { stepRef } from "@/lib/setup/step-ref";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";

const federation = z.string().min(1).max(100).default(DEFAULT_FEDERATION);
/** The UI shows what will happen first; the action runs only with the confirmation it sends after. */
const confirmed = z.literal("yes", { message: "confirm this first" });
const SCOPES = Object.keys(RESTART_SCOPES) as [RestartScope, ...RestartScope[]];

async function jobOrThrow(federationId: string): Promise<ConfiguredJob> {
  const [job] = await listConfiguredJobs(db(), federationId);
  if (!job) throw new ActionError(`Provisioning is not set up yet: finish Setup (the provisioning job is created in ${stepRef("provisioning-credentials")}).`);
  return job;
}

/** Show the change at once instead of waiting for the next background poll. */
async function refreshSnapshot(federationId: string) {
  try {
    await pollProvisioningOnce(db(), { federationId });
  } catch (error) {
    log("warn", "poll after provisioning action failed", { federationId, error: error instanceof Error ? error.message : String(error) });
  }
}

const controlInput = z.object({ federationId: federation, confirm: confirmed });

/** The job's state as an audit row records it, before and after a control call. */
const jobState = (job: ProvisioningJob) => ({ code: job.status.code, schedule: job.schedule.state });

export const startProvisioningAction = defineAction({
  name: "provisioning.job.start",
  permission: "provisioning.operate",
  input: controlInput,
  revalidate: ["/provisioning"],
  auditTarget: (input) => `federation:${input.federationId}:provisioning`,
  intent: () => ({ will: "start the provisioning job (Graph: synchronizationJob start)" }),
  run: async (input) => {
    const job = await jobOrThrow(input.federationId);
    const result = await graph(async () => startProvisioningJob(await entraGatewayFor(db()), job));
    await refreshSnapshot(input.federationId);
    const state = describeJobHealth(result.job).label;
    return {
      data: { changed: result.changed },
      message: result.changed ? `Provisioning started. The job is now: ${state}.` : "Provisioning was already running; nothing was changed.",
      audit: { target: `provisioning:${job.jobId}`, before: jobState(result.before), after: { changed: result.changed, ...jobState(result.job) } },
    };
  },
});

export const pauseProvisioningAction = defineAction({
  name: "provisioning.job.pause",
  permission: "provisioning.operate",
  input: controlInput,
  revalidate: ["/provisioning"],
  auditTarget: (input) => `federation:${input.federationId}:provisioning`,
  intent: () => ({ will: "pause the provisioning job (Graph: synchronizationJob pause)" }),
  run: async (input) => {
    const job = await jobOrThrow(input.federationId);
    const result = await graph(async () => pauseProvisioningJob(await entraGatewayFor(db()), job));
    await refreshSnapshot(input.federationId);
    return {
      data: { changed: result.changed },
      message: result.changed ? "Provisioning paused. Nothing is sent to AWS until you start it again." : "Provisioning was already paused.",
      audit: { target: `provisioning:${job.jobId}`, before: jobState(result.before), after: { changed: result.changed, ...jobState(result.job) } },
    };
  },
});

const asArray = (v: unknown) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]);

export const restartProvisioningAction = defineAction({
  name: "provisioning.job.restart",
  permission: "provisioning.operate",
  input: z.object({
    federationId: federation,
    scopes: z.preprocess(asArray, z.array(z.enum(SCOPES, { message: "unknown reset scope" })).min(1, "choose at least one reset scope")),
    confirm: confirmed,
  }),
  revalidate: ["/provisioning"],
  auditTarget: (input) => `federation:${input.federationId}:provisioning`,
  intent: (input) => ({ will: "restart the provisioning job (Graph: synchronizationJob restart)", scopes: input.scopes }),
  run: async (input) => {
    const job = await jobOrThrow(input.federationId);
    const result = await graph(async () => restartProvisioningJob(await entraGatewayFor(db()), job, input.scopes));
    await refreshSnapshot(input.federationId);
    return {
      data: { scopes: input.scopes },
      message: `Provisioning restarted (${input.scopes.join(", ")}). The next cycle picks it up.`,
      audit: { target: `provisioning:${job.jobId}`, before: jobState(result.before), after: { scopes: input.scopes, ...jobState(result.job) } },
    };
  },
});

export interface UserChoice {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
}

export interface GroupChoice {
  id: string;
  displayName: string;
}

export const searchProvisioningUsersAction = defineAction({
  name: "provisioning.users.search",
  readOnly: true,
  permission: "provisioning.operate",
  input: z.object({ query: z.string().trim().min(2, "type at least two characters of a name or UPN").max(200) }),
  run: async (input) => {
    const found = await graph(async () => searchUsers(await entraGatewayFor(db()), input.query, { top: 10 }));
    const users: UserChoice[] = found.users.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName }));
    return { data: { users }, audit: { target: `search:${input.query}`, after: { found: users.length } } };
  },
});

export const searchProvisioningGroupsAction = defineAction({
  name: "provisioning.groups.search",
  readOnly: true,
  permission: "provisioning.operate",
  input: z.object({ query: z.string().trim().min(2, "type at least two characters of the group's name").max(200) }),
  run: async (input) => {
    const found = await graph(async () => searchGroups(await entraGatewayFor(db()), input.query, { top: 10 }));
    const groups: GroupChoice[] = found.groups.map((g) => ({ id: g.id, displayName: g.displayName }));
    return { data: { groups }, audit: { target: `search-groups:${input.query}`, after: { found: groups.length } } };
  },
});

export const provisionOnDemandAction = defineAction({
  name: "provisioning.on-demand",
  permission: "provisioning.operate",
  input: z
    .object({
      federationId: federation,
      userId: z.string().min(1).max(100).optional(),
      groupId: z.string().min(1).max(100).optional(),
      label: z.string().max(300).optional(),
      confirm: confirmed,
    })
    .refine((v) => Boolean(v.userId) !== Boolean(v.groupId), { message: "choose a user or a group", path: ["userId"] }),
  revalidate: ["/provisioning"],
  auditTarget: (input) => `federation:${input.federationId}:provisioning:${input.userId ? `user:${input.userId}` : `group:${input.groupId ?? ""}`}`,
  intent: (input) => ({
    will: "provision on demand (Graph: synchronizationJob provisionOnDemand)",
    userId: input.userId,
    groupId: input.groupId,
    label: input.label,
  }),
  run: async (input) => {
    const job = await jobOrThrow(input.federationId);
    const subject = input.userId ? { userId: input.userId } : { groupId: input.groupId ?? "" };
    const result: ProvisionOnDemandResult = await graph(async () => provisionOnDemand(await entraGatewayFor(db()), { ...job, ...subject }));
    await refreshSnapshot(input.federationId);
    const who = input.label ?? (input.userId ? "The user" : "The group");
    // A failed attempt is a failure: a red notice and a `failure` audit row, never a green "… failed".
    if (result.outcome === "failed")
      throw new ActionError(
        `Provisioning ${who} failed: ${result.errorMessage ?? failedStepOf(result)?.description ?? result.errorCode ?? "Entra gave no reason"}.`,
      );
    if (result.outcome === "unknown")
      throw new ActionError(`Entra did not say whether provisioning ${who} worked. Look for the attempt in the provisioning log below.`);
    return {
      data: result,
      message:
        result.outcome === "succeeded"
          ? `${who} was provisioned (${result.action ?? "no change"}).`
          : `${who} was skipped: ${result.errorMessage ?? result.errorCode ?? "nothing to do"}.`,
      audit: {
        target: `provisioning:${job.jobId}:${input.userId ? `user:${input.userId}` : `group:${input.groupId ?? ""}`}`,
        // Before: the target as Entra's matching step found it (the portal does not read AWS first).
        before: targetBeforeOnDemand(result),
        after: { result: result.result, action: result.action, errorCode: result.errorCode },
      },
    };
  },
});

/** Credential work in the setup context; expected failures (refused token, Graph errors) become the message shown. */
async function inFederation<T>(
  session: Session,
  federationId: string,
  work: (context: SetupContext) => Promise<T>,
  onProgress?: (progress: StepProgress) => void,
): Promise<T> {
  try {
    return await withSetupContext(db(), { email: session.email, name: session.name }, federationId, work, onProgress);
  } catch (error) {
    const failure = describeFailure(error);
    throw new ActionError(failure.message);
  }
}

export const rotateScimTokenAction = defineAction({
  name: "provisioning.scim-token.rotate",
  permission: "provisioning.operate",
  input: z.object({
    federationId: federation,
    token: z.string().trim().min(20, "paste the new access token (it is long)").max(4096, "that is too long to be an access token"),
    confirm: confirmed,
  }),
  secretsOf: (input) => [input.token],
  revalidate: ["/provisioning"],
  auditTarget: (input) => `federation:${input.federationId}:scim-token`,
  intent: () => ({ will: "test the new SCIM token against AWS and save it on the provisioning job (Graph: synchronization secrets)", token: "changed" }),
  run: async (input, { session }) => {
    // Each stage is pushed to the open page (app/provisioning/tasks/events): the admin sees what it waits for.
    const startedAt = new Date().toISOString();
    const { before, result } = await inFederation(
      session,
      input.federationId,
      async (context) => ({ before: await rotationStatus(context), result: await rotateScimToken(context, input.token) }),
      (progress) => publishSetupEvent({ type: "task", federationId: input.federationId, task: "scim-token-rotation", startedAt, ...progress }),
    );
    await refreshSnapshot(input.federationId);
    return {
      data: { liftedQuarantine: result.liftedQuarantine, tokenExpiresAt: result.tokenExpiresAt },
      message: result.message,
      // The token itself never: only that it changed, and its dates.
      audit: {
        target: `federation:${input.federationId}:scim-token`,
        before: { tokenCreatedAt: before.tokenCreatedAt, tokenExpiresAt: before.tokenExpiresAt, oldTokenPending: before.oldTokenPending },
        after: { token: "changed", tokenExpiresAt: result.tokenExpiresAt, liftedQuarantine: result.liftedQuarantine },
      },
    };
  },
});

export const confirmOldScimTokenRetiredAction = defineAction({
  name: "provisioning.scim-token.retire",
  permission: "provisioning.operate",
  input: z.object({ federationId: federation }),
  revalidate: ["/provisioning"],
  run: async (input, { session }) => {
    const result = await inFederation(session, input.federationId, (context) => confirmOldTokenRetired(context));
    if (!result.retired) throw new ActionError(result.message);
    return {
      data: { retired: true },
      message: result.message,
      audit: { target: `federation:${input.federationId}:scim-token`, after: { oldTokenRetired: true } },
    };
  },
});

/** The signing certificates as an audit row's before: thumbprints and expiry (a certificate is public; its key is never read). */
const certificates = (status: RolloverStatus) => ({
  active: status.active ? { thumbprint: status.active.thumbprint, notAfter: status.active.notAfter } : null,
  waiting: status.waiting ? { thumbprint: status.waiting.thumbprint, notAfter: status.waiting.notAfter } : null,
});

export const startCertificateRolloverAction = defineAction({
  name: "provisioning.certificate.add",
  permission: "setup.run",
  input: z.object({ federationId: federation }),
  auditTarget: (input) => `federation:${input.federationId}:signing-certificate`,
  intent: () => ({ will: "add a new SAML signing certificate to the Entra service principal (Graph: addTokenSigningCertificate), inactive" }),
  run: async (input, { session }) => {
    const { before, result } = await inFederation(session, input.federationId, async (context) => ({
      before: await certificateRolloverStatus(context),
      result: await startCertificateRollover(context),
    }));
    const { thumbprint, notAfter } = result.certificate;
    return {
      data: { thumbprint, notAfter },
      message: result.message,
      audit: { target: `federation:${input.federationId}:signing-certificate`, before: certificates(before), after: { added: thumbprint, notAfter } },
    };
  },
});

export const activateRolloverCertificateAction = defineAction({
  name: "provisioning.certificate.activate",
  permission: "setup.run",
  input: z.object({
    federationId: federation,
    thumbprint: z
      .string()
      .trim()
      .regex(/^[0-9A-Fa-f]{40}$/, "a certificate thumbprint (40 hex digits)"),
    confirm: confirmed,
  }),
  revalidate: ["/provisioning", "/setup"],
  auditTarget: (input) => `federation:${input.federationId}:signing-certificate`,
  intent: (input) => ({
    will: "make the certificate Entra's active SAML signing certificate and re-import the metadata into IAM Identity Center",
    thumbprint: input.thumbprint.toUpperCase(),
  }),
  run: async (input, { session }) => {
    const { before, result } = await inFederation(session, input.federationId, async (context) => ({
      before: await certificateRolloverStatus(context),
      result: await activateRolloverCertificate(context, input.thumbprint),
    }));
    return {
      data: { thumbprint: input.thumbprint.toUpperCase() },
      message: result.message,
      audit: {
        target: `federation:${input.federationId}:signing-certificate`,
        before: certificates(before),
        after: { active: input.thumbprint.toUpperCase() },
      },
    };
  },
});

/**
 * What an open status page asks for when its live stream says a newer snapshot landed: the job's status and the
 * cycle chart, rendered from that snapshot, to replace those two parts in place (no refresh of the whole page and
 * its log). A read (successes are not audited) the page makes by itself: not user activity for the idle timeout.
 */
export const provisioningLivePartsAction = defineAction({
  name: "provisioning.live-parts",
  readOnly: true,
  passive: true,
  permission: "provisioning.view",
  input: z.object({ federationId: federation }),
  run: async (input) => ({ data: await loadLiveParts(db(), input.federationId) }),
});
