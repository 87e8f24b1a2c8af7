import "server-only";
import type { Database } from "../db";
import { toProblem } from "../problems/problem";
import { latestSignInTest } from "../sign-in/test-store";
import { withSetupContext } from "./run-step";
import { readWatchedAttempt } from "./steps/identity-center/test-sign-in";
import { readLegacyAttempt } from "./steps/legacy-iam/test-sign-in";
import { DEFAULT_FEDERATION } from "./store";

/** A watch ends on its own: after this long nobody is signing in for that test any more, and the logs are not asked. */
export const WATCH_LIMIT_MS = 30 * 60_000;

/** What the Test sign-in card's watcher learns on each poll. */
export type SignInWatch =
  | { state: "none" }
  | { state: "watching"; userPrincipalName: string; since: string; note: string | null }
  | { state: "seen"; watchId: string; userPrincipalName: string; status: "pass" | "fail"; words: string }
  | { state: "settled"; userPrincipalName: string; status: "pass" | "warn" | "fail"; words: string }
  | { state: "expired"; userPrincipalName: string; since: string };

/**
 * One poll of the watched test: the database only when no test is open; otherwise one read of each log, shared with
 * every other watcher of the same test (lib/sign-in/shared-read). Changes nothing: when an attempt appears the card
 * asks the step to record it (an audited run), so the step turns green or red from the evidence.
 */
export async function watchSignInTest(
  database: Database,
  actor: { email: string; name: string },
  federationId = DEFAULT_FEDERATION,
  now: Date = new Date(),
): Promise<SignInWatch> {
  const test = await latestSignInTest(database, federationId);
  if (!test) return { state: "none" };
  if (test.seen) return { state: "settled", userPrincipalName: test.userPrincipalName, status: test.seen.attempt.status, words: test.seen.attempt.cause };
  if (now.getTime() - new Date(test.startedAt).getTime() > WATCH_LIMIT_MS)
    return { state: "expired", userPrincipalName: test.userPrincipalName, since: test.startedAt };
  // Each checklist reads its own evidence: Identity Center's sign-in events, or AssumeRoleWithSAML in the role's account.
  const federation = await database.federation.findUnique({ where: { id: federationId }, select: { mode: true } });
  const read = federation?.mode === "legacy-iam" ? readLegacyAttempt : readWatchedAttempt;
  return withSetupContext(database, actor, federationId, async (context) => {
    try {
      const attempt = await read(context, test);
      if (!attempt || attempt.status === "warn")
        return { state: "watching", userPrincipalName: test.userPrincipalName, since: test.startedAt, note: attempt ? attempt.cause : null };
      return { state: "seen", watchId: test.id, userPrincipalName: test.userPrincipalName, status: attempt.status, words: attempt.cause };
    } catch (error) {
      // Throttled, or a permission missing: keep watching and say why nothing shows (the words name who grants it).
      const problem = toProblem(error);
      if (!problem) throw error;
      return { state: "watching", userPrincipalName: test.userPrincipalName, since: test.startedAt, note: problem.message };
    }
  });
}
