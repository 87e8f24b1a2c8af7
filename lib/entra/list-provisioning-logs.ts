import "server-only";
import { listAll, odataLiteral, queryValue } from "./call";
import type { GraphGateway } from "./client";

export interface ProvisioningLogFilters {
  servicePrincipalId?: string;
  jobId?: string;
  /** The Entra object id of the user or group (sourceIdentity/id). */
  sourceId?: string;
  status?: "success" | "warning" | "failure" | "skipped";
  action?: "create" | "update" | "delete" | "stageddelete" | "disable" | "other";
  /** ISO date-time: only entries at or after it. */
  since?: string;
  /** Stop after this many entries (logs are throttled at 5 requests per 10 s: ask for what is shown). */
  maxItems?: number;
  /** Oldest first ($orderby=activityDateTime asc), for copying forward without gaps; default newest first. */
  oldestFirst?: boolean;
}

export interface ProvisioningLogEntry {
  id: string;
  activityDateTime: string;
  jobId: string | null;
  cycleId: string | null;
  action: string;
  status: string;
  errorCode: string | null;
  errorReason: string | null;
  recommendedAction: string | null;
  source: { id: string | null; displayName: string | null; identityType: string | null };
  target: { id: string | null; displayName: string | null; identityType: string | null };
  steps: { name: string; type: string; status: string; description: string }[];
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const identity = (v: unknown) => {
  const i = rec(v);
  return { id: str(i.id), displayName: str(i.displayName), identityType: str(i.identityType) };
};

function toEntry(raw: unknown): ProvisioningLogEntry {
  const e = rec(raw);
  const statusInfo = rec(e.provisioningStatusInfo);
  const error = rec(statusInfo.errorInformation);
  return {
    id: str(e.id) ?? "",
    activityDateTime: str(e.activityDateTime) ?? "",
    jobId: str(e.jobId),
    cycleId: str(e.cycleId),
    action: str(e.provisioningAction) ?? "other",
    status: str(statusInfo.status) ?? "unknown",
    errorCode: str(error.errorCode),
    errorReason: str(error.reason),
    recommendedAction: str(error.recommendedAction),
    source: identity(e.sourceIdentity),
    target: identity(e.targetIdentity),
    steps: (Array.isArray(e.provisioningSteps) ? e.provisioningSteps : []).map((s) => {
      const step = rec(s);
      return {
        name: str(step.name) ?? "",
        type: str(step.provisioningStepType) ?? "",
        status: str(step.status) ?? "",
        description: str(step.description) ?? "",
      };
    }),
    modifiedProperties: (Array.isArray(e.modifiedProperties) ? e.modifiedProperties : []).map((p) => {
      const m = rec(p);
      return { displayName: str(m.displayName) ?? "", oldValue: str(m.oldValue), newValue: str(m.newValue) };
    }),
  };
}

/** Provisioning logs, newest first unless asked otherwise (https://learn.microsoft.com/graph/api/provisioningobjectsummary-list). Filters are case-sensitive in Graph, so values are sent as given. */
export async function listProvisioningLogs(
  gateway: GraphGateway,
  filters: ProvisioningLogFilters = {},
): Promise<{ entries: ProvisioningLogEntry[]; truncated: boolean }> {
  const clauses: string[] = [];
  if (filters.servicePrincipalId) clauses.push(`servicePrincipal/id eq ${odataLiteral(filters.servicePrincipalId)}`);
  if (filters.jobId) clauses.push(`jobId eq ${odataLiteral(filters.jobId)}`);
  if (filters.sourceId) clauses.push(`sourceIdentity/id eq ${odataLiteral(filters.sourceId)}`);
  if (filters.status) clauses.push(`provisioningStatusInfo/status eq ${odataLiteral(filters.status)}`);
  if (filters.action) clauses.push(`provisioningAction eq ${odataLiteral(filters.action)}`);
  if (filters.since) clauses.push(`activityDateTime ge ${new Date(filters.since).toISOString()}`);
  const maxItems = filters.maxItems ?? 100;
  let request = gateway.api("/auditLogs/provisioning").top(Math.min(maxItems, 1000));
  if (clauses.length) request = request.filter(queryValue(clauses.join(" and ")));
  if (filters.oldestFirst) request = request.orderby("activityDateTime asc");
  const { items, truncated } = await listAll<unknown>(gateway, "ListProvisioningLogs", request, { maxItems });
  return { entries: items.map(toEntry), truncated };
}
