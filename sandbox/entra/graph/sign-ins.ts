import { randomUUID } from "node:crypto";
import type { EntraState } from "../state";
import { GraphFailure, badRequest } from "./errors";
import { compileFilter, page, parseListQuery, project } from "./odata";
import { context, ok, throttle, type GraphCall } from "./router";

/**
 * One row of the Entra sign-in log, in the v1.0 signIn resource shape
 * (https://learn.microsoft.com/graph/api/resources/signin). The beta-only members
 * (https://learn.microsoft.com/graph/api/resources/signin?view=graph-rest-beta) are stored too and only
 * served on /beta.
 */
export interface SignInEntry {
  id: string;
  createdDateTime: string;
  userDisplayName: string | null;
  /** Stored lower-case, as Entra does. */
  userPrincipalName: string;
  userId: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: string;
  correlationId: string;
  conditionalAccessStatus: "success" | "failure" | "notApplied";
  isInteractive: boolean;
  resourceDisplayName: string;
  resourceId: string;
  riskDetail: string;
  riskLevelAggregated: string;
  riskLevelDuringSignIn: string;
  riskState: string;
  riskEventTypes_v2: string[];
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  deviceDetail: { deviceId: string; displayName: string; operatingSystem: string; browser: string; isCompliant: boolean; isManaged: boolean; trustType: string };
  location: { city: string; state: string; countryOrRegion: string; geoCoordinates: { altitude: number | null; latitude: number; longitude: number } };
  appliedConditionalAccessPolicies: unknown[];
  // beta only
  signInEventTypes: string[];
  authenticationProtocol: string;
  userType: string;
}

const BETA_ONLY = ["signInEventTypes", "authenticationProtocol", "userType"] as const;

export interface SignInRecord {
  at: Date;
  user: { id: string; userPrincipalName: string; displayName: string | null; userType?: string } | null;
  /** The upn typed or picked when no user was found (AADSTS50034). */
  attemptedUpn?: string;
  app: { appId: string; displayName: string };
  /** 0 for success, else the AADSTS code. */
  errorCode: number;
  failureReason?: string;
  additionalDetails?: string;
  ipAddress?: string;
  correlationId?: string;
  protocol?: "saml20" | "oAuth2" | "none";
  conditionalAccessStatus?: SignInEntry["conditionalAccessStatus"];
}

/**
 * Appends one sign-in to the tenant's log (for the SAML and OpenID flows, and tests that seed evidence).
 * Entra writes a row for every interactive attempt, successful or not, with `status.errorCode` 0 on success.
 */
export function recordSignIn(state: EntraState, record: SignInRecord): SignInEntry {
  const entry: SignInEntry = {
    id: randomUUID(),
    createdDateTime: record.at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    userDisplayName: record.user?.displayName ?? null,
    userPrincipalName: (record.user?.userPrincipalName ?? record.attemptedUpn ?? "").toLowerCase(),
    userId: record.user?.id ?? "00000000-0000-0000-0000-000000000000",
    appId: record.app.appId,
    appDisplayName: record.app.displayName,
    ipAddress: record.ipAddress ?? "127.0.0.1",
    clientAppUsed: "Browser",
    correlationId: record.correlationId ?? randomUUID(),
    conditionalAccessStatus: record.conditionalAccessStatus ?? "notApplied",
    isInteractive: true,
    resourceDisplayName: record.app.displayName,
    resourceId: record.app.appId,
    riskDetail: "none",
    riskLevelAggregated: "none",
    riskLevelDuringSignIn: "none",
    riskState: "none",
    riskEventTypes_v2: [],
    status: { errorCode: record.errorCode, failureReason: record.errorCode === 0 ? null : (record.failureReason ?? null), additionalDetails: record.additionalDetails ?? null },
    deviceDetail: { deviceId: "", displayName: "", operatingSystem: "Linux", browser: "Chrome", isCompliant: false, isManaged: false, trustType: "" },
    location: { city: "Sandbox", state: "Sandbox", countryOrRegion: "ZZ", geoCoordinates: { altitude: null, latitude: 0, longitude: 0 } },
    appliedConditionalAccessPolicies: [],
    signInEventTypes: ["interactiveUser"],
    authenticationProtocol: record.protocol ?? "saml20",
    userType: record.user?.userType === "Guest" ? "guest" : "member",
  };
  state.signIns.push(entry);
  return entry;
}

/** The documented $filter properties (https://learn.microsoft.com/graph/api/signin-list#optional-query-parameters). */
const FILTERABLE = new Set([
  "id", "appId", "appDisplayName", "userPrincipalName", "userId", "ipAddress", "correlationId", "conditionalAccessStatus", "status/errorCode", "createdDateTime",
]);
const BETA_FILTERABLE = new Set([...FILTERABLE, "signInEventTypes", "authenticationProtocol", "userType", "isInteractive"]);

function view(entry: SignInEntry, version: string): Record<string, unknown> {
  if (version === "beta") return { ...entry };
  const copy: Record<string, unknown> = { ...entry };
  for (const key of BETA_ONLY) delete copy[key];
  return copy;
}

/**
 * GET /auditLogs/signIns (https://learn.microsoft.com/graph/api/signin-list): newest first, pages of up to
 * 1,000 with @odata.nextLink, $orderby only on createdDateTime. v1.0 lists interactive sign-ins only; beta
 * lists the others too when asked with signInEventTypes/any(…).
 */
function listSignIns(call: GraphCall) {
  const env = call.env;
  throttle(env, `signIns:${call.caller.appId}`, env.state.config.throttles.signIns);
  if (!env.state.config.premiumLicense)
    // The error Graph answers for a tenant without Entra ID P1/P2 (https://learn.microsoft.com/entra/identity/monitoring-health/howto-analyze-activity-logs-with-microsoft-graph).
    throw new GraphFailure(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license");
  const query = parseListQuery(call.url, { maxTop: 1000 });
  let items = env.state.signIns;
  if (call.version !== "beta") items = items.filter((e) => e.isInteractive);
  if (query.filter) items = items.filter(compileFilter(query.filter, { caseInsensitive: true, allowed: call.version === "beta" ? BETA_FILTERABLE : FILTERABLE }));
  if (query.orderBy && query.orderBy.path !== "createdDateTime") throw badRequest(`Invalid $orderby: only createdDateTime is supported.`, "BadRequest");
  // Stored oldest first with ascending timestamps, so reversing is the default "newest first".
  items = query.orderBy && !query.orderBy.desc ? [...items] : [...items].reverse();
  return ok(page(call.url, items.map((e) => project(view(e, call.version), query.select)), query, 1000, { "@odata.context": context(call.version, "auditLogs/signIns") }));
}

function getSignIn(call: GraphCall) {
  const env = call.env;
  throttle(env, `signIns:${call.caller.appId}`, env.state.config.throttles.signIns);
  if (!env.state.config.premiumLicense) throw new GraphFailure(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license");
  const entry = env.state.signIns.find((e) => e.id === call.params.signInId);
  if (!entry) throw new GraphFailure(404, "Request_ResourceNotFound", `Resource '${call.params.signInId ?? ""}' does not exist or one of its queried reference-property objects are not present.`);
  return ok({ "@odata.context": context(call.version, "auditLogs/signIns/$entity"), ...view(entry, call.version) });
}

export const signInHandlers = { listSignIns, getSignIn };
