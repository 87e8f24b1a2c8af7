import "server-only";
import type { Database } from "../db";
import type { JobRef } from "../entra/provisioning-job";
import { federationFactsColumn } from "../federation/columns";

export interface ConfiguredJob extends JobRef {
  federationId: string;
}

/** Federations whose setup has created the synchronization job (facts.app and facts.job), read without writing. */
export async function listConfiguredJobs(database: Database, federationId?: string): Promise<ConfiguredJob[]> {
  const rows = await database.federation.findMany({
    where: federationId ? { id: federationId } : {},
    select: { id: true, facts: true },
    orderBy: { id: "asc" },
  });
  return rows.flatMap((row) => {
    const facts = federationFactsColumn.decode(row.facts);
    const servicePrincipalId = facts.app?.servicePrincipalId;
    const jobId = facts.job?.jobId;
    return servicePrincipalId && jobId ? [{ federationId: row.id, servicePrincipalId, jobId }] : [];
  });
}
