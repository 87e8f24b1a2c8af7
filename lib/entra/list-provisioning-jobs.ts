import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { AWS_SYNC_TEMPLATE_ID } from "./ensure-provisioning-job";
import { toProvisioningJob, type ProvisioningJob } from "./provisioning-job";

/**
 * The app's synchronization jobs, read only (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-list-jobs),
 * with the IAM Identity Center one picked out: what a preview compares against before anything is created.
 */
export async function listProvisioningJobs(
  gateway: GraphGateway,
  servicePrincipalId: string,
): Promise<{ jobs: ProvisioningJob[]; awsJob: ProvisioningJob | null }> {
  const page = await callGraph<{ value?: unknown[] }>(gateway, "ListSynchronizationJobs", () =>
    gateway.api(`/servicePrincipals/${servicePrincipalId}/synchronization/jobs`).get(),
  );
  const jobs = (page.value ?? []).map(toProvisioningJob);
  const awsJob = jobs.find((j) => j.templateId.toLowerCase() === AWS_SYNC_TEMPLATE_ID.toLowerCase()) ?? null;
  return { jobs, awsJob };
}
