import "server-only";
import { clientsForAccount, type AccountTarget } from "../aws/account-clients";
import type { AwsClients } from "../aws/clients";
import { readSamlProvider } from "../aws/ensure-saml-provider";
import { isAwsGatewayError } from "../aws/errors";
import { samlTrustOf } from "../aws/list-roles-trusting-provider";
import { eventsForUser } from "../aws/lookup-sign-in-events";
import { readIamRole } from "../aws/read-iam-role";
import { mapLimit } from "../concurrency";
import { metadataCertificates } from "../crypto/metadata-certificates";
import { signingCertificatesOf } from "../entra/ensure-signing-certificate";
import { readServicePrincipal } from "../entra/service-principal";
import { userAppAssignmentPath } from "../entra/user-app-assignment-path";
import { HELPDESK_LOOKBACK_MS } from "../sign-in/evidence";
import { readAssumeRoleEvents } from "../sign-in/legacy-evidence";
import { parseRoleValue } from "../sign-in/legacy-outcome";
import { HELPDESK_TTL_MS } from "../sign-in/shared-read";
import type { FederationFacts } from "../setup/facts";
import {
  distinctProblems,
  entraUserSteps,
  mapResult,
  notConfiguredReport,
  resultOf,
  SKIPPED,
  subjectOf,
  timingOf,
  userOrReport,
  type DiagnoseDependencies,
  type DiagnoseInput,
} from "./diagnose";
import { buildLegacyChecks, legacyHeadlineOf } from "./legacy-checks";
import { Plan } from "./plan";
import type { DiagnosisReport, HeldRole, IamRoleFinding, LegacyFindings, Problem, ProviderFinding } from "./types";

type LegacyAccount = NonNullable<FederationFacts["legacyAccounts"]>["accounts"][number];

export interface LegacyDiagnoseDependencies extends DiagnoseDependencies {
  /** Where the user starts the sign-in (the app's My Apps launch link). */
  launchUrl(appId: string): string;
}

/**
 * Work in one account with the clients for it: the portal's own in its account, a member account's through the role
 * setup assumed there. Counts its round trips: the AssumeRole first, when there is one.
 */
async function inAccount<T>(aws: AwsClients, caller: string, account: AccountTarget, work: (clients: AwsClients) => Promise<T>): Promise<T> {
  const { clients, dispose } = await clientsForAccount(aws, caller, account);
  try {
    return await work(clients);
  } finally {
    dispose();
  }
}

/** Round trips to read something in each of these accounts concurrently: one, plus the AssumeRole for a member account. */
const accountTrips = (accounts: readonly AccountTarget[], caller: string) => (accounts.some((a) => a.accountId !== caller) ? 2 : accounts.length ? 1 : 0);

/**
 * The legacy chain's plan. Wave 1: the user, the app (roles and active signing certificate), each account's SAML
 * provider and AssumeRoleWithSAML events; wave 2: the user's assignments and sign-ins; wave 3: the IAM roles their
 * role values name. A member account adds its AssumeRole to a wave.
 */
function legacyPlanFor(deps: LegacyDiagnoseDependencies, input: DiagnoseInput, app: NonNullable<FederationFacts["app"]>, accounts: LegacyAccount[], caller: string) {
  const signInsSince = new Date(Date.now() - HELPDESK_LOOKBACK_MS);
  const plan = new Plan();
  const { entraUser, entraSignIns, deletedUser } = entraUserSteps(plan, deps, input, { appId: app.appId, signInsSince });
  const servicePrincipal = plan.step("servicePrincipal", { upstream: true }, async () => readServicePrincipal(await deps.graph(), app.servicePrincipalId));
  const withProvider = accounts.filter((a): a is LegacyAccount & { providerArn: string } => Boolean(a.providerArn));
  const providers = plan.step("providers", { upstream: true }, async (c) => {
    c.roundTrips(accountTrips(withProvider, caller));
    return mapLimit(withProvider, c.fanOut, async (account): Promise<ProviderFinding> => {
      try {
        const provider = await inAccount(deps.aws(), caller, account, (clients) => readSamlProvider(clients, account.providerArn));
        return { accountId: account.accountId, providerArn: account.providerArn, certificates: metadataCertificates(provider.metadata), validUntil: provider.validUntil };
      } catch (error) {
        if (!isAwsGatewayError(error, "not-found")) throw error;
        return { accountId: account.accountId, providerArn: account.providerArn, certificates: null, validUntil: null };
      }
    });
  });
  // Every account's events, shared between diagnoses and the watched Test sign-in; the user's are picked out later.
  const awsSignIns = plan.step("awsSignIns", { upstream: true }, async (c) => {
    c.roundTrips(accountTrips(accounts, caller));
    const read = await mapLimit(accounts, c.fanOut, (account) => readAssumeRoleEvents({ aws: deps.aws, federationId: deps.federationId, callerAccountId: caller }, account, signInsSince, HELPDESK_TTL_MS));
    return read.flat();
  });
  const assignment = plan.step("assignment", { after: [entraUser], upstream: true }, async (c) => {
    const user = c.need(entraUser).user;
    if (!user) return SKIPPED;
    return userAppAssignmentPath(await deps.graph(), user.id, app.servicePrincipalId, { oneAtATime: c.fanOut === 1 });
  });
  // Each distinct role the user's well-formed values name, read in its account (accounts setup did not reach are named).
  const roles = plan.step("roles", { after: [assignment, servicePrincipal], upstream: true }, async (c) => {
    const held = c.need(assignment);
    if (held === SKIPPED) return SKIPPED;
    const appRoles = c.need(servicePrincipal).appRoles;
    const values = held.roles.flatMap((r) => appRoles.find((x) => x.id === r.appRoleId)?.value ?? []);
    const parsed = [...new Set(values)].map(parseRoleValue).flatMap((p) => (p.ok ? [p] : []));
    const reachable = parsed.flatMap((p) => accounts.filter((a) => a.accountId === p.accountId).map((account) => ({ p, account })));
    c.roundTrips(accountTrips(reachable.map((r) => r.account), caller));
    const found: Record<string, IamRoleFinding> = {};
    for (const p of parsed) found[p.value] = { state: "unreachable-account", accountId: p.accountId };
    await mapLimit(reachable, c.fanOut, async ({ p, account }) => {
      const role = await inAccount(deps.aws(), caller, account, (clients) => readIamRole(clients, p.roleName));
      found[p.value] =
        role && role.roleArn === p.roleArn
          ? { state: "found", roleArn: role.roleArn, maxSessionDuration: role.maxSessionDuration, trust: samlTrustOf(role.assumeRolePolicyDocument, p.providerArn) }
          : { state: "missing", roleArn: p.roleArn };
    });
    return found;
  });
  return { plan, steps: { entraUser, entraSignIns, deletedUser, servicePrincipal, providers, awsSignIns, assignment, roles } };
}

/** The legacy per-account chain for one user: assigned with a role → role value → role and trust → certificate → last sign-in. */
export async function diagnoseLegacyUser(deps: LegacyDiagnoseDependencies, input: DiagnoseInput): Promise<DiagnosisReport> {
  const mode = deps.mode ?? "concurrent";
  const takenAt = new Date().toISOString();
  const facts = deps.facts;
  const base = { version: 1 as const, chain: "legacy-iam" as const, takenAt, query: input.key, problems: [] as Problem[] };
  const caller = facts.preflight?.aws?.account;
  const accounts = facts.legacyAccounts?.accounts ?? [];
  if (!facts.app || !accounts.length || !caller)
    return notConfiguredReport(base, input, mode, "Finish Setup first: the helpdesk check for the legacy per-account mode needs the AWS app in Entra and the IAM SAML provider in at least one account.");
  const app = facts.app;
  const { plan, steps } = legacyPlanFor(deps, input, app, accounts, caller);
  const run = await plan.run(mode);
  const timing = timingOf(mode, run);
  const who = userOrReport(base, input, run.outcome(steps.entraUser), run.outcome(steps.deletedUser), timing);
  if ("report" in who) return who.report;
  const { user } = who;

  const sp = resultOf(run.outcome(steps.servicePrincipal), "servicePrincipal");
  const assignment = resultOf(run.outcome(steps.assignment), "assignment");
  const roleOf = (appRoleId: string) => (sp?.ok ? sp.value.appRoles.find((r) => r.id === appRoleId) : undefined);
  const findings: LegacyFindings = {
    query: input.key,
    facts: {
      servicePrincipalId: app.servicePrincipalId,
      accounts: accounts.map((a) => ({ accountId: a.accountId, providerArn: a.providerArn ?? null })),
      sessionDuration: facts.legacySaml?.sessionDuration ?? null,
      launchUrl: deps.launchUrl(app.appId),
    },
    user,
    // The role values come from the app: without it, the roles are unknown, not missing.
    assignment:
      assignment?.ok && sp && !sp.ok
        ? sp
        : mapResult(assignment, (a) => ({
            path: a.path,
            viaGroups: a.viaGroups,
            nestedVia: a.nestedVia,
            roles: a.roles.map((r): HeldRole => ({ appRoleId: r.appRoleId, value: roleOf(r.appRoleId)?.value ?? null, displayName: roleOf(r.appRoleId)?.displayName ?? null, via: r.via })),
          })),
    signing: mapResult(sp, (principal) => {
      const active = signingCertificatesOf(principal.keyCredentials, principal.preferredTokenSigningKeyThumbprint).find((c) => c.active);
      return { thumbprint: active?.thumbprint ?? principal.preferredTokenSigningKeyThumbprint, notAfter: active?.notAfter ?? null };
    }),
    roles: resultOf(run.outcome(steps.roles), "awsRoles"),
    providers: resultOf(run.outcome(steps.providers), "awsProviders"),
    signIns: {
      entra: resultOf(run.outcome(steps.entraSignIns), "entraSignIns"),
      aws: mapResult(resultOf(run.outcome(steps.awsSignIns), "awsSignIns"), (events) => eventsForUser(events, { userName: user.userPrincipalName })),
      now: takenAt,
    },
  };
  const checks = buildLegacyChecks(findings);
  return {
    ...base,
    problems: distinctProblems([findings.assignment, findings.signing, findings.roles, findings.providers]),
    outcome: "diagnosed",
    subject: subjectOf(user),
    headline: legacyHeadlineOf(checks, findings),
    checks,
    timing,
  };
}
