import "server-only";
import { callGraph, waitOutReplication, type Backoff, type ReplicationProgress } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError, isEntraGatewayError } from "./errors";
import { jobPath, toProvisioningJob, type ProvisioningJob } from "./provisioning-job";

/** The IAM Identity Center synchronization template id (https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-configuration-api), compared case-insensitively in case the casing changes. */
export const AWS_SYNC_TEMPLATE_ID = "aWSSingleSignon";

export type EnsureProvisioningJobResult = { outcome: "created" | "adopted"; jobId: string; templateId: string; job: ProvisioningJob };

interface SyncTemplate {
  id: string;
  factoryTag?: string | null;
  default?: boolean | null;
}

/** The legacy "AWS Single-Account Access" app's template: role import (AWS → Entra), not user provisioning. */
export const AWS_ROLE_IMPORT_TEMPLATE_ID = "aws";

const sameId = (a: string | null | undefined, b: string) => (a ?? "").toLowerCase() === b.toLowerCase();
const isAws = (id: string | null | undefined) => sameId(id, AWS_SYNC_TEMPLATE_ID);

async function listJobs(gateway: GraphGateway, servicePrincipalId: string): Promise<ProvisioningJob[]> {
  const page = await callGraph<{ value?: unknown[] }>(gateway, "ListSynchronizationJobs", () =>
    gateway.api(`/servicePrincipals/${servicePrincipalId}/synchronization/jobs`).get(),
  );
  return (page.value ?? []).map(toProvisioningJob);
}

async function pickTemplate(gateway: GraphGateway, servicePrincipalId: string, wanted: string): Promise<string> {
  const page = await callGraph<{ value?: SyncTemplate[] }>(gateway, "ListSynchronizationTemplates", () =>
    gateway.api(`/servicePrincipals/${servicePrincipalId}/synchronization/templates`).get(),
  );
  const templates = page.value ?? [];
  const found = templates.find((t) => sameId(t.id, wanted) || sameId(t.factoryTag, wanted));
  if (found) return found.id;
  if (isAws(wanted) && templates.some((t) => sameId(t.id, AWS_ROLE_IMPORT_TEMPLATE_ID) || sameId(t.factoryTag, AWS_ROLE_IMPORT_TEMPLATE_ID)))
    throw new EntraGatewayError({
      kind: "conflict",
      operation: "CreateSynchronizationJob",
      message:
        'This enterprise app is the legacy "AWS Single-Account Access" app: its provisioning only imports IAM roles and cannot push users to IAM Identity Center. Create the "AWS IAM Identity Center" gallery app instead.',
    });
  // Templates can be missing for a while right after instantiate (https://learn.microsoft.com/graph/api/applicationtemplate-instantiate): let the caller's wait retry.
  throw new EntraGatewayError({
    kind: "not-found",
    operation: "ListSynchronizationTemplates",
    message: "Entra offers no provisioning template for this app yet.",
  });
}

/**
 * Step 9's job: adopts the app's existing IAM Identity Center job (never a second), or creates it from the app's
 * own template list and waits until it is readable. Replication answers (404/403/409) are retried with backoff.
 * The legacy app's role-import job is the same call with `templateId: "aws"`.
 */
export async function ensureProvisioningJob(
  gateway: GraphGateway,
  input: { servicePrincipalId: string; templateId?: string },
  options: { backoff?: Backoff; onProgress?: (progress: ReplicationProgress) => void | Promise<void> } = {},
): Promise<EnsureProvisioningJobResult> {
  const sp = input.servicePrincipalId;
  const wanted = input.templateId ?? AWS_SYNC_TEMPLATE_ID;
  const ours = (id: string | null | undefined) => sameId(id, wanted);
  const existing = (await listJobs(gateway, sp)).find((j) => ours(j.templateId));
  if (existing) return { outcome: "adopted", jobId: existing.id, templateId: existing.templateId, job: existing };

  const templateId = await waitOutReplication("ListSynchronizationTemplates", () => pickTemplate(gateway, sp, wanted), {
    ...options,
    retryOn: ["not-found", "forbidden"],
  });
  let outcome: EnsureProvisioningJobResult["outcome"] = "created";
  let jobId: string;
  try {
    const created = await waitOutReplication(
      "CreateSynchronizationJob",
      () => callGraph<unknown>(gateway, "CreateSynchronizationJob", () => gateway.api(`/servicePrincipals/${sp}/synchronization/jobs`).post({ templateId })),
      // A 409 here means "already exists", not replication: it is adopted below rather than retried.
      { ...options, retryOn: ["not-found", "forbidden"] },
    );
    jobId = toProvisioningJob(created).id;
  } catch (error) {
    // Someone (another replica, a retried request) created it in between: adopt theirs.
    if (!isEntraGatewayError(error, "conflict")) throw error;
    const theirs = (await listJobs(gateway, sp)).find((j) => ours(j.templateId));
    if (!theirs) throw error;
    outcome = "adopted";
    jobId = theirs.id;
  }
  const raw = await waitOutReplication(
    "GetSynchronizationJob",
    () => callGraph<unknown>(gateway, "GetSynchronizationJob", () => gateway.api(jobPath({ servicePrincipalId: sp, jobId })).get()),
    options,
  );
  const job = toProvisioningJob(raw);
  return { outcome, jobId, templateId: job.templateId || templateId, job };
}
