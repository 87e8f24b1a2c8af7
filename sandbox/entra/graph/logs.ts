import { badRequest } from "./errors";
import { compileFilter, page, parseListQuery, project, sortBy } from "./odata";
import { P, context, ok, throttle, type GraphCall, type Route } from "./router";
import { signInHandlers } from "./sign-ins";

const FILTERABLE = new Set([
  "activityDateTime", "changeId", "cycleId", "id", "jobId", "initiatedBy/id", "initiatedBy/displayName", "servicePrincipal/id", "servicePrincipal/displayName",
  "sourceIdentity/id", "sourceIdentity/displayName", "sourceIdentity/identityType", "targetIdentity/id", "targetIdentity/displayName", "targetIdentity/identityType",
  "provisioningStatusInfo/status", "provisioningAction", "sourceSystem/displayName", "targetSystem/displayName",
]);

function listLogs(call: GraphCall) {
  const env = call.env;
  throttle(env, `provisioningLogs:${call.caller.appId}`, env.state.config.throttles.provisioningLogs);
  const query = parseListQuery(call.url, { maxTop: 1000 });
  let items = env.state.logs;
  // Provisioning log filters are case-sensitive (https://learn.microsoft.com/graph/api/provisioningobjectsummary-list).
  if (query.filter) items = items.filter(compileFilter(query.filter, { caseInsensitive: false, allowed: FILTERABLE }));
  if (query.orderBy && query.orderBy.path !== "activityDateTime") throw badRequest(`$orderby is only supported on activityDateTime.`, "BadRequest");
  items = query.orderBy && !query.orderBy.desc ? sortBy(items, query.orderBy) : [...items].reverse();
  return ok(page(call.url, items.map((e) => project(e, query.select)), query, 50, { "@odata.context": context(call.version, "auditLogs/provisioning") }));
}

const AUDIT_FILTERABLE = new Set(["activityDateTime", "activityDisplayName", "category", "loggedByService", "operationType", "result", "id"]);

/** Directory audits, newest first (https://learn.microsoft.com/graph/api/directoryaudit-list). */
function listDirectoryAudits(call: GraphCall) {
  const query = parseListQuery(call.url, { maxTop: 999 });
  let items = call.env.state.directoryAudits;
  if (query.filter) items = items.filter(compileFilter(query.filter, { caseInsensitive: false, allowed: AUDIT_FILTERABLE }));
  items = [...items].reverse();
  return ok(page(call.url, items.map((e) => project(e, query.select)), query, 100, { "@odata.context": context(call.version, "auditLogs/directoryAudits") }));
}

export const logRoutes: Route[] = [
  // Sign-in logs need AuditLog.Read.All and Directory.Read.All (https://learn.microsoft.com/graph/api/signin-list#permissions).
  { method: "GET", pattern: "/auditLogs/signIns", perms: P.logs, handler: signInHandlers.listSignIns },
  { method: "GET", pattern: "/auditLogs/signIns/:signInId", perms: P.logs, handler: signInHandlers.getSignIn },
  { method: "GET", pattern: "/auditLogs/directoryAudits", perms: P.logs, handler: listDirectoryAudits },
  { method: "GET", pattern: "/auditLogs/provisioning", perms: P.logs, handler: listLogs },
  {
    method: "GET",
    pattern: "/auditLogs/provisioning/:logId",
    perms: P.logs,
    handler: (call) => {
      throttle(call.env, `provisioningLogs:${call.caller.appId}`, call.env.state.config.throttles.provisioningLogs);
      const entry = call.env.state.logs.find((e) => e.id === call.params.logId);
      if (!entry) throw badRequest(`Log entry '${call.params.logId ?? ""}' not found.`, "NotFound");
      return ok({ "@odata.context": context(call.version, "auditLogs/provisioning/$entity"), ...entry });
    },
  },
];
