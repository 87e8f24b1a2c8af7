import "server-only";
import { listAll, queryValue } from "./call";
import type { GraphGateway } from "./client";

/** One change in Entra's directory audit log, as the drift view attributes it. */
export interface DirectoryAudit {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  /** The user's UPN, or the app's display name (and id) that made the change. */
  initiatedBy: string;
  targets: { id: string; type: string; modifiedProperties: string[] }[];
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

function initiator(raw: unknown): string {
  const by = rec(raw);
  const user = rec(by.user);
  const app = rec(by.app);
  const upn = str(user.userPrincipalName) ?? str(user.displayName) ?? str(user.id);
  if (upn) return upn;
  const name = str(app.displayName);
  const appId = str(app.appId);
  if (name || appId) return name && appId ? `${name} (app ${appId})` : (name ?? `app ${appId}`);
  return "someone Entra did not name";
}

/**
 * Directory audit entries between two instants that touched any of `targetIds` (the app and its service principal),
 * newest first (https://learn.microsoft.com/graph/api/directoryaudit-list; needs AuditLog.Read.All). The time range
 * is filtered by Graph; the targets here, so the query stays within the filters every tenant supports.
 */
export async function listDirectoryAudits(
  gateway: GraphGateway,
  range: { from: Date; to: Date; targetIds: string[] },
  options: { maxItems?: number } = {},
): Promise<{ audits: DirectoryAudit[]; truncated: boolean }> {
  const filter = `activityDateTime ge ${range.from.toISOString()} and activityDateTime le ${range.to.toISOString()}`;
  const maxItems = options.maxItems ?? 500;
  const { items, truncated } = await listAll<unknown>(
    gateway,
    "ListDirectoryAudits",
    gateway.api("/auditLogs/directoryAudits").filter(queryValue(filter)).top(Math.min(maxItems, 999)),
    {
      maxItems,
    },
  );
  const wanted = new Set(range.targetIds);
  const audits = items.map((raw): DirectoryAudit => {
    const e = rec(raw);
    return {
      id: str(e.id) ?? "",
      activityDateTime: str(e.activityDateTime) ?? "",
      activityDisplayName: str(e.activityDisplayName) ?? "",
      initiatedBy: initiator(e.initiatedBy),
      targets: (Array.isArray(e.targetResources) ? e.targetResources : []).map((t) => {
        const target = rec(t);
        return {
          id: str(target.id) ?? "",
          type: str(target.type) ?? "",
          modifiedProperties: (Array.isArray(target.modifiedProperties) ? target.modifiedProperties : []).flatMap((m) => str(rec(m).displayName) ?? []),
        };
      }),
    };
  });
  return {
    audits: audits.filter((a) => a.targets.some((t) => wanted.has(t.id))).sort((a, b) => (a.activityDateTime < b.activityDateTime ? 1 : -1)),
    truncated,
  };
}
