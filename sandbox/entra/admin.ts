import type { SandboxRequest, SandboxResponse } from "../core/types";
import { SANDBOX } from "../fixtures";
import type { EntraEnv } from "./env";
import { recordSignIn } from "./graph/sign-ins";
import { claimsOf } from "./saml/response";
import { TENANT_ID } from "./tenant";
import { createGalleryApp } from "./graph/apps";
import { jobView } from "./graph/sync";
import { isRecord, json, readJson, stableGuid } from "./http";
import { NEVER, type SyncJobRuntime } from "./provisioning/types";
import { AWS_APP_ASSIGNMENT_PLAN, CASES, DEFAULT_GRAPH_PERMISSIONS, GROUPS, PORTAL_ROLE_IDS, STAFF, groupId, userId } from "./seed";
import type { EntraConfig, EntraUser } from "./state";
import { AWS_USER_ROLE_ID, GALLERY, defaultAwsSchema } from "./templates";

const fail = (status: number, error: string) => json(status, { error });

function applyConfig(config: EntraConfig, patch: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(patch)) {
    if (key === "throttles") {
      if (!isRecord(value)) return "throttles must be an object";
      for (const name of ["provisioningLogs", "provisionOnDemand", "signIns"] as const) {
        const t = value[name];
        if (t === undefined) continue;
        if (!isRecord(t) || typeof t.limit !== "number" || typeof t.windowMs !== "number") return `throttles.${name} needs numeric limit and windowMs`;
        config.throttles[name] = { limit: t.limit, windowMs: t.windowMs };
      }
      continue;
    }
    if (key === "premiumLicense") {
      if (typeof value !== "boolean") return "premiumLicense must be true or false";
      config.premiumLicense = value;
      continue;
    }
    if (!(key in config) || typeof value !== "number" || !Number.isFinite(value) || value < 0) return `unknown or invalid config key ${key}`;
    (config as unknown as Record<string, number>)[key] = value;
  }
  return undefined;
}

function createUser(env: EntraEnv, body: Record<string, unknown>): EntraUser | string {
  const upn = typeof body.userPrincipalName === "string" ? body.userPrincipalName : "";
  if (!upn.includes("@")) return "userPrincipalName is required";
  if (env.state.findUser(upn)) return `user ${upn} already exists`;
  const s = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : null);
  const user: EntraUser = {
    id: userId(upn),
    userPrincipalName: upn,
    mail: body.mail === undefined ? upn : s("mail"),
    givenName: s("givenName"),
    surname: s("surname"),
    displayName: s("displayName") ?? upn,
    accountEnabled: body.accountEnabled !== false,
    userType: body.userType === "Guest" ? "Guest" : "Member",
    mailNickname: upn.split("@")[0] ?? upn,
    proxyAddresses: [`SMTP:${upn}`],
    otherMails: [],
    jobTitle: s("jobTitle"),
    department: s("department"),
    employeeId: s("employeeId"),
    preferredLanguage: null,
    businessPhones: [],
    mobilePhone: null,
    officeLocation: null,
    createdDateTime: env.ctx.clock.date().toISOString(),
    version: 1,
  };
  env.state.addUser(user);
  return user;
}

const USER_FIELDS = new Set(["givenName", "surname", "displayName", "mail", "accountEnabled", "userPrincipalName", "jobTitle", "department", "employeeId"]);

function setupAwsApp(env: EntraEnv, body: Record<string, unknown>): SandboxResponse {
  const template = GALLERY.find((t) => t.id === (typeof body.templateId === "string" ? body.templateId : SANDBOX.entra.templates.identityCenter));
  if (!template) return fail(400, "unknown templateId");
  const displayName = typeof body.displayName === "string" ? body.displayName : "AWS IAM Identity Center";
  const { app, sp } = createGalleryApp(env, template, displayName, env.ctx.clock.now());
  sp.preferredSingleSignOnMode = "saml";
  const state = env.state;
  if (body.assign !== false) {
    const principals = [...AWS_APP_ASSIGNMENT_PLAN.groups.map((g) => state.groups.get(groupId(g))), ...AWS_APP_ASSIGNMENT_PLAN.users.map((u) => state.findUser(u))];
    for (const p of principals) {
      if (!p) continue;
      const id = stableGuid(`assignment:${sp.id}:${p.id}`);
      state.assignments.set(id, {
        id,
        appRoleId: AWS_USER_ROLE_ID,
        principalId: p.id,
        principalType: "userPrincipalName" in p ? "User" : "Group",
        principalDisplayName: p.displayName ?? "",
        resourceId: sp.id,
        resourceDisplayName: sp.displayName,
        createdDateTime: env.ctx.clock.date().toISOString(),
      });
    }
  }
  let job: SyncJobRuntime | undefined;
  if (typeof body.baseAddress === "string" && typeof body.secretToken === "string" && template.syncTemplateId === "aWSSingleSignon") {
    state.secrets.set(sp.id, [
      { key: "BaseAddress", value: body.baseAddress },
      { key: "SecretToken", value: body.secretToken },
      { key: "SyncAll", value: "false" },
    ]);
    job = {
      id: `aWSSingleSignon.${TENANT_ID.replace(/-/g, "")}.${sp.appId}`,
      templateId: "aWSSingleSignon",
      servicePrincipalId: sp.id,
      scheduleState: body.start === false ? "Disabled" : "Active",
      code: body.start === false ? "NotRun" : "Active",
      schema: defaultAwsSchema(),
      settings: [{ name: "AzureIngestionAttributeOptimization", value: "False" }, { name: "QuarantineTooManyDeletesThreshold", value: "500" }],
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
      nextRunAt: body.start === false ? Number.POSITIVE_INFINITY : env.ctx.clock.now(),
      running: null,
      cycles: 0,
      createdAt: env.ctx.clock.now(),
    };
    state.jobs.set(job.id, job);
  }
  return json(201, { applicationId: app.id, appId: app.appId, servicePrincipalId: sp.id, jobId: job?.id ?? null });
}

/** Engine controls and test conveniences under /_sandbox/entra (never fault-injected). */
export async function handleAdmin(env: EntraEnv, req: SandboxRequest): Promise<SandboxResponse> {
  const raw = readJson(req);
  if (raw === undefined) return fail(400, "malformed JSON body");
  const body = isRecord(raw) ? raw : {};
  const state = env.state;
  const route = `${req.method} ${req.path.replace(/\/$/, "") || "/"}`;
  const userRoute = /^(PATCH|GET) \/users\/(.+)$/.exec(route);
  const memberRoute = /^(POST|DELETE) \/groups\/([^/]+)\/members(?:\/([^/]+))?$/.exec(route);
  if (userRoute) {
    const user = state.findUser(decodeURIComponent(userRoute[2] as string));
    if (!user) return fail(404, "no such user");
    if (userRoute[1] === "PATCH") {
      const patch: Partial<EntraUser> = {};
      for (const [k, v] of Object.entries(body)) {
        if (!USER_FIELDS.has(k)) return fail(400, `cannot set ${k}`);
        (patch as Record<string, unknown>)[k] = v;
      }
      state.updateUser(user, patch);
    }
    return json(200, user);
  }
  if (memberRoute) {
    const gid = decodeURIComponent(memberRoute[2] as string);
    const group = state.groups.get(gid) ?? state.groupList.find((g) => g.displayName === gid);
    const memberKey = memberRoute[1] === "POST" ? String(body.memberId ?? "") : decodeURIComponent(memberRoute[3] ?? "");
    const member = state.findUser(memberKey)?.id ?? (state.groups.has(memberKey) ? memberKey : undefined);
    if (!group || !member) return fail(404, "no such group or member");
    if (memberRoute[1] === "POST") state.addMember(group.id, member);
    else state.removeMember(group.id, member);
    return json(200, { groupId: group.id, members: [...group.members] });
  }
  switch (route) {
    case "GET /state":
      return json(200, {
        config: state.config,
        permissions: Object.fromEntries([...state.servicePrincipals.values()].filter((sp) => sp.grantedGraphPermissions.size).map((sp) => [sp.appId, [...sp.grantedGraphPermissions].sort()])),
        jobs: [...state.jobs.values()].map((j) => ({ servicePrincipalId: j.servicePrincipalId, cycles: j.cycles, nextRunAt: Number.isFinite(j.nextRunAt) ? new Date(j.nextRunAt).toISOString() : null, ...jobView(j, state.config.cycleIntervalMs) })),
      });
    case "POST /config": {
      const error = applyConfig(state.config, body);
      return error ? fail(400, error) : json(200, { config: state.config });
    }
    case "GET /permissions":
    case "POST /permissions": {
      const clientId = typeof body.clientId === "string" ? body.clientId : req.url.searchParams.get("clientId") ?? SANDBOX.entra.portalGraph.clientId;
      const sp = state.servicePrincipalByAppId(clientId);
      if (!sp) return fail(404, `no service principal for ${clientId}`);
      const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
      if (Array.isArray(body.set)) sp.grantedGraphPermissions = new Set(list(body.set));
      for (const p of list(body.grant)) sp.grantedGraphPermissions.add(p);
      for (const p of list(body.revoke)) sp.grantedGraphPermissions.delete(p);
      return json(200, { clientId, permissions: [...sp.grantedGraphPermissions].sort(), defaults: DEFAULT_GRAPH_PERMISSIONS });
    }
    case "GET /sign-ins":
      // Test convenience: the whole sign-in log, oldest first, without Graph's token, licence or throttle.
      return json(200, { value: state.signIns });
    case "POST /sign-ins": {
      // Test fixture: a sign-in the SAML flow cannot produce (e.g. AADSTS53003 blocked by Conditional Access):
      // { userPrincipalName, appId, errorCode, failureReason?, createdDateTime?, conditionalAccessStatus? }.
      const user = state.findUser(typeof body.userPrincipalName === "string" ? body.userPrincipalName : "");
      const app = state.applicationByAppId(typeof body.appId === "string" ? body.appId : "");
      if (!app) return fail(404, "no application with that appId");
      const at = typeof body.createdDateTime === "string" ? new Date(body.createdDateTime) : env.ctx.clock.date();
      if (Number.isNaN(at.getTime()) || typeof body.errorCode !== "number") return fail(400, "errorCode (number) is required; createdDateTime must be an ISO date");
      const cas = body.conditionalAccessStatus;
      const entry = recordSignIn(state, {
        at,
        user: user ?? null,
        attemptedUpn: typeof body.userPrincipalName === "string" ? body.userPrincipalName : undefined,
        app: { appId: app.appId, displayName: app.displayName },
        errorCode: body.errorCode,
        failureReason: typeof body.failureReason === "string" ? body.failureReason : undefined,
        conditionalAccessStatus: cas === "success" || cas === "failure" || cas === "notApplied" ? cas : undefined,
      });
      return json(201, entry);
    }
    case "POST /saml-claims": {
      // The app's SAML "Attributes & Claims" (sandbox fixture): { appId, nameIdSource?, attributes?: [{ name, source? , value? }] }; reset: true restores the template's defaults.
      const sp = state.servicePrincipalByAppId(typeof body.appId === "string" ? body.appId : "");
      if (!sp) return fail(404, "no service principal for that appId");
      if (body.reset === true) {
        sp.samlClaims = undefined;
        return json(200, { appId: sp.appId, claims: claimsOf(sp) });
      }
      const current = claimsOf(sp);
      const attributes = Array.isArray(body.attributes)
        ? body.attributes.filter(isRecord).map((a) => ({ name: String(a.name ?? ""), ...(typeof a.source === "string" ? { source: a.source } : {}), ...(typeof a.value === "string" ? { value: a.value } : {}) }))
        : current.attributes;
      if (attributes.some((a) => !a.name)) return fail(400, "every attribute needs a name");
      sp.samlClaims = { nameIdSource: typeof body.nameIdSource === "string" ? body.nameIdSource : current.nameIdSource, attributes };
      return json(200, { appId: sp.appId, claims: sp.samlClaims });
    }
    case "POST /provisioning/run": {
      const jobId = typeof body.jobId === "string" ? body.jobId : undefined;
      if (jobId && !state.jobs.has(jobId)) return fail(404, `no job ${jobId}`);
      await env.engine.runNow(jobId);
      return json(200, { jobs: [...state.jobs.values()].filter((j) => !jobId || j.id === jobId).map((j) => ({ servicePrincipalId: j.servicePrincipalId, ...jobView(j, state.config.cycleIntervalMs) })) });
    }
    case "GET /cases":
      return json(200, {
        tenantId: TENANT_ID,
        staff: STAFF,
        cases: CASES,
        groups: Object.fromEntries(Object.values(GROUPS).map((g) => [g, groupId(g)])),
        awsAppAssignmentPlan: AWS_APP_ASSIGNMENT_PLAN,
        signInApp: { clientId: SANDBOX.entra.portalSignIn.clientId, redirectUris: state.applicationByAppId(SANDBOX.entra.portalSignIn.clientId)?.web.redirectUris ?? [] },
      });
    case "POST /redirect-uris": {
      const clientId = typeof body.clientId === "string" ? body.clientId : SANDBOX.entra.portalSignIn.clientId;
      const app = state.applicationByAppId(clientId);
      if (!app || !Array.isArray(body.uris)) return fail(400, "clientId of an app and uris[] required");
      for (const u of body.uris) if (typeof u === "string" && !app.web.redirectUris.includes(u)) app.web.redirectUris.push(u);
      return json(200, { clientId, redirectUris: app.web.redirectUris });
    }
    case "POST /portal-role": {
      // Sets a user's direct app role on the portal's sign-in app (what an admin does under Enterprise applications →
      // Users and groups): { user: upn or id, role: "Portal.Admin" | "Portal.Helpdesk" | "Portal.Auditor" | null }.
      const user = state.findUser(String(body.user ?? ""));
      const role = body.role === null ? null : String(body.role ?? "");
      if (!user) return fail(404, "no such user");
      if (role !== null && !PORTAL_ROLE_IDS[role]) return fail(400, `role must be one of ${Object.keys(PORTAL_ROLE_IDS).join(", ")} or null`);
      const sp = state.servicePrincipalByAppId(SANDBOX.entra.portalSignIn.clientId);
      if (!sp) return fail(500, "no sign-in service principal");
      for (const [id, a] of state.assignments) if (a.resourceId === sp.id && a.principalId === user.id) state.assignments.delete(id);
      if (role) {
        const id = stableGuid(`assignment:${user.id}:${role}:${env.ctx.clock.now()}`);
        state.assignments.set(id, {
          id,
          appRoleId: PORTAL_ROLE_IDS[role] as string,
          principalId: user.id,
          principalType: "User",
          principalDisplayName: user.displayName ?? user.userPrincipalName,
          resourceId: sp.id,
          resourceDisplayName: sp.displayName,
          createdDateTime: env.ctx.clock.date().toISOString(),
        });
      }
      return json(200, { user: user.userPrincipalName, role });
    }
    case "POST /users": {
      const user = createUser(env, body);
      return typeof user === "string" ? fail(400, user) : json(201, user);
    }
    case "POST /setup-aws-app":
      return setupAwsApp(env, body);
    default:
      return fail(404, `no entra admin route ${route}`);
  }
}
