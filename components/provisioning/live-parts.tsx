import "server-only";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import type { Database } from "@/lib/db";
import type { DeletionThreshold } from "@/lib/entra/provisioning-secrets";
import { loadProvisioningStatus, type ProvisioningStatus } from "@/lib/provisioning/status";
import { loadFacts } from "@/lib/setup/store";
import { CycleChart } from "./cycle-chart";
import { JobStatus } from "./job-status";

/** The parts of the status page a new snapshot changes: the job's status and the cycle chart (never the log). */
export interface LiveParts {
  snapshotId: number;
  job: ReactNode;
  chart: ReactNode;
}

type Ready = Extract<ProvisioningStatus, { state: "ready" }>;

export function livePartsOf(status: Ready, deletionThreshold: DeletionThreshold | null): LiveParts {
  return {
    snapshotId: status.snapshot.id,
    job: <JobStatus job={status.snapshot.status} takenAt={status.snapshot.takenAt} poll={status.poll} deletionThreshold={deletionThreshold} kind={status.job.kind} />,
    chart: (
      <Card title="Recent cycles" description="Entries processed and errors per cycle, oldest on the left; the initial cycle (the whole scope read once) is marked.">
        <CycleChart cycles={status.cycles} />
      </Card>
    ),
  };
}

/**
 * The live parts rendered from the newest snapshot, for an open page that was told one landed: two small reads
 * (the snapshot and its cycles), not the page's log query. Null while no snapshot exists yet.
 */
export async function loadLiveParts(database: Database, federationId: string): Promise<LiveParts | null> {
  const status = await loadProvisioningStatus(database, federationId);
  if (status.state !== "ready") return null;
  const facts = await loadFacts(database, federationId);
  return livePartsOf(status, facts.deletionThreshold ?? null);
}
