import "server-only";
import { z } from "zod";
import { ensureProvisioningJob } from "../../../entra/ensure-provisioning-job";
import { listProvisioningJobs } from "../../../entra/list-provisioning-jobs";
import {
  DEFAULT_DELETION_THRESHOLD,
  ENTRA_DEFAULT_DELETE_THRESHOLD,
  readProvisioningSecrets,
  saveProvisioningSecrets,
  type DeletionThreshold,
} from "../../../entra/provisioning-secrets";
import { validateCredentials } from "../../../entra/validate-credentials";
import { requireFact, StepError } from "../../context";
import { stepRef } from "../../step-ref";
import { defineStep, stepInputView } from "../types";
import { appOf, jobOf, scimTokenOf } from "./shared";
import { stepTitle } from "../../step-catalog";

/**
 * Entra's accidental-deletion prevention (https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions):
 * on unless the admin switches it off, with the threshold they choose. Without input (a re-run, a script) the
 * threshold already chosen is kept, else Entra's own default.
 */
export const provisioningCredentialsInput = z
  .object({
    deleteThresholdEnabled: z.boolean().default(true),
    deleteThreshold: z
      .number({ message: "enter a whole number of users and groups" })
      .int("enter a whole number of users and groups")
      .min(1, "the threshold must be at least 1")
      .max(1_000_000, "the threshold must be at most 1,000,000")
      .default(ENTRA_DEFAULT_DELETE_THRESHOLD),
  })
  .optional();

type ProvisioningCredentialsInput = z.infer<typeof provisioningCredentialsInput>;

function thresholdOf(context: { facts: { deletionThreshold?: DeletionThreshold } }, input: ProvisioningCredentialsInput): DeletionThreshold {
  if (input) return { enabled: input.deleteThresholdEnabled, value: input.deleteThreshold };
  return context.facts.deletionThreshold ?? DEFAULT_DELETION_THRESHOLD;
}

export const thresholdWords = (t: DeletionThreshold) =>
  t.enabled ? `on, threshold ${t.value} deletions or disables per cycle` : "off (Entra pushes any number of deletions)";

function thresholdLine(saved: DeletionThreshold | null, wanted: DeletionThreshold): string {
  const label = "Accidental-deletion prevention";
  // Entra may mask the setting or name its fields differently (unconfirmed): then it is written without a comparison.
  if (!saved) return `${label}: ${thresholdWords(wanted)} (Entra's default threshold is ${ENTRA_DEFAULT_DELETE_THRESHOLD}).`;
  const same = saved.enabled === wanted.enabled && (!wanted.enabled || saved.value === wanted.value);
  return same ? `${label}: kept (${thresholdWords(wanted)}).` : `${label}: ${thresholdWords(saved)} → ${thresholdWords(wanted)}`;
}

const scopeName = (syncAll: boolean | null) => (syncAll === null ? "(not set)" : syncAll ? "all users and groups" : "only assigned users and groups");

export const provisioningCredentials = defineStep<ProvisioningCredentialsInput>({
  id: "provisioning-credentials",
  side: "Entra",
  title: stepTitle("identity-center", "provisioning-credentials"),
  guide: "Enterprise app → Provisioning → Provisioning Mode: Automatic → Tenant URL and Secret Token from AWS → Test Connection → Save.",
  how: "automated",
  verifiedBy: "validateCredentials succeeds against the AWS SCIM endpoint.",
  requires: ["gallery-app", "scim-endpoint"],
  input: provisioningCredentialsInput,
  async run(context, input) {
    const gateway = await context.entra();
    const app = appOf(context);
    const scim = requireFact(context, "scim", `Paste the SCIM endpoint and token first (${stepRef("scim-endpoint")}).`);
    const token = await scimTokenOf(context);
    const job = await ensureProvisioningJob(gateway, { servicePrincipalId: app.servicePrincipalId });
    const valid = await validateCredentials(gateway, {
      servicePrincipalId: app.servicePrincipalId,
      jobId: job.jobId,
      baseAddress: scim.endpoint,
      secretToken: token,
    });
    if (!valid.ok) throw new StepError(`Test Connection failed: ${valid.message}`);
    const deletionThreshold = thresholdOf(context, input);
    await saveProvisioningSecrets(gateway, {
      servicePrincipalId: app.servicePrincipalId,
      baseAddress: scim.endpoint,
      secretToken: token,
      syncAll: false,
      notificationEmail: context.actor.email,
      deletionThreshold,
    });
    return {
      facts: { job: { jobId: job.jobId }, deletionThreshold },
      evidence: { job: `${job.outcome} ${job.jobId}`, testConnection: "succeeded", accidentalDeletionPrevention: thresholdWords(deletionThreshold) },
    };
  },
  async verify(context) {
    const gateway = await context.entra();
    const ref = jobOf(context);
    const valid = await validateCredentials(gateway, { ...ref, useSavedCredentials: true });
    if (!valid.ok) throw new StepError(`Test Connection with the saved credentials failed: ${valid.message}`);
    const saved = await readProvisioningSecrets(gateway, ref.servicePrincipalId);
    return {
      evidence: { jobId: ref.jobId, tenantUrl: saved.saved.baseAddress ?? "not set", secretToken: saved.saved.secretTokenSet ? "saved (masked)" : "missing" },
    };
  },
  async preview(context, input) {
    const gateway = await context.entra();
    const app = appOf(context);
    const scim = requireFact(context, "scim", `Paste the SCIM endpoint and token first (${stepRef("scim-endpoint")}).`);
    const [jobs, secrets] = await Promise.all([
      listProvisioningJobs(gateway, app.servicePrincipalId),
      readProvisioningSecrets(gateway, app.servicePrincipalId),
    ]);
    const saved = secrets.saved;
    const changes = [
      jobs.awsJob
        ? `Provisioning job: kept (the existing IAM Identity Center job ${jobs.awsJob.id}).`
        : "Provisioning job: create one from the app's AWS IAM Identity Center template.",
      "Test Connection with the stored SCIM endpoint and token (changes nothing).",
      saved.baseAddress === scim.endpoint ? `Tenant URL: kept (${scim.endpoint}).` : `Tenant URL: ${saved.baseAddress ?? "(none)"} → ${scim.endpoint}`,
      // Graph returns the saved token masked, so whether it differs cannot be read: it is always sent again.
      saved.secretTokenSet
        ? "Secret token: replaced by the token stored in the portal (the saved one is masked and cannot be compared)."
        : "Secret token: (none) → the token stored in the portal",
      saved.syncAll === false ? "Scope: kept (only assigned users and groups)." : `Scope: ${scopeName(saved.syncAll)} → only assigned users and groups`,
      `Notification email: ${context.actor.email}.`,
      thresholdLine(saved.deletionThreshold, thresholdOf(context, input)),
    ];
    return { changes };
  },
  labels: { run: "Run this step" },
  view: stepInputView(
    () => import("@/components/setup/step-inputs-client").then((m) => m.ProvisioningCredentialsStepInput),
    (view) => ({ threshold: view.facts.deletionThreshold ?? DEFAULT_DELETION_THRESHOLD, entraDefault: ENTRA_DEFAULT_DELETE_THRESHOLD }),
  ),
  panels: [],
  screens: ["entra-provisioning-credentials"],
});
