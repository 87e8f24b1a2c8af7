import "server-only";
import type { AwsClients } from "../aws/clients";
import { lookupSignInEvents, type AwsSignInEvent } from "../aws/lookup-sign-in-events";
import type { GraphGateway } from "../entra/client";
import { listSignIns, type SignInEntry } from "../entra/list-sign-ins";
import { joinSignIns, type AttemptWords, type SignInAttempt } from "./outcome";
import { signInReads, WATCH_TTL_MS, type SharedReads } from "./shared-read";

/** How far back the helpdesk looks: Entra keeps sign-ins 30 days with P1/P2 (https://learn.microsoft.com/entra/identity/monitoring-health/reference-reports-data-retention). */
export const HELPDESK_LOOKBACK_MS = 7 * 24 * 3600_000;

/** The user's latest sign-ins to the app from Entra's log, shared per federation, user and start time. */
export function readEntraSignIns(
  gateway: () => Promise<GraphGateway>,
  query: { federationId: string; appId: string; userId: string; since: Date; maxItems?: number },
  ttlMs: number,
  reads: SharedReads = signInReads,
): Promise<SignInEntry[]> {
  const key = `entra|${query.federationId}|${query.appId}|${query.userId}|${query.since.toISOString()}|${query.maxItems ?? 5}`;
  return reads.read(key, ttlMs, async () => {
    const { signIns } = await listSignIns(await gateway(), { appId: query.appId, userId: query.userId, since: query.since.toISOString(), maxItems: query.maxItems ?? 5 });
    return signIns;
  });
}

/**
 * Identity Center's sign-in events since an instant, for every user at once (LookupEvents filters one attribute:
 * the event source), so one read per federation serves every helpdesk diagnosis and watched test for a while.
 */
export function readAwsSignInEvents(
  clients: () => AwsClients,
  query: { federationId: string; since: Date },
  ttlMs: number,
  reads: SharedReads = signInReads,
): Promise<AwsSignInEvent[]> {
  // Rounded to the minute so diagnoses a few seconds apart share the read.
  const since = new Date(Math.floor(query.since.getTime() / 60_000) * 60_000);
  return reads.read(`aws|${query.federationId}|${since.toISOString()}`, ttlMs, async () => (await lookupSignInEvents(clients(), { from: since })).events);
}

/** AWS may record the response a little before Entra's row is stamped: the watch reads AWS from a minute earlier. */
const AWS_EARLY_MS = 60_000;

/**
 * What a watched Test sign-in has produced so far: the newest settled attempt (signed in, or failed with a cause)
 * since the watch started, else the newest unsettled one (Entra let them in, AWS not recorded yet), else null.
 * Each side is read once per WATCH_TTL_MS however many tabs watch. A side that cannot be read throws (the step says
 * what is missing); an attempt the other side explains alone still counts.
 */
export async function watchedAttempt(
  deps: {
    graph: () => Promise<GraphGateway>;
    aws: () => AwsClients;
    federationId: string;
    appId: string;
    /** The AWS side's events since an instant (default: Identity Center's sign-in events), and how they read. */
    awsEvents?: (since: Date) => Promise<AwsSignInEvent[]>;
    words?: AttemptWords;
  },
  test: { userPrincipalName: string; entraUserId: string; startedAt: string },
  now: Date = new Date(),
): Promise<SignInAttempt | null> {
  const since = new Date(test.startedAt);
  const awsSince = new Date(since.getTime() - AWS_EARLY_MS);
  const [entra, aws] = await Promise.all([
    readEntraSignIns(deps.graph, { federationId: deps.federationId, appId: deps.appId, userId: test.entraUserId, since }, WATCH_TTL_MS),
    deps.awsEvents ? deps.awsEvents(awsSince) : readAwsSignInEvents(deps.aws, { federationId: deps.federationId, since: awsSince }, WATCH_TTL_MS),
  ]);
  // Entra's rows are already from the start on; an AWS event read from earlier only counts joined to one of them.
  const startSecond = Math.floor(since.getTime() / 1000) * 1000;
  const attempts = joinSignIns(entra, aws, { userName: test.userPrincipalName }, now, deps.words).filter((a) => a.entra !== null || new Date(a.at).getTime() >= startSecond);
  return attempts.find((a) => a.status !== "warn") ?? attempts[0] ?? null;
}
