import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";

/** synchronizationStatus.code (https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationstatus); "Unknown" for anything Graph adds later. */
export type JobStatusCode = "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine" | "Unknown";

export interface SyncErrorInfo {
  code: string;
  message: string;
  tenantActionable: boolean;
}

export interface TaskExecution {
  activityIdentifier: string | null;
  state: "Succeeded" | "Failed" | "EntryLevelErrors" | "Unknown";
  timeBegan: string | null;
  timeEnded: string | null;
  countEntitled: number;
  countEscrowed: number;
  countExported: number;
  countImported: number;
  /** Imported as changes since the watermark; absent when Graph leaves it out. */
  countImportedDeltas: number | null;
  error: SyncErrorInfo | null;
}

export interface JobQuarantine {
  reason: string;
  currentBegan: string | null;
  nextAttempt: string | null;
  seriesBegan: string | null;
  seriesCount: number;
  error: SyncErrorInfo | null;
}

export interface ProvisioningJob {
  id: string;
  templateId: string;
  schedule: { interval: string | null; state: "Active" | "Disabled" | "Paused" | "Unknown"; expiration: string | null };
  status: {
    code: JobStatusCode;
    lastExecution: TaskExecution | null;
    lastSuccessfulExecution: TaskExecution | null;
    lastSuccessfulExecutionWithExports: TaskExecution | null;
    quarantine: JobQuarantine | null;
    progress: { completedUnits: number; totalUnits: number; units: string; observedAt: string | null }[];
    /** null when never achieved (Graph sends 0001-01-01T00:00:00Z). */
    steadyStateFirstAchievedTime: string | null;
    steadyStateLastAchievedTime: string | null;
    countSuccessiveCompleteFailures: number;
    escrowsPruned: boolean;
    synchronizedEntryCountByType: { key: string; value: number }[];
    troubleshootingUrl: string | null;
  };
  settings: { name: string; value: string }[];
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null);
const s = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const n = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const never = (v: unknown): string | null => {
  const t = s(v);
  return t && !t.startsWith("0001-01-01") ? t : null;
};
const oneOf = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(v as T) ? (v as T) : fallback);

function errorInfo(v: unknown): SyncErrorInfo | null {
  const e = rec(v);
  if (!e) return null;
  return { code: s(e.code) ?? "", message: s(e.message) ?? "", tenantActionable: e.tenantActionable === true };
}

function execution(v: unknown): TaskExecution | null {
  const e = rec(v);
  if (!e) return null;
  return {
    activityIdentifier: s(e.activityIdentifier),
    state: oneOf(e.state, ["Succeeded", "Failed", "EntryLevelErrors"] as const, "Unknown"),
    timeBegan: s(e.timeBegan),
    timeEnded: s(e.timeEnded),
    countEntitled: n(e.countEntitled),
    countEscrowed: n(e.countEscrowed),
    countExported: n(e.countExported),
    countImported: n(e.countImported),
    countImportedDeltas: typeof e.countImportedDeltas === "number" ? e.countImportedDeltas : null,
    error: errorInfo(e.error),
  };
}

/** The raw Graph synchronizationJob as typed, plain data. */
export function toProvisioningJob(raw: unknown): ProvisioningJob {
  const j = rec(raw) ?? {};
  const schedule = rec(j.schedule) ?? {};
  const st = rec(j.status) ?? {};
  const q = rec(st.quarantine);
  return {
    id: s(j.id) ?? "",
    templateId: s(j.templateId) ?? "",
    schedule: {
      interval: s(schedule.interval),
      state: oneOf(schedule.state, ["Active", "Disabled", "Paused"] as const, "Unknown"),
      expiration: s(schedule.expiration),
    },
    status: {
      code: oneOf(st.code, ["NotConfigured", "NotRun", "Active", "Paused", "Quarantine"] as const, "Unknown"),
      lastExecution: execution(st.lastExecution),
      lastSuccessfulExecution: execution(st.lastSuccessfulExecution),
      lastSuccessfulExecutionWithExports: execution(st.lastSuccessfulExecutionWithExports),
      quarantine: q
        ? {
            reason: s(q.reason) ?? "Unknown",
            currentBegan: s(q.currentBegan),
            nextAttempt: s(q.nextAttempt),
            seriesBegan: s(q.seriesBegan),
            seriesCount: n(q.seriesCount),
            error: errorInfo(q.error),
          }
        : null,
      progress: (Array.isArray(st.progress) ? st.progress : [])
        .map(rec)
        .filter((p): p is Json => p !== null)
        .map((p) => ({
          completedUnits: n(p.completedUnits),
          totalUnits: n(p.totalUnits),
          units: s(p.units) ?? "",
          observedAt: s(p.progressObservationDateTime),
        })),
      steadyStateFirstAchievedTime: never(st.steadyStateFirstAchievedTime),
      steadyStateLastAchievedTime: never(st.steadyStateLastAchievedTime),
      countSuccessiveCompleteFailures: n(st.countSuccessiveCompleteFailures),
      escrowsPruned: st.escrowsPruned === true,
      synchronizedEntryCountByType: (Array.isArray(st.synchronizedEntryCountByType) ? st.synchronizedEntryCountByType : [])
        .map(rec)
        .filter((p): p is Json => p !== null)
        .map((p) => ({ key: s(p.key) ?? "", value: n(typeof p.value === "string" ? Number(p.value) : p.value) })),
      troubleshootingUrl: s(st.troubleshootingUrl),
    },
    settings: (Array.isArray(j.synchronizationJobSettings) ? j.synchronizationJobSettings : [])
      .map(rec)
      .filter((p): p is Json => p !== null)
      .map((p) => ({ name: s(p.name) ?? "", value: String(p.value ?? "") })),
  };
}

export interface JobRef {
  servicePrincipalId: string;
  jobId: string;
}

export const jobPath = (ref: JobRef) => `/servicePrincipals/${ref.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(ref.jobId)}`;

/** Live provisioning status (https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-get). */
export async function getProvisioningJob(gateway: GraphGateway, ref: JobRef): Promise<{ job: ProvisioningJob }> {
  const raw = await callGraph<unknown>(gateway, "GetSynchronizationJob", () => gateway.api(jobPath(ref)).get());
  return { job: toProvisioningJob(raw) };
}
