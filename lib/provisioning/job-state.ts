import { stepRef } from "../setup/step-ref";
import type { JobQuarantine, ProvisioningJob, SyncErrorInfo, TaskExecution } from "../entra/provisioning-job";
import type { DeletionThreshold } from "../entra/provisioning-secrets";
import type { JobKind } from "./configured-jobs";

/** The job's state in the words an admin uses (issue 7): what the status page shows as colour and words. */
export type JobHealth = "not-run" | "running" | "healthy" | "warnings" | "quarantined" | "paused" | "disabled";
export type HealthTone = "neutral" | "good" | "warn" | "bad" | "info";

export interface JobHealthView {
  health: JobHealth;
  tone: HealthTone;
  label: string;
  /** One sentence: what this means right now. */
  summary: string;
}

const LABELS: Record<JobHealth, { tone: HealthTone; label: string }> = {
  "not-run": { tone: "info", label: "Not run yet" },
  running: { tone: "info", label: "Running" },
  healthy: { tone: "good", label: "Healthy" },
  warnings: { tone: "warn", label: "Warnings" },
  quarantined: { tone: "bad", label: "Quarantined" },
  paused: { tone: "neutral", label: "Paused" },
  disabled: { tone: "neutral", label: "Disabled" },
};

export const healthLabel = (health: JobHealth) => LABELS[health];

/**
 * A cycle is under way while a progress entry, observed after the last cycle ended, has units left to do.
 * Progress left over from a cycle that failed midway is older than that cycle's end, so it does not count.
 */
export function isCycleRunning(job: ProvisioningJob): boolean {
  const ended = job.status.lastExecution?.timeEnded;
  const endedAt = ended ? new Date(ended).getTime() : Number.NEGATIVE_INFINITY;
  return job.status.progress.some(
    (p) => p.totalUnits > 0 && p.completedUnits < p.totalUnits && (p.observedAt ? new Date(p.observedAt).getTime() > endedAt : !ended),
  );
}

/**
 * Translates synchronizationStatus (https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationstatus) into one state. Order matters: quarantine and pause
 * win over anything the last cycle said; a job with no credentials or a disabled schedule does not run at all.
 */
export function describeJobHealth(job: ProvisioningJob): JobHealthView {
  const { status, schedule } = job;
  const view = (health: JobHealth, summary: string): JobHealthView => ({ health, ...LABELS[health], summary });
  const last = status.lastExecution;

  if (status.quarantine?.reason === "TooManyDeletes")
    return view(
      "quarantined",
      "Entra is holding back deletions above the accidental-deletion threshold: nothing is provisioned until you allow them or undo what caused them.",
    );
  if (status.code === "Quarantine" || status.quarantine)
    return view(
      "quarantined",
      "Entra has quarantined the job after repeated failures: it now retries rarely (about once a day) and is disabled after four weeks.",
    );
  if (status.code === "Paused" || schedule.state === "Paused")
    return view("paused", "Provisioning is paused. Nothing is sent to AWS until it is started again.");
  if (status.code === "NotConfigured")
    return view("disabled", `The job has no SCIM tenant URL and secret token yet, so it cannot run. Finish Setup ${stepRef("provisioning-credentials")}.`);
  if (schedule.state === "Disabled") return view("disabled", "Provisioning is switched off: the job's schedule is disabled. Start it to provision.");
  if (isCycleRunning(job)) return view("running", "A provisioning cycle is running now.");
  if (status.code === "NotRun" || !last) return view("not-run", "The job is ready but has not run a cycle yet.");
  if (last.state === "Failed" || status.countSuccessiveCompleteFailures > 0)
    return view(
      "warnings",
      `The last cycle failed${status.countSuccessiveCompleteFailures > 1 ? ` (${status.countSuccessiveCompleteFailures} in a row)` : ""}; Entra quarantines the job if it keeps failing.`,
    );
  if (last.state === "EntryLevelErrors" || last.countEscrowed > 0)
    return view(
      "warnings",
      `The last cycle finished, but ${last.countEscrowed || "some"} ${last.countEscrowed === 1 ? "entry" : "entries"} could not be provisioned and will be retried.`,
    );
  return view("healthy", "The last cycle finished without errors.");
}

export interface QuarantineExplanation {
  title: string;
  meaning: string;
  fix: string;
}

/**
 * A role-import job's failures are AWS's answers to iam:ListRoles signed with the role-manager key
 * (https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial#configure-role-provisioning-in-aws-single-account-access;
 * error codes: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html).
 */
function explainRoleImportQuarantine(reason: string, code: string): QuarantineExplanation {
  const step = stepRef("role-import", "legacy-iam");
  if (/AccessDenied|UnauthorizedOperation/i.test(code))
    return {
      title: "AWS denied the role manager iam:ListRoles",
      meaning: "The access key is valid, but its user may no longer list the account's roles (its policy was detached or narrowed).",
      fix: `Run Setup ${step} again: it puts the role manager's policy back, tests the connection and starts the job (start clears quarantine).`,
    };
  if (/InvalidClientTokenId|SignatureDoesNotMatch|Credential|Token|Unauthori[sz]ed/i.test(code) || reason === "EncounteredQuarantineException")
    return {
      title: "AWS refused the role-manager access key",
      meaning:
        "Entra could not list the account's IAM roles with the key saved for role import: it was deactivated or deleted in IAM, or the secret saved in Entra does not match it.",
      fix: `Rotate the key from the role import card in Setup ${step}, or enter an active key of EntraRoleManager there; the step tests the connection and starts the job (start clears quarantine).`,
    };
  return {
    title: "Entra stopped the role import",
    meaning: code ? `The last cycles failed (${code}).` : "The last cycles failed.",
    fix: `Verify Setup ${step}: it tests the connection with the saved key and starts the job again.`,
  };
}

const CREDENTIAL_CODES = new Set([
  "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
  "SystemForCrossDomainIdentityManagementInvalidCredentials",
  "SystemForCrossDomainIdentityManagementUnauthorized",
]);

/** What a quarantine reason (and the error under it) means, and what fixes it (https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status). */
export function explainQuarantine(
  quarantine: Pick<JobQuarantine, "reason" | "error">,
  lastError: SyncErrorInfo | null = null,
  /** For TooManyDeletes: the threshold the admin chose and how many deletions the cycle held (its escrow count). */
  deletions: { threshold?: DeletionThreshold | null; held?: number | null } = {},
  /** A legacy app's role-import job signs AWS calls with the role-manager key, not a SCIM token. */
  job: JobKind = "provisioning",
): QuarantineExplanation {
  const code = quarantine.error?.code || lastError?.code || "";
  if (job === "role-import") return explainRoleImportQuarantine(quarantine.reason, code);
  if (CREDENTIAL_CODES.has(code) || /credential|token|unauthori[sz]ed/i.test(code))
    return {
      title: "AWS refused the SCIM access token",
      meaning: "Entra could not sign in to the AWS SCIM endpoint: the token was deleted, has expired, or the tenant URL is wrong.",
      fix: `Generate a new access token in the IAM Identity Center console (Settings → Automatic provisioning), enter it with the SCIM endpoint in Setup ${stepRef("scim-endpoint")}, then start provisioning here.`,
    };
  switch (quarantine.reason) {
    case "EncounteredQuarantineException":
      return {
        title: "AWS kept refusing the connection",
        meaning: "Every recent cycle failed on the connection to AWS (usually bad credentials or a wrong tenant URL).",
        fix: `Check the SCIM endpoint and access token in Setup ${stepRef("scim-endpoint")}, then start provisioning here (start clears quarantine).`,
      };
    case "EncounteredBaseEscrowThreshold":
    case "EncounteredTotalEscrowThreshold":
    case "EncounteredEscrowProportionThreshold":
      return {
        title: "Too many entries failed",
        meaning: "So many users or groups failed to provision (escrows) that Entra stopped the job rather than keep failing.",
        fix: "Read the failures in the provisioning log below and fix their cause (often missing required attributes such as given name), then restart with the Escrows and Quarantine state scopes.",
      };
    case "TooManyDeletes": {
      // https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions: the cycle is held in escrow,
      // nothing is deleted, until an admin allows the deletions (restart with ForceDeletes) or undoes their cause.
      const held = deletions.held ? `${deletions.held} users and groups` : "more users and groups";
      const limit = deletions.threshold?.enabled ? `the accidental-deletion threshold of ${deletions.threshold.value}` : "the accidental-deletion threshold";
      return {
        title: "Too many deletions at once: held by the accidental-deletion threshold",
        meaning: `The next cycle would delete or disable ${held} in AWS, more than ${limit}. Entra deleted nothing: it holds the deletions and the job stays quarantined until someone decides.`,
        fix:
          'If the deletions are intended (people left, a group was removed from the app on purpose), restart with the Force deletes scope (Entra\'s "Allow deletes"). ' +
          `If not, undo what removed them (the app's assignments in Setup ${stepRef("scope-assignments")}, group memberships or a scoping filter in Entra), then restart with the Quarantine state scope. ` +
          `A different threshold is set in Setup ${stepRef("provisioning-credentials")}.`,
      };
    }
    case "QuarantinedOnDemand":
      return { title: "Quarantined on request", meaning: "The job was quarantined on purpose.", fix: "Start provisioning when ready." };
    case "IngestionInterrupted":
      return {
        title: "Reading the directory was interrupted",
        meaning: "Entra could not finish reading the users and groups in scope.",
        fix: "Restart with the Watermark and Quarantine state scopes; if it happens again, open the troubleshooting link.",
      };
    default:
      return {
        title: "Quarantined for an unlisted reason",
        meaning: `Entra gave the reason "${quarantine.reason}".`,
        fix: "Look at the last errors in the provisioning log, fix them, then restart with the Quarantine state scope.",
      };
  }
}

/** ISO 8601 duration (PT40M, P1D, PT1H30M) in milliseconds; null when unreadable. */
export function durationMs(iso: string | null): number | null {
  if (!iso) return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === "P" || iso === "PT") return null;
  const [, d = "0", h = "0", min = "0", s = "0"] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** The job's schedule.interval in words ("40 minutes", "40 seconds", "1 hour 30 minutes"); null when unknown. */
export function intervalWords(iso: string | null): string | null {
  const ms = durationMs(iso);
  if (!ms) return null;
  const seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days) parts.push(plural(days, "day"));
  if (hours) parts.push(plural(hours, "hour"));
  if (minutes) parts.push(plural(minutes, "minute"));
  if (rest) parts.push(plural(rest, "second"));
  return parts.join(" ");
}

/**
 * How often cycles run, for sentences promised to the user: read from the job's schedule (Entra's is PT40M, the
 * sandbox's is compressed), and without a number when the schedule is not known.
 */
export function cycleCadence(interval: string | null): string {
  const words = intervalWords(interval);
  return words ? `about every ${words}` : "on the job's schedule";
}

/**
 * About when the next cycle starts: quarantine retries on its own schedule, otherwise last start + the job's
 * schedule.interval. No estimate when the interval is unknown.
 */
export function nextCycleEta(job: ProvisioningJob, now: Date = new Date()): Date | null {
  const health = describeJobHealth(job).health;
  if (health === "paused" || health === "disabled") return null;
  if (job.status.quarantine?.nextAttempt) return new Date(job.status.quarantine.nextAttempt);
  const interval = durationMs(job.schedule.interval);
  if (!interval) return null;
  const last = job.status.lastExecution;
  const anchor = last?.timeBegan ?? last?.timeEnded;
  if (!anchor) return null;
  let eta = new Date(anchor).getTime() + interval;
  // A missed slot means "soon", not a time in the past.
  if (eta < now.getTime()) eta = now.getTime();
  return new Date(eta);
}

/**
 * Initial or incremental: Graph has no flag for it. An initial cycle reads every object in scope in full, so it
 * imports objects but no deltas; an incremental one imports only deltas since the watermark (countImportedDeltas in
 * https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationtaskexecution). Inferred, so "unknown" when Graph leaves the delta count out.
 */
export function cycleKind(execution: Pick<TaskExecution, "countImported" | "countImportedDeltas"> | null): "initial" | "incremental" | "unknown" {
  if (!execution || execution.countImportedDeltas === null) return "unknown";
  return execution.countImported > 0 && execution.countImportedDeltas === 0 ? "initial" : "incremental";
}
