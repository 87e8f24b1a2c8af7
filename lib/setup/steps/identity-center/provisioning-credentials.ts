import "server-only";
import { ensureProvisioningJob } from "../../../entra/ensure-provisioning-job";
import { listProvisioningJobs } from "../../../entra/list-provisioning-jobs";
import { readProvisioningSecrets, saveProvisioningSecrets } from "../../../entra/provisioning-secrets";
import { validateCredentials } from "../../../entra/validate-credentials";
import { requireFact, StepError } from "../../context";
import { stepRef } from "../../step-ref";
import { defineStep } from "../types";
import { appOf, jobOf, scimTokenOf } from "./shared";

const scopeName = (syncAll: boolean | null) => (syncAll === null ? "(not set)" : syncAll ? "all users and groups" : "only assigned users and groups");

export const provisioningCredentials = defineStep({
  id: "provisioning-credentials",
  side: "Entra",
  title: "Provisioning: Automatic, Tenant URL, Secret Token, Test Connection",
  guide: "Enterprise app → Provisioning → Provisioning Mode: Automatic → Tenant URL and Secret Token from AWS → Test Connection → Save.",
  how: "automated",
  verifiedBy: "validateCredentials succeeds against the AWS SCIM endpoint.",
  requires: ["gallery-app", "scim-endpoint"],
  input: null,
  async run(context) {
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
    await saveProvisioningSecrets(gateway, {
      servicePrincipalId: app.servicePrincipalId,
      baseAddress: scim.endpoint,
      secretToken: token,
      syncAll: false,
      notificationEmail: context.actor.email,
    });
    return {
      facts: { job: { jobId: job.jobId } },
      evidence: { job: `${job.outcome} ${job.jobId}`, testConnection: "succeeded" },
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
  async preview(context) {
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
    ];
    return { changes };
  },
  labels: { run: "Run this step" },
  view: null,
  panels: [],
  screens: ["entra-provisioning-credentials"],
});
