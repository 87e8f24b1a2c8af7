import "server-only";
import { randomUUID } from "node:crypto";
import type { AwsClients } from "../aws/clients";
import { mapLimit } from "../concurrency";
import { describeUserById, getUserIdByUserName } from "../aws/find-user-by-user-name";
import { listAccountAssignmentsForPrincipal } from "../aws/list-account-assignments-for-principal";
import { listAccountsForProvisionedPermissionSet } from "../aws/list-accounts-for-provisioned-permission-set";
import { describeGroupName, listGroupMembershipsForMember } from "../aws/list-group-memberships-for-member";
import { describePermissionSet } from "../aws/list-permission-sets";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import { findDeletedUser } from "../entra/find-deleted-user";
import { findUser } from "../entra/find-user";
import { listProvisioningLogs, type ProvisioningLogEntry } from "../entra/list-provisioning-logs";
import { getProvisioningJob } from "../entra/provisioning-job";
import type { DirectoryUser } from "../entra/types";
import { userAppAssignmentPath } from "../entra/user-app-assignment-path";
import { logDetailsColumn, snapshotStatusColumn } from "../federation/columns";
import { log } from "../log";
import { toProblem } from "../problems/problem";
import { collectRequestIds } from "../request-context";
import type { FederationFacts } from "../setup/facts";
import { HELPDESK_LOOKBACK_MS, readAwsSignInEvents, readEntraSignIns } from "../sign-in/evidence";
import { HELPDESK_TTL_MS } from "../sign-in/shared-read";
import { buildChecks, headlineOf } from "./checks";
import { Plan, type PlanMode, type PlanRun, type StepOutcome } from "./plan";
import type { AwsAccess, DiagnosisReport, Findings, LogView, PermissionSetState, Problem, Result } from "./types";

export interface DiagnoseDependencies {
  database: Database;
  federationId: string;
  facts: FederationFacts;
  graph(): Promise<GraphGateway>;
  aws(): AwsClients;
  /** The access portal start URL users should try (the facts' one, or the sandbox's own). */
  accessPortalUrl(identityStoreId: string): string;
  mode?: PlanMode;
}

export interface DiagnoseInput {
  /** What identifies the user: Entra object id, UPN or mail. */
  key: string;
  /** The UPN when already known (from the search, or a stored diagnosis): AWS is asked at once, in parallel with Entra. */
  userPrincipalName?: string;
}

/** Gateway errors are already plain language; anything else is logged and reported generically (never its text). */
export function problemOf(error: unknown, step = "unknown"): Problem {
  const problem = toProblem(error);
  if (problem && problem.source !== "portal")
    return {
      source: problem.source === "aws" || problem.source === "scim" ? "aws" : "entra",
      kind: problem.kind,
      message: problem.message,
      ...(problem.requestId ? { requestId: problem.requestId } : {}),
    };
  const reference = randomUUID().slice(0, 8);
  log("error", "helpdesk check step failed", { step, reference, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return {
    source: step.startsWith("aws") || step.includes("PermissionSets") ? "aws" : "entra",
    kind: "unknown",
    message: `An unexpected error stopped this part of the check (reference ${reference}).`,
  };
}

export const SKIPPED = Symbol("skipped");
type Skipped = typeof SKIPPED;
export const applies = <T>(value: T): value is Exclude<T, Skipped> => value !== SKIPPED;

/** A step's outcome as a finding: its value, the problem when it failed, nothing when blocked or skipped. */
export function resultOf<T>(outcome: StepOutcome<T> | undefined, step: string): Result<Exclude<T, Skipped>> | undefined {
  if (!outcome || outcome.state === "blocked") return undefined;
  if (outcome.state === "failed") return { ok: false, problem: problemOf(outcome.error, step) };
  const value = outcome.value;
  return applies(value) ? { ok: true, value } : undefined;
}

export const mapResult = <T, U>(result: Result<T> | undefined, map: (value: T) => U): Result<U> | undefined =>
  result?.ok ? { ok: true, value: map(result.value) } : result;

function scopingOf(steps: { type: string; description: string }[]): string | null {
  return steps.find((s) => s.type === "scoping")?.description ?? null;
}

export function logViewOfEntry(e: ProvisioningLogEntry): LogView {
  return {
    at: e.activityDateTime,
    action: e.action,
    status: e.status,
    errorCode: e.errorCode,
    errorReason: e.errorReason,
    recommendedAction: e.recommendedAction,
    scoping: scopingOf(e.steps),
  };
}

/**
 * The Entra side every chain starts with: the user (wave 1); then, once known, the recycle bin when nobody matched
 * and the user's recent sign-ins to the app (wave 2).
 */
export function entraUserSteps(
  plan: Plan,
  deps: Pick<DiagnoseDependencies, "graph" | "federationId">,
  input: DiagnoseInput,
  app: { appId: string; signInsSince: Date },
) {
  const entraUser = plan.step("entraUser", { upstream: true }, async (c) => {
    const gateway = await deps.graph();
    const { result: found, requestIds } = await collectRequestIds(() => findUser(gateway, input.key));
    c.roundTrips(requestIds.length || 1);
    return found;
  });
  const entraSignIns = plan.step("entraSignIns", { after: [entraUser], upstream: true }, async (c) => {
    const user = c.need(entraUser).user;
    if (!user) return SKIPPED;
    return readEntraSignIns(deps.graph, { federationId: deps.federationId, appId: app.appId, userId: user.id, since: app.signInsSince }, HELPDESK_TTL_MS);
  });
  const deletedUser = plan.step("deletedUser", { after: [entraUser], upstream: true }, async (c) => {
    const found = c.need(entraUser);
    if (found.user || found.ambiguous.length) {
      c.roundTrips(0);
      return SKIPPED;
    }
    return (await findDeletedUser(await deps.graph(), input.key)).user;
  });
  return { entraUser, entraSignIns, deletedUser };
}

/** The plan's steps, in dependency order; the comments give the wave each lands in when run concurrently. */
function planFor(deps: DiagnoseDependencies, input: DiagnoseInput, facts: Required<Pick<FederationFacts, "app" | "job" | "instance">> & FederationFacts) {
  const { database, federationId } = deps;
  const { servicePrincipalId, appId } = facts.app;
  // Sign-in evidence: the last week, shared between diagnoses for a short while (both logs are tightly throttled).
  const signInsSince = new Date(Date.now() - HELPDESK_LOOKBACK_MS);
  const { jobId } = facts.job;
  const { identityStoreId, instanceArn } = facts.instance;
  const candidate = input.userPrincipalName ?? (input.key.includes("@") ? input.key.trim() : undefined);
  const managedSets = facts.permissionSets ?? [];

  const plan = new Plan();
  // Wave 1: nothing here depends on anything else. (Wave 2 on the Entra side: the deleted user and the sign-in log.)
  const { entraUser, deletedUser, entraSignIns } = entraUserSteps(plan, deps, input, { appId, signInsSince });
  // AWS finds users only by userName, and the helpdesk searched by UPN: ask AWS before Entra answers.
  const awsUserIdByCandidate = plan.step("awsUserIdByCandidate", { upstream: true }, async () =>
    candidate ? getUserIdByUserName(deps.aws(), identityStoreId, candidate) : SKIPPED,
  );
  // The status poller's newest snapshot; live from Graph only when it has none.
  const job = plan.step("job", { upstream: true }, async (c) => {
    const latest = await database.provisioningSnapshot.findFirst({ where: { federationId }, orderBy: { id: "desc" }, select: { takenAt: true, status: true } });
    if (latest) {
      c.roundTrips(0);
      return { source: "snapshot" as const, takenAt: latest.takenAt.toISOString(), job: snapshotStatusColumn.decode(latest.status) };
    }
    const live = await getProvisioningJob(await deps.graph(), { servicePrincipalId, jobId });
    return { source: "graph" as const, takenAt: new Date().toISOString(), job: live.job };
  });
  // Keyed by what setup created, not by the user: provisioned and outdated accounts of each permission set.
  const managedPermissionSets = plan.step("managedPermissionSets", { upstream: true }, async (c) => {
    const work = managedSets.flatMap((ps) => [false, true].map((onlyOutdated) => ({ ps, onlyOutdated })));
    const listed = await mapLimit(work, c.fanOut, (w) =>
      listAccountsForProvisionedPermissionSet(deps.aws(), instanceArn, w.ps.permissionSetArn, { onlyOutdated: w.onlyOutdated }),
    );
    if (!managedSets.length) c.roundTrips(0);
    const states: Record<string, PermissionSetState> = {};
    work.forEach((w, i) => {
      const state = (states[w.ps.permissionSetArn] ??= { name: w.ps.name, provisioned: [], outdated: [] });
      state[w.onlyOutdated ? "outdated" : "provisioned"] = listed[i]?.accountIds ?? [];
    });
    return states;
  });
  // Identity Center's sign-in events of everyone, shared: the user's are picked out once their AWS user is known.
  const awsSignIns = plan.step("awsSignIns", { upstream: true }, () => readAwsSignInEvents(deps.aws, { federationId, since: signInsSince }, HELPDESK_TTL_MS));
  // Wave 2: needs the Entra user id, or the AWS user id.
  const assignment = plan.step("assignment", { after: [entraUser], upstream: true }, async (c) => {
    const user = c.need(entraUser).user;
    if (!user) return SKIPPED;
    return userAppAssignmentPath(await deps.graph(), user.id, servicePrincipalId, { oneAtATime: c.fanOut === 1 });
  });
  // The poller's copied log entries first; Graph (throttled at 5 requests per 10 s) only when none is stored.
  const lastLog = plan.step("lastLog", { after: [entraUser], upstream: true }, async (c) => {
    const user = c.need(entraUser).user;
    if (!user) return SKIPPED;
    const stored = await database.provisioningLogEntry.findFirst({ where: { federationId, sourceId: user.id }, orderBy: { activityDateTime: "desc" } });
    if (stored) {
      c.roundTrips(0);
      const details = logDetailsColumn.decode(stored.details);
      const entry: LogView = {
        at: stored.activityDateTime.toISOString(),
        action: stored.action,
        status: stored.status,
        errorCode: stored.errorCode,
        errorReason: stored.errorReason,
        recommendedAction: stored.recommendedAction,
        scoping: scopingOf(details.steps ?? []),
      };
      return { source: "stored" as const, entry };
    }
    const live = await listProvisioningLogs(await deps.graph(), { servicePrincipalId, sourceId: user.id, maxItems: 1 });
    const first = live.entries[0];
    return { source: "graph" as const, entry: first ? logViewOfEntry(first) : null };
  });
  // Reuses the early lookup when the UPN was guessed right; asks again only if Entra's UPN differs.
  const awsUserId = plan.step("awsUserId", { after: [entraUser, awsUserIdByCandidate], upstream: true }, async (c) => {
    const user = c.need(entraUser).user;
    if (!user) return SKIPPED;
    const early = c.outcome(awsUserIdByCandidate);
    if (candidate && candidate.toLowerCase() === user.userPrincipalName.toLowerCase()) {
      c.roundTrips(0);
      if (early.state === "failed") throw early.error;
      if (early.state === "done" && applies(early.value)) return { userName: user.userPrincipalName, ...early.value };
    }
    return { userName: user.userPrincipalName, ...(await getUserIdByUserName(deps.aws(), identityStoreId, user.userPrincipalName)) };
  });
  const awsUser = plan.step("awsUser", { after: [awsUserId], upstream: true }, async (c) => {
    const id = c.need(awsUserId);
    if (id === SKIPPED) return SKIPPED;
    if (!id.userId) {
      c.roundTrips(0);
      return { userNameTried: id.userName, user: null };
    }
    return { userNameTried: id.userName, user: (await describeUserById(deps.aws(), identityStoreId, id.userId)).user };
  });
  const awsMemberships = plan.step("awsMemberships", { after: [awsUserId], upstream: true }, async (c) => {
    const id = c.need(awsUserId);
    if (id === SKIPPED || !id.userId) return SKIPPED;
    const { userId } = id;
    const { result: listed, requestIds } = await collectRequestIds(() =>
      listGroupMembershipsForMember(deps.aws(), identityStoreId, userId, { describe: false }),
    );
    c.roundTrips(Math.max(1, requestIds.length));
    return listed.memberships;
  });
  const awsUserAssignments = plan.step("awsUserAssignments", { after: [awsUserId], upstream: true }, async (c) => {
    const id = c.need(awsUserId);
    if (id === SKIPPED || !id.userId) return SKIPPED;
    const { userId } = id;
    const { result: listed, requestIds } = await collectRequestIds(() =>
      listAccountAssignmentsForPrincipal(deps.aws(), instanceArn, { type: "USER", id: userId }),
    );
    c.roundTrips(Math.max(1, requestIds.length));
    return listed.assignments;
  });
  // Wave 3: per AWS group, its name and what it is assigned (whether a USER query includes these is unconfirmed).
  const awsGroups = plan.step("awsGroups", { after: [awsMemberships], upstream: true }, async (c) => {
    const memberships = c.need(awsMemberships);
    if (memberships === SKIPPED) return SKIPPED;
    if (!memberships.length) c.roundTrips(0);
    const groupIds = [...new Set(memberships.map((m) => m.groupId))];
    const work = groupIds.flatMap((groupId) => [
      { groupId, kind: "name" as const },
      { groupId, kind: "assignments" as const },
    ]);
    const done = await mapLimit(work, c.fanOut, async (w) =>
      w.kind === "name"
        ? { ...w, name: (await describeGroupName(deps.aws(), identityStoreId, w.groupId)).displayName, assignments: [] }
        : { ...w, name: null, assignments: (await listAccountAssignmentsForPrincipal(deps.aws(), instanceArn, { type: "GROUP", id: w.groupId })).assignments },
    );
    return groupIds.map((groupId) => ({
      groupId,
      name: done.find((d) => d.groupId === groupId && d.kind === "name")?.name ?? null,
      assignments: done.find((d) => d.groupId === groupId && d.kind === "assignments")?.assignments ?? [],
    }));
  });
  // Permission sets setup did not create (e.g. Control Tower's): only known once the assignments are, so late.
  const otherPermissionSets = plan.step("otherPermissionSets", { after: [awsUserAssignments, awsGroups, managedPermissionSets], upstream: true }, async (c) => {
    const direct = c.outcome(awsUserAssignments);
    const groups = c.outcome(awsGroups);
    const arns = new Set<string>();
    if (direct.state === "done" && applies(direct.value)) for (const a of direct.value) arns.add(a.permissionSetArn);
    if (groups.state === "done" && applies(groups.value)) for (const g of groups.value) for (const a of g.assignments) arns.add(a.permissionSetArn);
    const known = new Set(managedSets.map((p) => p.permissionSetArn));
    const others = [...arns].filter((a) => !known.has(a));
    if (!others.length) {
      c.roundTrips(0);
      return {};
    }
    const states: Record<string, PermissionSetState> = {};
    await mapLimit(others, c.fanOut, async (arn) => {
      const [described, all, outdated] =
        c.fanOut === 1
          ? [
              await describePermissionSet(deps.aws().sso, instanceArn, arn, false),
              await listAccountsForProvisionedPermissionSet(deps.aws(), instanceArn, arn),
              await listAccountsForProvisionedPermissionSet(deps.aws(), instanceArn, arn, { onlyOutdated: true }),
            ]
          : await Promise.all([
              describePermissionSet(deps.aws().sso, instanceArn, arn, false),
              listAccountsForProvisionedPermissionSet(deps.aws(), instanceArn, arn),
              listAccountsForProvisionedPermissionSet(deps.aws(), instanceArn, arn, { onlyOutdated: true }),
            ]);
      states[arn] = { name: described.name, provisioned: all.accountIds, outdated: outdated.accountIds };
    });
    return states;
  });
  return {
    plan,
    steps: {
      entraUser,
      job,
      managedPermissionSets,
      deletedUser,
      assignment,
      lastLog,
      awsUserId,
      awsUser,
      awsMemberships,
      awsUserAssignments,
      awsGroups,
      otherPermissionSets,
      awsSignIns,
      entraSignIns,
    },
  };
}

const toCandidate = (u: DirectoryUser) => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName });

/** The report when setup has not created what the chain reads. */
export function notConfiguredReport(base: ReportBase, input: DiagnoseInput, mode: PlanMode, message: string): DiagnosisReport {
  return {
    ...base,
    outcome: "not-configured",
    subject: { entraId: null, userPrincipalName: input.userPrincipalName ?? null, displayName: null, isGuest: false },
    headline: { tone: "warn", text: "The federation is not set up yet, so there is nothing to diagnose." },
    message,
    checks: [],
    timing: { mode, wallMs: 0, criticalPathRoundTrips: 0, upstreamSteps: [] },
  };
}

/** Each upstream trouble once (by cloud and kind), for the notices above the chain. */
export const distinctProblems = (results: (Result<unknown> | undefined)[]): Problem[] =>
  results.flatMap((r) => (r && !r.ok ? [r.problem] : [])).filter((p, i, all) => all.findIndex((q) => q.source === p.source && q.kind === p.kind) === i);

/** Who was diagnosed, as the report names them. */
export const subjectOf = (user: DirectoryUser): DiagnosisReport["subject"] => ({
  entraId: user.id,
  userPrincipalName: user.userPrincipalName,
  displayName: user.displayName,
  isGuest: user.userType === "Guest" || user.userPrincipalName.includes("#EXT#"),
});

type ReportBase = Pick<DiagnosisReport, "version" | "chain" | "takenAt" | "query" | "problems">;

/** How long the plan took and its critical path, for the report. */
export function timingOf(mode: PlanMode, run: PlanRun): DiagnosisReport["timing"] {
  return {
    mode,
    wallMs: Math.round(run.wallMs),
    criticalPathRoundTrips: run.criticalPathRoundTrips,
    upstreamSteps: run.trace
      .filter((t) => t.roundTrips > 0)
      .map((t) => ({ id: t.id, roundTrips: t.roundTrips, depth: t.depth, ms: Math.round(t.endedMs - t.startedMs) })),
  };
}

function unreachableReport(
  base: ReportBase,
  input: DiagnoseInput,
  timing: DiagnosisReport["timing"],
  problem: Problem = { source: "entra", kind: "unknown", message: "Microsoft Entra could not be asked." },
): DiagnosisReport {
  return {
    ...base,
    outcome: "entra-unavailable",
    subject: { entraId: null, userPrincipalName: input.userPrincipalName ?? null, displayName: null, isGuest: false },
    headline: {
      tone: "warn",
      text:
        problem.kind === "throttled"
          ? "Microsoft Graph is throttling the portal right now: no answer yet."
          : "Microsoft Entra could not be reached: no answer yet.",
    },
    message: `${problem.message}${problem.requestId ? ` (Graph request id ${problem.requestId})` : ""} Nothing is wrong with the user as far as we know; the check simply could not run.`,
    problems: [problem],
    checks: [],
    timing,
  };
}

/**
 * The user the chain checks, or the report when there is no one user to check: Entra could not be asked, several
 * users share the address, the user was deleted, or nobody matches.
 */
export function userOrReport(
  base: ReportBase,
  input: DiagnoseInput,
  entraOutcome: StepOutcome<Awaited<ReturnType<typeof findUser>>> | undefined,
  deletedOutcome: StepOutcome<Awaited<ReturnType<typeof findDeletedUser>>["user"] | Skipped> | undefined,
  timing: DiagnosisReport["timing"],
): { user: DirectoryUser } | { report: DiagnosisReport } {
  if (entraOutcome?.state !== "done")
    return { report: unreachableReport(base, input, timing, entraOutcome?.state === "failed" ? problemOf(entraOutcome.error) : undefined) };
  const found = entraOutcome.value;
  if (found.user) return { user: found.user };
  if (found.ambiguous.length)
    return {
      report: {
        ...base,
        outcome: "ambiguous",
        subject: { entraId: null, userPrincipalName: null, displayName: null, isGuest: false },
        headline: { tone: "warn", text: `Several users share the address ${input.key}: choose one.` },
        candidates: found.ambiguous.map(toCandidate),
        checks: [],
        timing,
      },
    };
  const deleted = resultOf(deletedOutcome, "deletedUser");
  if (deleted?.ok && deleted.value) {
    const d = deleted.value;
    return {
      report: {
        ...base,
        outcome: "deleted-user",
        subject: { entraId: d.id, userPrincipalName: input.userPrincipalName ?? input.key, displayName: d.displayName, isGuest: false },
        headline: {
          tone: "bad",
          text: `${d.displayName ?? input.key} was deleted from Entra${d.deletedDateTime ? ` on ${d.deletedDateTime.slice(0, 10)}` : ""}.`,
        },
        message:
          "Deleted users are removed from AWS by provisioning (disabled, then deleted) and cannot sign in. An Entra user administrator can restore the user from Deleted users within 30 days of deletion; provisioning then brings them back to AWS.",
        checks: [],
        timing,
      },
    };
  }
  return {
    report: {
      ...base,
      problems: deleted && !deleted.ok ? [...base.problems, deleted.problem] : base.problems,
      outcome: "unknown-user",
      subject: { entraId: null, userPrincipalName: input.userPrincipalName ?? null, displayName: null, isGuest: false },
      headline: { tone: "warn", text: `No Entra user matches “${input.key}”.` },
      message:
        "Check the spelling, or search by display name. Guests are found by their own e-mail address only through the search (their UPN contains #EXT#).",
      checks: [],
      timing,
    },
  };
}

/** Runs the helpdesk check for one user: the plan, then the pure chain of checks over what it learned. */
export async function diagnoseUser(deps: DiagnoseDependencies, input: DiagnoseInput): Promise<DiagnosisReport> {
  const mode = deps.mode ?? "concurrent";
  const takenAt = new Date().toISOString();
  const facts = deps.facts;
  const base = { version: 1 as const, takenAt, query: input.key, problems: [] as Problem[] };
  if (!facts.app || !facts.job || !facts.instance)
    return notConfiguredReport(base, input, mode, "Finish Setup first: the helpdesk check needs the AWS app and provisioning job in Entra and the IAM Identity Center instance.");
  const complete = { ...facts, app: facts.app, job: facts.job, instance: facts.instance };
  const { plan, steps } = planFor(deps, input, complete);
  const run = await plan.run(mode);
  const timing = timingOf(mode, run);
  const who = userOrReport(base, input, run.outcome(steps.entraUser), run.outcome(steps.deletedUser), timing);
  if ("report" in who) return who.report;
  const { user } = who;
  const findings: Findings = {
    query: input.key,
    facts: {
      servicePrincipalId: complete.app.servicePrincipalId,
      jobId: complete.job.jobId,
      identityStoreId: complete.instance.identityStoreId,
      accessPortalUrl: deps.accessPortalUrl(complete.instance.identityStoreId),
    },
    entra: { state: "found", user },
    assignment: mapResult(resultOf(run.outcome(steps.assignment), "assignment"), (a) => ({ path: a.path, viaGroups: a.viaGroups, nestedVia: a.nestedVia })),
    lastLog: resultOf(run.outcome(steps.lastLog), "lastLog"),
    job: resultOf(run.outcome(steps.job), "job"),
    awsUser: resultOf(run.outcome(steps.awsUser), "awsUser"),
    signIns: { entra: resultOf(run.outcome(steps.entraSignIns), "entraSignIns"), aws: resultOf(run.outcome(steps.awsSignIns), "awsSignIns"), now: takenAt },
  };
  // AWS down at the first lookup: every AWS line says so, instead of "not checked".
  const awsIdFailure = resultOf(run.outcome(steps.awsUserId), "awsUserId");
  if (awsIdFailure && !awsIdFailure.ok) {
    findings.awsUser = awsIdFailure;
    findings.awsGroups = awsIdFailure;
    findings.awsAccess = awsIdFailure;
  }
  const memberships = resultOf(run.outcome(steps.awsGroups), "awsGroups");
  const membershipsListed = resultOf(run.outcome(steps.awsMemberships), "awsMemberships");
  if (awsIdFailure && !awsIdFailure.ok) {
    // already reported above
  } else if (membershipsListed && !membershipsListed.ok) findings.awsGroups = membershipsListed;
  else if (memberships)
    findings.awsGroups = memberships.ok ? { ok: true, value: memberships.value.map((g) => ({ groupId: g.groupId, name: g.name })) } : memberships;
  const direct = resultOf(run.outcome(steps.awsUserAssignments), "awsUserAssignments");
  if (direct && !(awsIdFailure && !awsIdFailure.ok)) {
    if (!direct.ok) findings.awsAccess = direct;
    else if (memberships && !memberships.ok) findings.awsAccess = memberships;
    else {
      const access: AwsAccess[] = direct.value.map((a) => ({ accountId: a.accountId, permissionSetArn: a.permissionSetArn, via: "user" }));
      for (const g of memberships?.ok ? memberships.value : [])
        for (const a of g.assignments) access.push({ accountId: a.accountId, permissionSetArn: a.permissionSetArn, via: g.name ?? g.groupId });
      findings.awsAccess = { ok: true, value: access };
    }
  }
  const managed = resultOf(run.outcome(steps.managedPermissionSets), "managedPermissionSets");
  const others = resultOf(run.outcome(steps.otherPermissionSets), "otherPermissionSets");
  if (managed && !managed.ok) findings.permissionSets = managed;
  else if (others && !others.ok) findings.permissionSets = others;
  else findings.permissionSets = { ok: true, value: { ...(managed?.ok ? managed.value : {}), ...(others?.ok ? others.value : {}) } };

  const checks = buildChecks(findings);
  const problems = distinctProblems([findings.assignment, findings.lastLog, findings.job, findings.awsUser, findings.awsGroups, findings.awsAccess, findings.permissionSets]);
  return {
    ...base,
    problems,
    outcome: "diagnosed",
    subject: subjectOf(user),
    headline: headlineOf(checks),
    checks,
    timing,
  };
}
