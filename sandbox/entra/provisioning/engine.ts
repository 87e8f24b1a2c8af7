import { randomUUID } from "node:crypto";
import type { SandboxContext } from "../../core/types";
import { isRecord } from "../http";
import type { EntraGroup, EntraServicePrincipal, EntraState, EntraUser, ProvisioningLogEntry } from "../state";
import { TENANT_ID } from "../tenant";
import { RoleImportFatal, listIamRoles, mergeImportedRoles, roleCandidates } from "./role-import";
import { ScimClient, ScimFatal, detail, scimFilter, validateBaseAddress } from "./scim";
import { NEVER, type AttributeMapping, type ObjectMapping, type SyncError, type SyncJobRuntime, type TaskExecution } from "./types";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER_TARGET = ENTERPRISE;
const GROUP_TARGET = "urn:ietf:params:scim:schemas:core:2.0:Group";
const MAX_GROUP_CHANGES = 100;

type Flat = Record<string, string | boolean>;
type Step = ProvisioningLogEntry["provisioningSteps"][number];

export interface ObjectOutcome {
  entry: ProvisioningLogEntry;
  status: "success" | "failure" | "skipped";
  acted: boolean;
}

export function secretMap(env: EngineEnv, spId: string): Map<string, string> {
  return new Map((env.state.secrets.get(spId) ?? []).map((s) => [s.key, s.value]));
}

/** Entra's own default accidental-deletion threshold (the job setting QuarantineTooManyDeletesThreshold). */
export const DEFAULT_DELETE_THRESHOLD = 500;

/**
 * The accidental-deletion threshold the job enforces, or null when it is off
 * (https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions). It is switched on and set in the
 * SyncNotificationSettings secret; the name of the value field (DeleteThresholdValue) is not confirmed by Microsoft's
 * docs, so a value that is absent or unreadable falls back to the job's QuarantineTooManyDeletesThreshold setting.
 */
export function deleteThreshold(env: EngineEnv, job: SyncJobRuntime): number | null {
  const raw = secretMap(env, job.servicePrincipalId).get("SyncNotificationSettings");
  let settings: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (isRecord(parsed)) settings = parsed;
  } catch {
    settings = {};
  }
  if (settings.DeleteThresholdEnabled !== true && settings.DeleteThresholdEnabled !== "true") return null;
  const value = Number(settings.DeleteThresholdValue);
  if (Number.isInteger(value) && value > 0) return value;
  const fromJob = Number(job.settings.find((x) => x.name === "QuarantineTooManyDeletesThreshold")?.value);
  return Number.isInteger(fromJob) && fromJob > 0 ? fromJob : DEFAULT_DELETE_THRESHOLD;
}

/**
 * What the next cycle would delete or disable in the target: provisioned users gone out of scope (unless
 * SkipOutOfScopeDeletions) or disabled in the source, and provisioned groups gone out of scope. Entra counts both
 * disables and deletes toward the threshold.
 */
function pendingDeletions(env: EngineEnv, job: SyncJobRuntime, scope: Scope, groupSync: boolean): number {
  const skipDeletes = (secretMap(env, job.servicePrincipalId).get("SkipOutOfScopeDeletions") ?? "false").toLowerCase() === "true";
  let count = 0;
  for (const [id, exported] of job.users) {
    const user = env.state.users.get(id);
    if (!user || !exported.active) continue;
    if (!scope.users.has(id) ? !skipDeletes : !user.accountEnabled) count += 1;
  }
  if (groupSync) for (const id of job.groups.keys()) if (env.state.groups.has(id) && !scope.groups.has(id)) count += 1;
  return count;
}

export function mappings(job: SyncJobRuntime): { user?: ObjectMapping; group?: ObjectMapping } {
  const rule = job.schema.synchronizationRules[0];
  const list = rule?.objectMappings ?? [];
  return { user: list.find((m) => m.sourceObjectName === "User" && m.enabled), group: list.find((m) => m.sourceObjectName === "Group" && m.enabled) };
}

function sourceValue(user: EntraUser, m: AttributeMapping): string | boolean | null {
  const src = m.source;
  if (src.type === "Constant") return src.expression ?? src.name;
  if (src.type === "Function") {
    const expr = src.expression ?? "";
    if (expr.includes("IsSoftDeleted")) return user.accountEnabled;
    const join = /^Join\("([^"]*)",(.*)\)$/.exec(expr);
    if (join) {
      const parts = [...(join[2] as string).matchAll(/\[([A-Za-z]+)\]/g)].map((x) => attributeOf(user, x[1] as string)).filter((v): v is string => typeof v === "string" && v !== "");
      return parts.length ? parts.join(join[1] as string) : null;
    }
    return null;
  }
  return attributeOf(user, src.name ?? "");
}

function attributeOf(user: EntraUser, name: string): string | null {
  if (name === "objectId") return user.id;
  const value = (user as unknown as Record<string, unknown>)[name];
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return null;
}

/** Applies the job schema's attribute mappings to a user. Null sources are simply not sent, as Entra does. */
export function userFlat(user: EntraUser, mapping: ObjectMapping): Flat {
  const flat: Flat = {};
  for (const m of mapping.attributeMappings) {
    const v = sourceValue(user, m) ?? m.defaultValue;
    if (v !== null && v !== undefined && v !== "") flat[m.targetAttributeName] = v;
  }
  return flat;
}

function scimUser(flat: Flat): Record<string, unknown> {
  const out: Record<string, unknown> = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE] };
  const enterprise: Record<string, unknown> = {};
  for (const [target, value] of Object.entries(flat)) {
    if (target.startsWith(`${ENTERPRISE}:`)) enterprise[target.slice(ENTERPRISE.length + 1)] = value;
    else if (target.startsWith("name.")) out.name = { ...(isRecord(out.name) ? out.name : {}), [target.slice(5)]: value };
    else if (target === 'emails[type eq "work"].value') out.emails = [{ value, type: "work", primary: true }];
    else if (target === "active") out.active = value === true || value === "True" || value === "true";
    else out[target] = value;
  }
  if (Object.keys(enterprise).length) out[ENTERPRISE] = enterprise;
  return out;
}

function patchOps(previous: Flat, next: Flat): Record<string, unknown>[] {
  const ops: Record<string, unknown>[] = [];
  for (const key of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    if (previous[key] === next[key]) continue;
    if (next[key] === undefined) {
      if (key !== "userName" && key !== "active") ops.push({ op: "remove", path: key });
    } else ops.push({ op: "replace", path: key, value: key === "active" ? next[key] === true || next[key] === "True" : next[key] });
  }
  return ops;
}

export interface Scope {
  users: Map<string, EntraUser>;
  groups: Map<string, EntraGroup>;
}

/** In scope: directly assigned users and direct members of directly assigned groups (nesting does not count), or everyone with SyncAll. */
export function computeScope(env: EngineEnv, sp: EntraServicePrincipal, syncAll: boolean): Scope {
  const state = env.state;
  const users = new Map<string, EntraUser>();
  const groups = new Map<string, EntraGroup>();
  if (syncAll) {
    for (const u of state.userList) users.set(u.id, u);
    for (const g of state.groupList) groups.set(g.id, g);
    return { users, groups };
  }
  for (const a of state.assignments.values()) {
    if (a.resourceId !== sp.id) continue;
    const u = state.users.get(a.principalId);
    if (u) users.set(u.id, u);
    const g = state.groups.get(a.principalId);
    if (g) {
      groups.set(g.id, g);
      for (const m of g.members) {
        const mu = state.users.get(m);
        if (mu) users.set(mu.id, mu);
      }
    }
  }
  return { users, groups };
}

function step(name: string, type: string, status: string, description: string, details: Record<string, string> = {}): Step {
  return { name, provisioningStepType: type, status, description, details };
}

/** What the engine reads of the Entra module: the tenant's state and the sandbox clock (a part of EntraEnv). */
export interface EngineEnv {
  state: EntraState;
  ctx: SandboxContext;
}

export class ProvisioningEngine {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly getEnv: () => EngineEnv | undefined) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), 250);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  kick(jobId: string): void {
    const env = this.getEnv();
    const job = env?.state.jobs.get(jobId);
    if (env && job && job.scheduleState === "Active" && job.code !== "Quarantine") job.nextRunAt = env.ctx.clock.now();
  }

  private tick(): void {
    const env = this.getEnv();
    if (!env) return;
    const now = env.ctx.clock.now();
    for (const job of env.state.jobs.values()) {
      if (job.scheduleState === "Active" && !job.running && now >= job.nextRunAt) void this.runCycle(env, job).catch(() => undefined);
    }
  }

  /** Runs one cycle now for the job (or every active job), waiting for any cycle already under way. */
  async runNow(jobId?: string): Promise<void> {
    const env = this.getEnv();
    if (!env) return;
    const jobs = jobId ? [env.state.jobs.get(jobId)].filter((j): j is SyncJobRuntime => j !== undefined) : [...env.state.jobs.values()].filter((j) => j.scheduleState === "Active");
    for (const job of jobs) await this.runCycle(env, job);
  }

  /** provisionOnDemand for one user: the same pipeline as a cycle, forced, with its own log entry. */
  async provisionUser(job: SyncJobRuntime, sp: EntraServicePrincipal, client: ScimClient, user: EntraUser, mapping: ObjectMapping): Promise<ObjectOutcome> {
    const env = this.requireEnv();
    const outcome = await this.processUser(env, job, sp, client, user, mapping, true, { cycleId: randomUUID(), initial: false, onDemand: true });
    if (!outcome) throw new Error("on-demand provisioning produced no outcome");
    return outcome;
  }

  /** provisionOnDemand for a group and up to five of its members (members are provisioned first). */
  async provisionGroup(job: SyncJobRuntime, sp: EntraServicePrincipal, client: ScimClient, group: EntraGroup, scope: Scope, members: string[], mapping: ObjectMapping | undefined): Promise<ObjectOutcome> {
    const env = this.requireEnv();
    const cycleId = randomUUID();
    for (const id of members) {
      const user = env.state.users.get(id);
      if (user && mapping && scope.users.has(id) && group.members.has(id)) await this.processUser(env, job, sp, client, user, mapping, true, { cycleId, initial: false, onDemand: true });
    }
    const outcome = await this.processGroup(env, job, sp, client, group, scope, { cycleId, initial: false, onDemand: true, members });
    if (!outcome) throw new Error("on-demand provisioning produced no outcome");
    return outcome;
  }

  private requireEnv(): EngineEnv {
    const env = this.getEnv();
    if (!env) throw new Error("entra module not reset");
    return env;
  }

  private async runCycle(env: EngineEnv, job: SyncJobRuntime): Promise<void> {
    while (job.running) await job.running;
    const run = this.cycle(env, job);
    job.running = run;
    try {
      await run;
    } finally {
      job.running = null;
    }
  }

  private async cycle(env: EngineEnv, job: SyncJobRuntime): Promise<void> {
    const state = env.state;
    const sp = state.servicePrincipals.get(job.servicePrincipalId);
    if (!sp) return;
    const clock = env.ctx.clock;
    const began = clock.date().toISOString();
    const cycleId = randomUUID();
    const exec: TaskExecution = {
      activityIdentifier: cycleId,
      countEntitled: 0,
      countEntitledForProvisioning: 0,
      countEscrowed: 0,
      countEscrowedRaw: 0,
      countExported: 0,
      countExports: 0,
      countImported: 0,
      countImportedDeltas: 0,
      countImportedReferenceDeltas: 0,
      state: "Succeeded",
      timeBegan: began,
      timeEnded: began,
      error: null,
    };
    job.cycles += 1;
    if (job.templateId === "aws") return this.importRoles(env, job, sp, exec);
    const secrets = secretMap(env, sp.id);
    const base = validateBaseAddress(secrets.get("BaseAddress") ?? "");
    const token = secrets.get("SecretToken") ?? "";
    try {
      if (!base || !token) throw new ScimFatal("SystemForCrossDomainIdentityManagementInvalidCredentials", "Please provide a valid tenant URL for your application.", 0);
      const client = new ScimClient(base, token);
      const { user: userMapping, group: groupMapping } = mappings(job);
      const scope = computeScope(env, sp, (secrets.get("SyncAll") ?? "false").toLowerCase() === "true");
      const initial = !job.watermark;
      // Accidental-deletion prevention: a cycle that would delete or disable more than the threshold exports
      // nothing and quarantines the job with reason TooManyDeletes, until an admin allows the deletions
      // (restart with ForceDeletes) or fixes what removed them (https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions).
      const threshold = deleteThreshold(env, job);
      const forced = job.forceDeletes === true;
      job.forceDeletes = false;
      if (threshold !== null && !forced) {
        const held = pendingDeletions(env, job, scope, Boolean(groupMapping));
        if (held > threshold) {
          const err: SyncError = {
            code: "TooManyDeletes",
            message: `This cycle would delete or disable ${held} objects in the target, more than the accidental-deletion threshold of ${threshold}. Nothing was exported.`,
            tenantActionable: true,
          };
          exec.state = "Failed";
          exec.error = err;
          exec.countEscrowed = held;
          exec.countEscrowedRaw = held;
          exec.timeEnded = clock.date().toISOString();
          job.lastExecution = exec;
          this.quarantine(env, job, "TooManyDeletes", err);
          return;
        }
      }
      exec.countEntitled = scope.users.size + (groupMapping ? scope.groups.size : 0);
      exec.countEntitledForProvisioning = exec.countEntitled;
      const total = exec.countEntitled;
      let done = 0;
      const observe = () => {
        job.progress = [{ completedUnits: done, totalUnits: total, units: "Entries", progressObservationDateTime: clock.date().toISOString() }];
      };
      let failures = 0;
      let attempted = 0;
      if (userMapping) {
        const ids = new Set([...scope.users.keys(), ...job.users.keys()]);
        for (const id of ids) {
          const user = state.users.get(id);
          if (!user) continue;
          const outcome = await this.processUser(env, job, sp, client, user, userMapping, scope.users.has(id), { cycleId, initial, onDemand: false });
          if (scope.users.has(id)) done += 1;
          observe();
          if (!outcome) continue;
          exec.countImported += 1;
          if (outcome.acted) attempted += 1;
          if (outcome.status === "failure") failures += 1;
          if (outcome.status === "success" && outcome.acted) exec.countExported += 1;
        }
      }
      if (groupMapping) {
        const ids = new Set([...scope.groups.keys(), ...job.groups.keys()]);
        for (const id of ids) {
          const group = state.groups.get(id);
          if (!group) continue;
          const outcome = await this.processGroup(env, job, sp, client, group, scope, { cycleId, initial, onDemand: false });
          if (scope.groups.has(id)) done += 1;
          observe();
          if (!outcome) continue;
          exec.countImported += 1;
          if (outcome.acted) attempted += 1;
          if (outcome.status === "failure") failures += 1;
          if (outcome.status === "success" && outcome.acted) exec.countExported += 1;
        }
      }
      exec.countExports = exec.countExported;
      exec.countImportedDeltas = initial ? 0 : exec.countImported;
      exec.countEscrowed = job.escrows.size;
      exec.countEscrowedRaw = job.escrows.size;
      exec.state = failures > 0 ? "EntryLevelErrors" : "Succeeded";
      exec.timeEnded = clock.date().toISOString();
      job.lastExecution = exec;
      job.lastSuccessfulExecution = exec;
      if (exec.countExported > 0) job.lastSuccessfulExecutionWithExports = exec;
      job.countSuccessiveCompleteFailures = 0;
      job.watermark = true;
      const cfg = state.config;
      if (failures >= cfg.escrowMinimumFailures && attempted > 0 && failures / attempted > cfg.escrowProportion) {
        this.quarantine(env, job, "EncounteredEscrowProportionThreshold", { code: "EscrowProportionThreshold", message: `${failures} of ${attempted} entries failed in this cycle.`, tenantActionable: true });
        return;
      }
      job.quarantine = null;
      job.code = "Active";
      if (job.escrows.size === 0) {
        if (job.steadyStateFirstAchievedTime === NEVER) job.steadyStateFirstAchievedTime = exec.timeEnded;
        job.steadyStateLastAchievedTime = exec.timeEnded;
      }
      job.nextRunAt = clock.now() + cfg.cycleIntervalMs;
    } catch (error) {
      if (!(error instanceof ScimFatal)) throw error;
      const err: SyncError = { code: error.code, message: error.message, tenantActionable: true };
      exec.state = "Failed";
      exec.error = err;
      exec.timeEnded = clock.date().toISOString();
      exec.countEscrowed = job.escrows.size;
      job.lastExecution = exec;
      job.countSuccessiveCompleteFailures += 1;
      if (job.countSuccessiveCompleteFailures >= state.config.quarantineAfterFailures || job.code === "Quarantine") this.quarantine(env, job, "EncounteredQuarantineException", err);
      else job.nextRunAt = clock.now() + state.config.cycleIntervalMs;
    }
  }

  /**
   * A cycle of the legacy AWS app's job (template `aws`): import, not provisioning. Reads IAM ListRoles with the saved
   * access key, writes the importable roles as app roles and logs each role it skipped with the reason.
   */
  private async importRoles(env: EngineEnv, job: SyncJobRuntime, sp: EntraServicePrincipal, exec: TaskExecution): Promise<void> {
    const state = env.state;
    const clock = env.ctx.clock;
    const secrets = secretMap(env, sp.id);
    const started = Date.now();
    try {
      const accessKeyId = secrets.get("ClientSecret") ?? "";
      const secretAccessKey = secrets.get("SecretToken") ?? "";
      if (!accessKeyId || !secretAccessKey) throw new RoleImportFatal("CredentialsMissing", "The clientsecret (AWS access key ID) and Secret Token (AWS secret access key) are required.");
      const roles = await listIamRoles(`${env.ctx.baseUrl}/aws/iam/`, { accessKeyId, secretAccessKey }, () => clock.now() - clock.offset);
      const candidates = roleCandidates(roles);
      const app = state.applications.get(sp.applicationId);
      if (!app) return;
      const merged = mergeImportedRoles(sp.id, app.appRoles, candidates);
      app.appRoles = merged.roles;
      const cycleId = exec.activityIdentifier;
      const logRole = (c: (typeof candidates)[number], action: string, status: "success" | "skipped", description: string, error: ProvisioningLogEntry["provisioningStatusInfo"]["errorInformation"]) =>
        this.record(
          env,
          {
            ...this.baseEntry(env, job, sp, cycleId, false),
            sourceSystem: { id: "AWS", displayName: "Amazon Web Services (AWS)", details: {} },
            targetSystem: { id: "AAD", displayName: "Azure Active Directory", details: { ApplicationId: sp.appId, ServicePrincipalId: sp.id } },
            provisioningAction: action,
            sourceIdentity: { id: c.role.arn, displayName: c.role.roleName, identityType: "Role", details: { SamlProviders: c.providers.join(",") } },
            targetIdentity: { id: c.value ? (merged.roles.find((r) => r.value === c.value)?.id ?? "") : "", displayName: c.displayName ?? c.role.roleName, identityType: "AppRole", details: {} },
            provisioningStatusInfo: { status, errorInformation: error },
            provisioningSteps: [
              step("EntryImport", "import", "success", `Retrieved the IAM role ${c.role.roleName} from AWS.`, { RoleArn: c.role.arn }),
              step(status === "skipped" ? "EntrySynchronizationSkipped" : "EntryExportAdd", status === "skipped" ? "processing" : "export", status, description),
            ],
            modifiedProperties: c.value && status === "success" ? [{ displayName: "appRoles", oldValue: null, newValue: c.value }] : [],
          },
          started,
        );
      for (const c of candidates) {
        if (c.reason) {
          // Like skipped users, a skipped role is logged again only when its reason changes (or after a restart).
          if (job.skipped.get(`role:${c.role.arn}`) === c.reason) continue;
          job.skipped.set(`role:${c.role.arn}`, c.reason);
          logRole(c, "other", "skipped", c.reason, { errorCode: "RoleImportIneligible", reason: c.reason, additionalDetails: null, errorCategory: "NonServiceFailure", recommendedAction: "Give the role a trust policy with exactly one SAML provider." });
        } else if (c.value && merged.added.includes(c.value)) {
          logRole(c, "create", "success", `Imported ${c.displayName ?? ""} as an app role with value ${c.value}.`, null);
        }
      }
      exec.countEntitled = candidates.length;
      exec.countEntitledForProvisioning = candidates.filter((c) => c.value).length;
      exec.countImported = roles.length;
      exec.countExported = merged.added.length + merged.disabled.length;
      exec.countExports = exec.countExported;
      exec.state = "Succeeded";
      exec.timeEnded = clock.date().toISOString();
      job.lastExecution = exec;
      job.lastSuccessfulExecution = exec;
      if (exec.countExported > 0) job.lastSuccessfulExecutionWithExports = exec;
      job.countSuccessiveCompleteFailures = 0;
      job.watermark = true;
      job.quarantine = null;
      job.code = "Active";
      if (job.steadyStateFirstAchievedTime === NEVER) job.steadyStateFirstAchievedTime = exec.timeEnded;
      job.steadyStateLastAchievedTime = exec.timeEnded;
      job.nextRunAt = clock.now() + state.config.cycleIntervalMs;
    } catch (error) {
      if (!(error instanceof RoleImportFatal)) throw error;
      const err: SyncError = { code: error.code, message: `AWS refused the role import: ${error.code}${error.message ? `: ${error.message}` : ""}`, tenantActionable: true };
      exec.state = "Failed";
      exec.error = err;
      exec.timeEnded = clock.date().toISOString();
      job.lastExecution = exec;
      job.countSuccessiveCompleteFailures += 1;
      if (job.countSuccessiveCompleteFailures >= state.config.quarantineAfterFailures || job.code === "Quarantine") this.quarantine(env, job, "EncounteredQuarantineException", err);
      else job.nextRunAt = clock.now() + state.config.cycleIntervalMs;
    }
  }

  private quarantine(env: EngineEnv, job: SyncJobRuntime, reason: string, error: SyncError): void {
    const now = env.ctx.clock.date();
    const next = new Date(now.getTime() + env.state.config.quarantineRetryMs);
    const prior = job.quarantine;
    job.quarantine = {
      currentBegan: prior?.currentBegan ?? now.toISOString(),
      nextAttempt: next.toISOString(),
      reason,
      seriesBegan: prior?.seriesBegan ?? now.toISOString(),
      seriesCount: (prior?.seriesCount ?? 0) + 1,
      error,
    };
    job.code = "Quarantine";
    job.nextRunAt = next.getTime();
  }

  private baseEntry(env: EngineEnv, job: SyncJobRuntime, sp: EntraServicePrincipal, cycleId: string, onDemand: boolean): Omit<ProvisioningLogEntry, "provisioningAction" | "sourceIdentity" | "targetIdentity" | "provisioningStatusInfo" | "provisioningSteps" | "modifiedProperties"> {
    return {
      id: randomUUID(),
      activityDateTime: env.ctx.clock.date().toISOString(),
      tenantId: TENANT_ID,
      jobId: job.id,
      cycleId,
      changeId: randomUUID(),
      durationInMilliseconds: 0,
      initiatedBy: onDemand ? { id: "", displayName: "Provision on demand", initiatorType: "user" } : { id: "", displayName: "Azure AD Provisioning Service", initiatorType: "system" },
      servicePrincipal: { id: sp.id, displayName: sp.displayName },
      sourceSystem: { id: "AAD", displayName: "Azure Active Directory", details: {} },
      targetSystem: { id: "AWSSingleSignon", displayName: sp.displayName, details: { ApplicationId: sp.appId, ServicePrincipalId: sp.id } },
    };
  }

  private record(env: EngineEnv, entry: ProvisioningLogEntry, started: number): ProvisioningLogEntry {
    entry.durationInMilliseconds = Math.max(1, Date.now() - started);
    env.state.logs.push(entry);
    return entry;
  }

  /** One user through import → scoping → matching → export, with its log entry. Undefined = nothing to do. */
  async processUser(env: EngineEnv, job: SyncJobRuntime, sp: EntraServicePrincipal, client: ScimClient, user: EntraUser, mapping: ObjectMapping, inScope: boolean, opts: { cycleId: string; initial: boolean; onDemand: boolean }): Promise<ObjectOutcome | undefined> {
    const started = Date.now();
    const flat = userFlat(user, mapping);
    const fingerprint = JSON.stringify(flat);
    const exported = job.users.get(user.id);
    const escrowed = job.escrows.has(user.id);
    const upn = user.userPrincipalName;
    const source = { id: user.id, displayName: user.displayName ?? upn, identityType: "User", details: { UserPrincipalName: upn } };
    const steps: Step[] = [step("EntryImport", "import", "success", `Retrieved ${upn} from the source system.`, { UserPrincipalName: upn, accountEnabled: String(user.accountEnabled) })];
    const entry = (action: string, status: ObjectOutcome["status"], targetId: string, modified: ProvisioningLogEntry["modifiedProperties"], error: NonNullable<ProvisioningLogEntry["provisioningStatusInfo"]["errorInformation"]> | null): ProvisioningLogEntry =>
      this.record(
        env,
        {
          ...this.baseEntry(env, job, sp, opts.cycleId, opts.onDemand),
          provisioningAction: action,
          sourceIdentity: source,
          targetIdentity: { id: targetId, displayName: upn, identityType: USER_TARGET, details: {} },
          provisioningStatusInfo: { status, errorInformation: error },
          provisioningSteps: steps,
          modifiedProperties: modified,
        },
        started,
      );
    const fail = (code: string, reason: string, action: string, targetId = ""): ObjectOutcome => {
      const prior = job.escrows.get(user.id);
      job.escrows.set(user.id, { count: (prior?.count ?? 0) + 1, error: { code, message: reason, tenantActionable: true } });
      return { status: "failure", acted: true, entry: entry(action, "failure", targetId, [], { errorCode: code, reason, additionalDetails: null, errorCategory: "NonServiceFailure", recommendedAction: null }) };
    };

    if (!inScope) {
      if (!exported || !exported.active) return undefined;
      const skipDeletes = (secretMap(env, sp.id).get("SkipOutOfScopeDeletions") ?? "false").toLowerCase() === "true";
      steps.push(step("EntrySynchronizationScoping", "scoping", "success", `${upn} is no longer in scope (not assigned or scoping filter).`));
      if (skipDeletes) return undefined;
      const res = await client.call("PATCH", `/Users/${exported.targetId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
      if (res.status >= 300) return fail("SystemForCrossDomainIdentityManagementBadRequest", `Disabling ${upn} failed: ${res.status} ${detail(res.body)}`, "disable", exported.targetId);
      exported.active = false;
      job.escrows.delete(user.id);
      steps.push(step("EntryExportUpdateSoftDelete", "export", "success", `Disabled ${upn} in the target because it went out of scope.`));
      return { status: "success", acted: true, entry: entry("disable", "success", exported.targetId, [{ displayName: "active", oldValue: "True", newValue: "False" }], null) };
    }

    const changed = !exported || exported.fingerprint !== fingerprint || escrowed;
    if (user.accountEnabled || exported) job.skipped.delete(user.id);
    if (!opts.initial && !opts.onDemand && !changed) return undefined;
    if (opts.initial && !opts.onDemand && exported && !changed) return undefined;
    steps.push(step("EntrySynchronizationScoping", "scoping", "success", `${upn} is in scope: assigned to the application directly or through a group it is a direct member of.`));

    if (!user.accountEnabled && !exported) {
      steps.push(step("EntrySynchronizationSkipped", "processing", "skipped", `${upn} is disabled in the source and does not exist in the target, so it is not created.`));
      job.escrows.delete(user.id);
      if (!opts.onDemand && job.skipped.get(user.id) === fingerprint) return undefined;
      job.skipped.set(user.id, fingerprint);
      return {
        status: "skipped",
        acted: false,
        entry: entry("other", "skipped", "", [], { errorCode: "NotEffectivelyEntitled", reason: "The user is disabled (accountEnabled = false) and is not provisioned.", additionalDetails: null, errorCategory: "NonServiceFailure", recommendedAction: "Enable the account in Entra ID." }),
      };
    }

    const userName = typeof flat.userName === "string" ? flat.userName : "";
    const found = await client.call("GET", `/Users?${scimFilter("userName", userName)}`);
    if (found.status >= 300) return fail("SystemForCrossDomainIdentityManagementServiceIncompatible", `Matching ${upn} failed: ${found.status} ${detail(found.body)}`, "other");
    const resources = isRecord(found.body) && Array.isArray(found.body.Resources) ? found.body.Resources.filter(isRecord) : [];
    const match = resources[0];
    steps.push(step("EntryMatching", "matching", "success", match ? `Found a user in the target with userName eq "${userName}".` : `No user in the target has userName eq "${userName}"; it will be created.`, { MatchingAttribute: "userName", SourceValue: userName }));

    const modified = Object.entries(flat).map(([k, v]) => ({ displayName: k, oldValue: null, newValue: String(v) }));
    if (match && typeof match.id === "string") {
      const previous: Flat = exported ? (JSON.parse(exported.fingerprint) as Flat) : {};
      const ops = exported ? patchOps(previous, flat) : patchOps({}, flat).filter((op) => op.path !== "userName");
      if (ops.length) {
        const res = await client.call("PATCH", `/Users/${match.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: ops });
        if (res.status >= 300) {
          steps.push(step("EntryExportUpdate", "export", "failure", `Updating ${upn} in the target failed: ${res.status} ${detail(res.body)}`));
          return fail(res.status === 409 ? "SystemForCrossDomainIdentityManagementConflict" : "SystemForCrossDomainIdentityManagementBadRequest", `The target rejected the update of ${upn}: ${res.status} ${detail(res.body)}`, "update", match.id);
        }
      }
      job.users.set(user.id, { targetId: match.id, fingerprint, active: user.accountEnabled });
      job.escrows.delete(user.id);
      steps.push(step("EntryExportUpdate", "export", "success", ops.length ? `Updated ${upn} in the target.` : `${upn} is already up to date in the target.`));
      return { status: "success", acted: ops.length > 0, entry: entry(ops.length ? "update" : "other", "success", match.id, ops.length ? modified : [], null) };
    }

    const res = await client.call("POST", "/Users", scimUser(flat));
    if (res.status !== 201 && res.status !== 200) {
      steps.push(step("EntryExportAdd", "export", "failure", `Creating ${upn} in the target failed: ${res.status} ${detail(res.body)}`));
      const code = res.status === 409 ? "SystemForCrossDomainIdentityManagementConflict" : res.status === 400 ? "SystemForCrossDomainIdentityManagementBadRequest" : "SystemForCrossDomainIdentityManagementServiceIncompatible";
      const missing = ["givenName", "surname", "displayName"].filter((a) => !(user as unknown as Record<string, unknown>)[a]);
      const hint = missing.length ? ` The source is missing ${missing.join(", ")}; AWS IAM Identity Center requires name.givenName, name.familyName and displayName.` : "";
      return fail(code, `The target returned ${res.status}: ${detail(res.body)}.${hint}`, "create");
    }
    const targetId = isRecord(res.body) && typeof res.body.id === "string" ? res.body.id : "";
    job.users.set(user.id, { targetId, fingerprint, active: user.accountEnabled });
    job.escrows.delete(user.id);
    steps.push(step("EntryExportAdd", "export", "success", `Created ${upn} in the target.`, { TargetId: targetId }));
    return { status: "success", acted: true, entry: entry("create", "success", targetId, modified, null) };
  }

  async processGroup(env: EngineEnv, job: SyncJobRuntime, sp: EntraServicePrincipal, client: ScimClient, group: EntraGroup, scope: Scope, opts: { cycleId: string; initial: boolean; onDemand: boolean; members?: string[] }): Promise<ObjectOutcome | undefined> {
    const started = Date.now();
    const inScope = scope.groups.has(group.id);
    const exported = job.groups.get(group.id);
    const source = { id: group.id, displayName: group.displayName, identityType: "Group", details: {} };
    const steps: Step[] = [step("EntryImport", "import", "success", `Retrieved group ${group.displayName} from the source system.`)];
    const entry = (action: string, status: ObjectOutcome["status"], targetId: string, modified: ProvisioningLogEntry["modifiedProperties"], error: ProvisioningLogEntry["provisioningStatusInfo"]["errorInformation"]) =>
      this.record(env, { ...this.baseEntry(env, job, sp, opts.cycleId, opts.onDemand), provisioningAction: action, sourceIdentity: source, targetIdentity: { id: targetId, displayName: group.displayName, identityType: GROUP_TARGET, details: {} }, provisioningStatusInfo: { status, errorInformation: error }, provisioningSteps: steps, modifiedProperties: modified }, started);
    const fail = (reason: string, action: string, targetId = ""): ObjectOutcome => {
      job.escrows.set(group.id, { count: (job.escrows.get(group.id)?.count ?? 0) + 1, error: { code: "SystemForCrossDomainIdentityManagementBadRequest", message: reason, tenantActionable: true } });
      return { status: "failure", acted: true, entry: entry(action, "failure", targetId, [], { errorCode: "SystemForCrossDomainIdentityManagementBadRequest", reason, additionalDetails: null, errorCategory: "NonServiceFailure", recommendedAction: null }) };
    };
    if (!inScope) {
      if (!exported) return undefined;
      const res = await client.call("DELETE", `/Groups/${exported.targetId}`);
      if (res.status >= 300 && res.status !== 404) return fail(`Deleting group ${group.displayName} failed: ${res.status} ${detail(res.body)}`, "delete", exported.targetId);
      job.groups.delete(group.id);
      steps.push(step("EntryExportDelete", "export", "success", `Deleted group ${group.displayName} from the target (out of scope).`));
      return { status: "success", acted: true, entry: entry("delete", "success", exported.targetId, [], null) };
    }
    // Only direct user members that are themselves provisioned; nested groups are not flattened.
    const candidates = opts.members ?? [...group.members];
    const wanted = new Set(candidates.filter((m) => scope.users.has(m) && job.users.get(m)?.targetId).map((m) => job.users.get(m)?.targetId as string));
    const fingerprint = JSON.stringify({ name: group.displayName, members: [...wanted].sort() });
    if (exported && exported.fingerprint === fingerprint && !job.escrows.has(group.id) && !opts.onDemand) return undefined;
    steps.push(step("EntrySynchronizationScoping", "scoping", "success", `Group ${group.displayName} is assigned to the application.`));
    let targetId = exported?.targetId;
    let action = "update";
    if (!targetId) {
      const found = await client.call("GET", `/Groups?${scimFilter("displayName", group.displayName)}`);
      const match = isRecord(found.body) && Array.isArray(found.body.Resources) ? found.body.Resources.filter(isRecord)[0] : undefined;
      steps.push(step("EntryMatching", "matching", "success", match ? `Matched group by displayName.` : `No group named ${group.displayName} in the target.`));
      if (match && typeof match.id === "string") targetId = match.id;
      else {
        const res = await client.call("POST", "/Groups", { schemas: [GROUP_TARGET], displayName: group.displayName, externalId: group.id });
        if (res.status !== 201 && res.status !== 200) return fail(`Creating group ${group.displayName} failed: ${res.status} ${detail(res.body)}`, "create");
        targetId = isRecord(res.body) && typeof res.body.id === "string" ? res.body.id : "";
        action = "create";
      }
    }
    const current = exported?.members ?? new Set<string>();
    const add = [...wanted].filter((m) => !current.has(m));
    const remove = opts.members ? [] : [...current].filter((m) => !wanted.has(m));
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < add.length; i += MAX_GROUP_CHANGES) batches.push([{ op: "add", path: "members", value: add.slice(i, i + MAX_GROUP_CHANGES).map((value) => ({ value })) }]);
    for (let i = 0; i < remove.length; i += MAX_GROUP_CHANGES) batches.push([{ op: "remove", path: "members", value: remove.slice(i, i + MAX_GROUP_CHANGES).map((value) => ({ value })) }]);
    for (const ops of batches) {
      const res = await client.call("PATCH", `/Groups/${targetId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: ops });
      if (res.status >= 300) return fail(`Updating members of ${group.displayName} failed: ${res.status} ${detail(res.body)}`, action, targetId);
    }
    const members = new Set(current);
    for (const m of add) members.add(m);
    for (const m of remove) members.delete(m);
    job.groups.set(group.id, { targetId, fingerprint, active: true, members });
    job.escrows.delete(group.id);
    steps.push(step(action === "create" ? "EntryExportAdd" : "EntryExportUpdate", "export", "success", `${action === "create" ? "Created" : "Updated"} group ${group.displayName}: +${add.length} / -${remove.length} members.`));
    return { status: "success", acted: true, entry: entry(action, "success", targetId, [{ displayName: "members", oldValue: String(current.size), newValue: String(members.size) }], null) };
  }
}
