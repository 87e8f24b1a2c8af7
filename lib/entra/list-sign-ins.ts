import "server-only";
import { listAll, odataLiteral, queryValue } from "./call";
import type { GraphGateway } from "./client";

/** One row of Entra's sign-in log (https://learn.microsoft.com/graph/api/resources/signin), the fields the portal reads. */
export interface SignInEntry {
  id: string;
  createdDateTime: string;
  userId: string | null;
  userPrincipalName: string | null;
  appId: string | null;
  appDisplayName: string | null;
  ipAddress: string | null;
  correlationId: string | null;
  isInteractive: boolean | null;
  /** success | failure | notApplied (https://learn.microsoft.com/graph/api/resources/signin). */
  conditionalAccessStatus: string | null;
  /** 0 on success; otherwise the AADSTS number (https://learn.microsoft.com/entra/identity-platform/reference-error-codes). */
  errorCode: number;
  failureReason: string | null;
  additionalDetails: string | null;
}

export interface SignInFilters {
  /** The application (client) id of the AWS app: every row of a SAML sign-in to it carries it. */
  appId: string;
  userPrincipalName?: string;
  userId?: string;
  /** ISO date-time: only rows at or after it (createdDateTime ge). */
  since?: string;
  /** Rows to read; the log is throttled at 5 requests per 10 s per app (https://learn.microsoft.com/graph/throttling-limits), so ask for what is shown. */
  maxItems?: number;
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

export function signInOf(raw: unknown): SignInEntry {
  const e = rec(raw);
  const status = rec(e.status);
  const code = typeof status.errorCode === "number" ? status.errorCode : Number(status.errorCode ?? 0);
  return {
    id: str(e.id) ?? "",
    createdDateTime: str(e.createdDateTime) ?? "",
    userId: str(e.userId),
    userPrincipalName: str(e.userPrincipalName),
    appId: str(e.appId),
    appDisplayName: str(e.appDisplayName),
    ipAddress: str(e.ipAddress),
    correlationId: str(e.correlationId),
    isInteractive: typeof e.isInteractive === "boolean" ? e.isInteractive : null,
    conditionalAccessStatus: str(e.conditionalAccessStatus),
    errorCode: Number.isFinite(code) ? code : -1,
    failureReason: str(status.failureReason),
    additionalDetails: str(status.additionalDetails),
  };
}

/** The documented $filter for the app (and one user, and a start time): appId/userPrincipalName/userId eq, createdDateTime ge. */
export function signInFilter(filters: Omit<SignInFilters, "maxItems">): string {
  const parts = [`appId eq ${odataLiteral(filters.appId)}`];
  // Graph stores UPNs lower-case (https://learn.microsoft.com/graph/api/signin-list).
  if (filters.userPrincipalName) parts.push(`userPrincipalName eq ${odataLiteral(filters.userPrincipalName.toLowerCase())}`);
  if (filters.userId) parts.push(`userId eq ${odataLiteral(filters.userId)}`);
  // Whole seconds, rounded down: Microsoft's examples stamp createdDateTime to the second (https://learn.microsoft.com/graph/api/signin-list),
  // so a sign-in in the same second as the start would otherwise fall before it.
  if (filters.since) parts.push(`createdDateTime ge ${new Date(Math.floor(new Date(filters.since).getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z")}`);
  return parts.join(" and ");
}

/**
 * Sign-ins to the app, newest first (https://learn.microsoft.com/graph/api/signin-list; app-only it needs
 * AuditLog.Read.All and Directory.Read.All, and the tenant needs Entra ID P1 or P2).
 */
export async function listSignIns(gateway: GraphGateway, filters: SignInFilters): Promise<{ signIns: SignInEntry[]; truncated: boolean }> {
  const maxItems = filters.maxItems ?? 5;
  const { items, truncated } = await listAll<unknown>(
    gateway,
    "ListSignIns",
    gateway.api("/auditLogs/signIns").filter(queryValue(signInFilter(filters))).top(Math.min(maxItems, 1000)),
    { maxItems },
  );
  const signIns = items.map(signInOf).sort((a, b) => (a.createdDateTime < b.createdDateTime ? 1 : a.createdDateTime > b.createdDateTime ? -1 : 0));
  return { signIns, truncated };
}

/** One row of the sign-in log, of any app: whether the tenant's licence and the portal's permissions allow reading it. */
export async function probeSignInLog(gateway: GraphGateway): Promise<void> {
  await listAll<unknown>(gateway, "ListSignIns", gateway.api("/auditLogs/signIns").top(1), { maxItems: 1 });
}
