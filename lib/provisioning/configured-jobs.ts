import "server-only";
import type { Database } from "../db";
import type { JobRef } from "../entra/provisioning-job";
import { federationFactsColumn } from "../federation/columns";

/**
 * Which synchronization job: an Identity Center app's user provisioning (SCIM), or a legacy app's role import (Entra
 * reads the account's IAM roles with the role-manager key, https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial#configure-role-provisioning-in-aws-single-account-access).
 */
export type JobKind = "provisioning" | "role-import";

export interface ConfiguredJob extends JobRef {
  federationId: string;
  kind: JobKind;
}

/**
 * Federations whose setup has created their synchronization job (facts.app and facts.job, or facts.roleImport for a
 * legacy app), read without writing. Only user provisioning unless `kinds` says otherwise: the provisioning actions
 * (start, pause, restart, on demand) act on that job alone; the poller and the status page read both.
 */
export async function listConfiguredJobs(database: Database, federationId?: string, kinds: readonly JobKind[] = ["provisioning"]): Promise<ConfiguredJob[]> {
  const rows = await database.federation.findMany({
    where: federationId ? { id: federationId } : {},
    select: { id: true, facts: true },
    orderBy: { id: "asc" },
  });
  return rows.flatMap((row): ConfiguredJob[] => {
    const facts = federationFactsColumn.decode(row.facts);
    const servicePrincipalId = facts.app?.servicePrincipalId;
    if (!servicePrincipalId) return [];
    if (facts.job?.jobId && kinds.includes("provisioning")) return [{ federationId: row.id, servicePrincipalId, jobId: facts.job.jobId, kind: "provisioning" }];
    if (facts.roleImport?.jobId && kinds.includes("role-import")) return [{ federationId: row.id, servicePrincipalId, jobId: facts.roleImport.jobId, kind: "role-import" }];
    return [];
  });
}

/** Every job the poller reads and the status page shows. */
export const listWatchedJobs = (database: Database, federationId?: string) => listConfiguredJobs(database, federationId, ["provisioning", "role-import"]);
