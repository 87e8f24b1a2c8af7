import { randomBytes, randomUUID } from "node:crypto";
import { isRecord, noContent } from "../http";
import { computeScope, mappings, secretMap } from "../provisioning/engine";
import { RoleImportFatal, listIamRoles } from "../provisioning/role-import";
import { ScimClient, ScimFatal, detail, scimFilter, validateBaseAddress } from "../provisioning/scim";
import { NEVER, type SynchronizationSchema, type SyncJobRuntime } from "../provisioning/types";
import type { EntraServicePrincipal, SecretPair } from "../state";
import { GALLERY, defaultAwsSchema, syncTemplateFor } from "../templates";
import { GraphFailure, badRequest } from "./errors";
import { visibleSp } from "./apps";
import { P, context, created, ok, throttle, type GraphCall, type Route } from "./router";

const SECRET_KEYS = new Set([
  "None", "UserName", "Password", "SecretToken", "AppKey", "BaseAddress", "ClientIdentifier", "ClientSecret", "SingleSignOnType", "Sandbox", "Url", "Domain", "ConsumerKey", "ConsumerSecret", "TokenKey", "TokenExpiration", "Oauth2AccessToken", "Oauth2AccessTokenCreationTime", "Oauth2RefreshToken", "SyncAll", "InstanceName", "Oauth2ClientId", "Oauth2ClientSecret", "CompanyId", "UpdateKeyOnSoftDelete", "SynchronizationSchedule", "SystemOfRecord", "SandboxName", "EnforceDomain", "SyncNotificationSettings", "SkipOutOfScopeDeletions", "Oauth2AuthorizationCode", "Oauth2RedirectUri", "ApplicationTemplateIdentifier", "Oauth2TokenExchangeUri", "Oauth2AuthorizationUri", "AuthenticationType", "Server", "PerformInboundEntitlementGrants", "HardDeletesEnabled", "SyncAgentCompatibilityKey", "SyncAgentADContainer", "ValidateDomain", "TestReferences", "ConnectionString",
]);
const MASKED = new Set(["SecretToken", "Password", "ClientSecret", "ConsumerSecret", "Oauth2ClientSecret", "Oauth2AccessToken", "Oauth2RefreshToken", "AppKey", "TokenKey", "ConnectionString"]);
const RESET_SCOPES = new Set(["None", "ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "Full", "ForceDeletes"]);

function syncTemplateIdFor(sp: EntraServicePrincipal): string | null {
  return GALLERY.find((t) => t.id === sp.applicationTemplateId)?.syncTemplateId ?? null;
}

function findJob(call: GraphCall, sp: EntraServicePrincipal): SyncJobRuntime {
  const job = call.env.state.jobs.get(call.params.jobId ?? "");
  if (!job || job.servicePrincipalId !== sp.id) throw new GraphFailure(404, "NotFound", `The synchronization job '${call.params.jobId ?? ""}' was not found for service principal '${sp.id}'.`);
  return job;
}

/** The cycle interval as an ISO 8601 duration (PT40M for Entra's real schedule, PT40S for the sandbox's default). */
export function isoInterval(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
}

/**
 * The job as Graph returns it. schedule.interval is the interval this sandbox really runs cycles at (compressed
 * from Entra's PT40M), so a client that reads it from the job estimates the next cycle correctly.
 */
export function jobView(job: SyncJobRuntime, cycleIntervalMs: number): Record<string, unknown> {
  const activeUsers = [...job.users.values()].filter((u) => u.active).length;
  return {
    id: job.id,
    templateId: job.templateId,
    schedule: { expiration: null, interval: isoInterval(cycleIntervalMs), state: job.scheduleState },
    status: {
      code: job.code,
      countSuccessiveCompleteFailures: job.countSuccessiveCompleteFailures,
      escrowsPruned: job.escrowsPruned,
      lastExecution: job.lastExecution,
      lastSuccessfulExecution: job.lastSuccessfulExecution,
      lastSuccessfulExecutionWithExports: job.lastSuccessfulExecutionWithExports,
      progress: job.progress,
      quarantine: job.quarantine,
      steadyStateFirstAchievedTime: job.steadyStateFirstAchievedTime,
      steadyStateLastAchievedTime: job.steadyStateLastAchievedTime,
      synchronizedEntryCountByType: [
        { key: "User to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", value: activeUsers },
        { key: "Group to urn:ietf:params:scim:schemas:core:2.0:Group", value: job.groups.size },
      ],
      troubleshootingUrl: null,
    },
    synchronizationJobSettings: job.settings,
  };
}

function listTemplates(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const templateId = syncTemplateIdFor(sp);
  const value = templateId && sp.applicationTemplateId ? [syncTemplateFor(templateId, sp.applicationTemplateId)] : [];
  return ok({ "@odata.context": context(call.version, `servicePrincipals('${sp.id}')/synchronization/templates`), value });
}

function createJob(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const body = call.body();
  const templateId = typeof body.templateId === "string" ? body.templateId : "";
  if (!templateId) throw badRequest("The templateId property is required.", "BadRequest");
  if (templateId !== syncTemplateIdFor(sp)) throw badRequest(`The template '${templateId}' is not available for this service principal.`, "BadRequest");
  const state = call.env.state;
  if ([...state.jobs.values()].some((j) => j.servicePrincipalId === sp.id && j.templateId === templateId))
    throw new GraphFailure(409, "Conflict", `A synchronization job with template '${templateId}' already exists for this service principal.`);
  const now = call.env.ctx.clock.now();
  const job: SyncJobRuntime = {
    id: `${templateId}.${randomBytes(16).toString("hex")}.${sp.appId}`,
    templateId,
    servicePrincipalId: sp.id,
    scheduleState: "Disabled",
    code: state.secrets.has(sp.id) ? "NotRun" : "NotConfigured",
    schema: templateId === "aws" ? { id: "aws.schema", version: "1", synchronizationRules: [], directories: [] } : defaultAwsSchema(),
    settings: [
      { name: "AzureIngestionAttributeOptimization", value: "False" },
      { name: "LookupNeededProperties", value: "[]" },
      { name: "QuarantineTooManyDeletesThreshold", value: "500" },
    ],
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    quarantine: null,
    progress: [],
    steadyStateFirstAchievedTime: NEVER,
    steadyStateLastAchievedTime: NEVER,
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    watermark: false,
    escrows: new Map(),
    users: new Map(),
    groups: new Map(),
    skipped: new Map(),
    nextRunAt: Number.POSITIVE_INFINITY,
    running: null,
    cycles: 0,
    createdAt: now,
  };
  state.jobs.set(job.id, job);
  return created({ "@odata.context": context(call.version, `servicePrincipals('${sp.id}')/synchronization/jobs/$entity`), ...jobView(job, call.env.state.config.cycleIntervalMs) });
}

function start(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const job = findJob(call, sp);
  job.scheduleState = "Active";
  if (job.code === "Quarantine") {
    // start clears quarantine (https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-start) and retries at once.
    job.quarantine = null;
    job.countSuccessiveCompleteFailures = 0;
  }
  if (job.code !== "Active") job.code = "Active";
  job.nextRunAt = call.env.ctx.clock.now();
  return noContent();
}

function pause(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const job = findJob(call, sp);
  job.scheduleState = "Paused";
  job.code = "Paused";
  return noContent();
}

function restart(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const job = findJob(call, sp);
  const body = call.body();
  const criteria = isRecord(body.criteria) ? body.criteria : {};
  const raw = typeof criteria.resetScope === "string" ? criteria.resetScope : "";
  const scopes = raw ? raw.split(",").map((s) => s.trim()).filter(Boolean) : ["QuarantineState", "Watermark", "Escrows"];
  for (const s of scopes) if (!RESET_SCOPES.has(s)) throw badRequest(`The value '${s}' is not valid for resetScope.`, "BadRequest");
  const has = (s: string) => scopes.includes(s) || scopes.includes("Full");
  if (has("Watermark")) job.watermark = false;
  if (has("Escrows")) {
    job.escrows.clear();
    job.escrowsPruned = true;
  }
  if (has("QuarantineState")) {
    job.quarantine = null;
    job.countSuccessiveCompleteFailures = 0;
  }
  if (has("Watermark")) job.skipped.clear();
  // ForceDeletes is never implied by Full: only an explicit "allow deletes" pushes held deletions
  // (https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationjobrestartcriteria).
  if (scopes.includes("ForceDeletes")) job.forceDeletes = true;
  if (has("ConnectorDataStore")) {
    job.users.clear();
    job.groups.clear();
  }
  job.scheduleState = "Active";
  job.code = job.quarantine ? "Quarantine" : "Active";
  job.nextRunAt = call.env.ctx.clock.now();
  return noContent();
}

function credentialsFrom(call: GraphCall, sp: EntraServicePrincipal): Map<string, string> {
  const body = call.body();
  if (body.useSavedCredentials === true) return secretMap(call.env, sp.id);
  if (!Array.isArray(body.credentials)) throw badRequest("Either credentials or useSavedCredentials: true is required.", "BadRequest");
  return new Map(body.credentials.filter(isRecord).map((c) => [String(c.key), String(c.value ?? "")]));
}

/**
 * Test Connection for the legacy AWS app: one signed IAM ListRoles with the access key (ClientSecret) and secret
 * key (SecretToken). Entra's exact wording for a refused key is not documented; the message names AWS's answer.
 */
async function validateAwsCredentials(call: GraphCall, creds: Map<string, string>) {
  const accessKeyId = creds.get("ClientSecret") ?? "";
  const secretAccessKey = creds.get("SecretToken") ?? "";
  if (!accessKeyId || !secretAccessKey) throw badRequest("The clientsecret (AWS access key ID) and the Secret Token (AWS secret access key) are required.", "CredentialValidationUnavailable");
  const clock = call.env.ctx.clock;
  try {
    await listIamRoles(`${call.env.ctx.baseUrl}/aws/iam/`, { accessKeyId, secretAccessKey }, () => clock.now() - clock.offset, 1);
  } catch (error) {
    if (!(error instanceof RoleImportFatal)) throw error;
    throw badRequest(
      `You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account. AWS answered ${error.code}${error.message ? `: ${error.message}` : ""}`,
      "CredentialValidationUnavailable",
    );
  }
  return noContent();
}

async function validateCredentials(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const job = findJob(call, sp);
  const creds = credentialsFrom(call, sp);
  if (job.templateId === "aws") return validateAwsCredentials(call, creds);
  const base = validateBaseAddress(creds.get("BaseAddress") ?? "");
  if (!base) throw badRequest("Please provide a valid tenant URL for your application. The Tenant URL must be an https URL.", "SystemForCrossDomainIdentityManagementInvalidCredentials");
  const token = creds.get("SecretToken") ?? "";
  if (!token) throw badRequest("The Secret Token is required.", "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable");
  try {
    const res = await new ScimClient(base, token).call("GET", `/Users?${scimFilter("userName", `AzureAdScimConnectivityTest-${randomUUID()}`)}`);
    if (res.status !== 200 || !isRecord(res.body) || !Array.isArray(res.body.Resources))
      throw badRequest(`You appear to have entered invalid credentials. The target returned ${res.status} ${detail(res.body)}`.trim(), "SystemForCrossDomainIdentityManagementInvalidCredentials");
  } catch (error) {
    if (error instanceof ScimFatal) throw badRequest(error.message, error.code);
    throw error;
  }
  return noContent();
}

function putSecrets(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const body = call.body();
  if (!Array.isArray(body.value)) throw badRequest("The value property (a list of key/value pairs) is required.", "BadRequest");
  const pairs: SecretPair[] = [];
  for (const item of body.value) {
    if (!isRecord(item) || typeof item.key !== "string" || typeof item.value !== "string") throw badRequest("Each secret needs a string key and value.", "BadRequest");
    if (!SECRET_KEYS.has(item.key)) throw badRequest(`Requested value '${item.key}' was not found.`, "BadRequest");
    pairs.push({ key: item.key, value: item.value });
  }
  // Whether PUT merges is unconfirmed (https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization); replacing is the stricter reading.
  call.env.state.secrets.set(sp.id, pairs);
  for (const job of call.env.state.jobs.values()) if (job.servicePrincipalId === sp.id && job.code === "NotConfigured") job.code = "NotRun";
  return noContent();
}

function getSecrets(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const value = (call.env.state.secrets.get(sp.id) ?? []).map((s) => ({ key: s.key, value: MASKED.has(s.key) ? "*" : s.value }));
  return ok({ "@odata.context": context(call.version, `servicePrincipals('${sp.id}')/synchronization/secrets`), value });
}

function validateSchema(body: Record<string, unknown>): SynchronizationSchema {
  if (!Array.isArray(body.synchronizationRules)) throw badRequest("The synchronizationRules property is required (PUT replaces the whole schema).", "BadRequest");
  const schema = JSON.parse(JSON.stringify(body)) as SynchronizationSchema;
  for (const rule of schema.synchronizationRules) {
    if (!isRecord(rule) || typeof rule.id !== "string" || !Array.isArray(rule.objectMappings)) throw badRequest("Each synchronization rule needs an id and objectMappings.", "BadRequest");
    for (const m of rule.objectMappings) {
      if (!isRecord(m) || typeof m.sourceObjectName !== "string" || !Array.isArray(m.attributeMappings)) throw badRequest("Each object mapping needs sourceObjectName and attributeMappings.", "BadRequest");
      if (m.sourceObjectName === "User" && m.enabled) {
        const matching = m.attributeMappings.filter((a) => isRecord(a) && typeof a.matchingPriority === "number" && a.matchingPriority > 0);
        if (!m.attributeMappings.some((a) => isRecord(a) && a.targetAttributeName === "userName" && isRecord(a.source) && a.source.name === "userPrincipalName") && matching.every((a) => isRecord(a) && a.targetAttributeName !== "userName"))
          throw badRequest("The mapping to the target attribute 'userName' is required by AWS IAM Identity Center and cannot be removed.", "BadRequest");
        if (matching.length === 0) throw badRequest("At least one attribute mapping must be a matching attribute (matchingPriority ≥ 1).", "BadRequest");
      }
    }
  }
  schema.version = `Date:${new Date().toISOString()}~Version:${randomBytes(4).toString("hex")}`;
  return schema;
}

async function provisionOnDemand(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const job = findJob(call, sp);
  const env = call.env;
  throttle(env, `provisionOnDemand:${call.caller.appId}`, env.state.config.throttles.provisionOnDemand);
  const body = call.body();
  const param = Array.isArray(body.parameters) ? body.parameters.filter(isRecord)[0] : undefined;
  const rule = job.schema.synchronizationRules[0];
  if (!param || param.ruleId !== rule?.id) throw badRequest(`The ruleId '${String(param?.ruleId ?? "")}' does not match a synchronization rule of the job schema.`, "BadRequest");
  const subject = Array.isArray(param.subjects) ? param.subjects.filter(isRecord)[0] : undefined;
  const objectId = typeof subject?.objectId === "string" ? subject.objectId : "";
  const type = subject?.objectTypeName;
  if (type !== "User" && type !== "Group") throw badRequest("objectTypeName must be 'User' or 'Group'.", "BadRequest");
  const links = isRecord(subject?.links) && Array.isArray(subject.links.members) ? subject.links.members.filter(isRecord) : [];
  if (links.length > 5) throw badRequest("At most 5 group members can be provisioned on demand in one request.", "BadRequest");
  const secrets = secretMap(env, sp.id);
  const scope = computeScope(env, sp, (secrets.get("SyncAll") ?? "false").toLowerCase() === "true");
  const now = env.ctx.clock.date().toISOString();
  const respond = (result: string, errorCode: string, errorMessage: string, value: Record<string, unknown>) =>
    ok({ "@odata.type": "#microsoft.graph.stringKeyStringValuePair", key: JSON.stringify({ result, details: { errorCode, errorMessage } }), value: JSON.stringify(value) });
  const steps = (list: { name: string; provisioningStepType: string; status: string; description: string; details: Record<string, string> }[]) =>
    list.map((s) => ({ name: s.name, type: s.provisioningStepType, status: s.status, description: s.description, timestamp: now, details: s.details }));
  const base = validateBaseAddress(secrets.get("BaseAddress") ?? "");
  const token = secrets.get("SecretToken") ?? "";
  const { user: userMapping, group: groupMapping } = mappings(job);

  if (type === "User") {
    const user = env.state.users.get(objectId);
    if (!user) throw badRequest(`The object '${objectId}' was not found in the source directory.`, "BadRequest");
    if (!scope.users.has(user.id)) {
      const nested = [...env.state.transitiveGroupsOf(user.id)].some((g) => scope.groups.has(g));
      const reason = nested
        ? `${user.userPrincipalName} is a member of an assigned group only through a nested group. Nested group membership is not supported for provisioning; assign the user or a group they are a direct member of.`
        : `${user.userPrincipalName} is not assigned to the application. Assign the user (or a group they are a direct member of) to the application.`;
      return respond("Skipped", "NotEffectivelyEntitled", reason, {
        action: "Other",
        provisioningSteps: steps([
          { name: "EntryImport", provisioningStepType: "import", status: "success", description: `Retrieved ${user.userPrincipalName} from the source system.`, details: {} },
          { name: "EntrySynchronizationScoping", provisioningStepType: "scoping", status: "skipped", description: reason, details: { SkipReason: "NotEffectivelyEntitled" } },
        ]),
        statusInfo: { status: "skipped", errorCode: "NotEffectivelyEntitled", reason },
        sourceIdentity: { id: user.id, displayName: user.displayName, identityType: "User" },
        targetIdentity: null,
        modifiedProperties: [],
      });
    }
    if (!base || !token || !userMapping) return respond("Failure", "SystemForCrossDomainIdentityManagementInvalidCredentials", "Please provide a valid tenant URL for your application.", { action: "Other", provisioningSteps: [], statusInfo: { status: "failure", errorCode: "SystemForCrossDomainIdentityManagementInvalidCredentials", reason: "No saved credentials." } });
    try {
      const outcome = await env.engine.provisionUser(job, sp, new ScimClient(base, token), user, userMapping);
      const entry = outcome.entry;
      const err = entry.provisioningStatusInfo.errorInformation;
      const result = outcome.status === "success" ? (outcome.acted ? "Success" : "Skipped") : outcome.status === "skipped" ? "Skipped" : "Failure";
      return respond(result, err?.errorCode ?? (result === "Skipped" ? "RedundantExport" : ""), err?.reason ?? "", {
        action: entry.provisioningAction === "other" ? (result === "Skipped" ? "Skipped" : "Other") : entry.provisioningAction.charAt(0).toUpperCase() + entry.provisioningAction.slice(1),
        provisioningSteps: steps(entry.provisioningSteps),
        statusInfo: { status: entry.provisioningStatusInfo.status, errorCode: err?.errorCode ?? null, reason: err?.reason ?? null },
        sourceIdentity: entry.sourceIdentity,
        targetIdentity: entry.targetIdentity,
        modifiedProperties: entry.modifiedProperties,
      });
    } catch (error) {
      if (!(error instanceof ScimFatal)) throw error;
      return respond("Failure", error.code, error.message, { action: "Other", provisioningSteps: [], statusInfo: { status: "failure", errorCode: error.code, reason: error.message } });
    }
  }
  const group = env.state.groups.get(objectId);
  if (!group) throw badRequest(`The object '${objectId}' was not found in the source directory.`, "BadRequest");
  if (!groupMapping || !scope.groups.has(group.id))
    return respond("Skipped", "NotEffectivelyEntitled", groupMapping ? `${group.displayName} is not assigned to the application.` : "Group provisioning is disabled in the job schema.", { action: "Other", provisioningSteps: [], statusInfo: { status: "skipped", errorCode: "NotEffectivelyEntitled", reason: "Out of scope" } });
  if (!base || !token) return respond("Failure", "SystemForCrossDomainIdentityManagementInvalidCredentials", "Please provide a valid tenant URL for your application.", { action: "Other", provisioningSteps: [] });
  try {
    const members = links.map((l) => String(l.objectId ?? ""));
    const outcome = await env.engine.provisionGroup(job, sp, new ScimClient(base, token), group, scope, members, userMapping);
    const entry = outcome.entry;
    const err = entry.provisioningStatusInfo.errorInformation;
    return respond(outcome.status === "success" ? "Success" : "Failure", err?.errorCode ?? "", err?.reason ?? "", {
      action: entry.provisioningAction.charAt(0).toUpperCase() + entry.provisioningAction.slice(1),
      provisioningSteps: steps(entry.provisioningSteps),
      statusInfo: { status: entry.provisioningStatusInfo.status, errorCode: err?.errorCode ?? null, reason: err?.reason ?? null },
      sourceIdentity: entry.sourceIdentity,
      targetIdentity: entry.targetIdentity,
      modifiedProperties: entry.modifiedProperties,
    });
  } catch (error) {
    if (!(error instanceof ScimFatal)) throw error;
    return respond("Failure", error.code, error.message, { action: "Other", provisioningSteps: [] });
  }
}

const J = "/servicePrincipals/:id/synchronization/jobs/:jobId";

export const syncRoutes: Route[] = [
  { method: "GET", pattern: "/servicePrincipals/:id/synchronization/templates", perms: P.syncRead, handler: listTemplates },
  {
    method: "GET",
    pattern: "/servicePrincipals/:id/synchronization/jobs",
    perms: P.syncRead,
    handler: (call) => {
      const sp = visibleSp(call, call.params.id ?? "");
      const value = [...call.env.state.jobs.values()].filter((j) => j.servicePrincipalId === sp.id).map((j) => jobView(j, call.env.state.config.cycleIntervalMs));
      return ok({ "@odata.context": context(call.version, `servicePrincipals('${sp.id}')/synchronization/jobs`), value });
    },
  },
  { method: "POST", pattern: "/servicePrincipals/:id/synchronization/jobs", perms: P.syncWrite, handler: createJob },
  {
    method: "GET",
    pattern: J,
    perms: P.syncRead,
    handler: (call) => ok({ "@odata.context": context(call.version, "servicePrincipals/synchronization/jobs/$entity"), ...jobView(findJob(call, visibleSp(call, call.params.id ?? "")), call.env.state.config.cycleIntervalMs) }),
  },
  {
    method: "DELETE",
    pattern: J,
    perms: P.syncWrite,
    handler: (call) => {
      const job = findJob(call, visibleSp(call, call.params.id ?? ""));
      call.env.state.jobs.delete(job.id);
      return noContent();
    },
  },
  { method: "POST", pattern: `${J}/start`, perms: P.syncWrite, handler: start },
  { method: "POST", pattern: `${J}/pause`, perms: P.syncWrite, handler: pause },
  { method: "POST", pattern: `${J}/restart`, perms: P.syncWrite, handler: restart },
  { method: "POST", pattern: `${J}/validateCredentials`, perms: P.syncWrite, handler: validateCredentials },
  { method: "POST", pattern: `${J}/provisionOnDemand`, perms: P.syncWrite, handler: provisionOnDemand },
  {
    method: "GET",
    pattern: `${J}/schema`,
    perms: P.syncRead,
    handler: (call) => ok({ "@odata.context": context(call.version, "servicePrincipals/synchronization/jobs/schema/$entity"), ...findJob(call, visibleSp(call, call.params.id ?? "")).schema }),
  },
  {
    method: "PUT",
    pattern: `${J}/schema`,
    perms: P.syncWrite,
    handler: (call) => {
      const job = findJob(call, visibleSp(call, call.params.id ?? ""));
      job.schema = validateSchema(call.body());
      return noContent();
    },
  },
  { method: "PUT", pattern: "/servicePrincipals/:id/synchronization/secrets", perms: P.syncWrite, handler: putSecrets },
  { method: "GET", pattern: "/servicePrincipals/:id/synchronization/secrets", perms: P.syncRead, handler: getSecrets },
];
