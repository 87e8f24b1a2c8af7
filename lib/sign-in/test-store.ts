import "server-only";
import { randomUUID } from "node:crypto";
import type { Database } from "../db";
import { signInAttemptColumn } from "../federation/columns";
import type { SignInAttempt } from "./outcome";

/** One Test sign-in as the step and its card read it. */
export interface SignInTestView {
  id: string;
  userPrincipalName: string;
  entraUserId: string;
  startedAt: string;
  startedBy: string;
  /** The signing certificate active when the test started (null if unknown). */
  certificateThumbprint: string | null;
  seen: { at: string; outcome: string; attempt: { at: string; status: SignInAttempt["status"]; outcome: string; cause: string; remedy: string; remedyBy: SignInAttempt["remedyBy"] } } | null;
}

type Row = { id: string; userPrincipalName: string; entraUserId: string; startedAt: Date; startedBy: string; certificateThumbprint: string | null; seenAt: Date | null; outcome: string | null; attempt: string | null };

function viewOf(row: Row): SignInTestView {
  const attempt = row.attempt ? signInAttemptColumn.decode(row.attempt) : null;
  return {
    id: row.id,
    userPrincipalName: row.userPrincipalName,
    entraUserId: row.entraUserId,
    startedAt: row.startedAt.toISOString(),
    startedBy: row.startedBy,
    certificateThumbprint: row.certificateThumbprint,
    seen: row.seenAt && row.outcome && attempt ? { at: row.seenAt.toISOString(), outcome: row.outcome, attempt } : null,
  };
}

/** Starts watching for one user's sign-in: from now on, their attempts are this test's evidence. */
export async function startSignInTest(
  database: Database,
  input: { federationId: string; userPrincipalName: string; entraUserId: string; startedBy: string; certificateThumbprint?: string | null; now?: Date },
): Promise<SignInTestView> {
  const row = await database.signInTest.create({
    data: {
      id: randomUUID(),
      federationId: input.federationId,
      userPrincipalName: input.userPrincipalName,
      entraUserId: input.entraUserId,
      startedBy: input.startedBy,
      certificateThumbprint: input.certificateThumbprint ?? null,
      startedAt: input.now ?? new Date(),
    },
  });
  return viewOf(row);
}

/** The federation's latest test (the one the card shows and watches); null before the first. */
export async function latestSignInTest(database: Database, federationId: string): Promise<SignInTestView | null> {
  const row = await database.signInTest.findFirst({ where: { federationId }, orderBy: [{ startedAt: "desc" }, { id: "desc" }] });
  return row ? viewOf(row) : null;
}

/**
 * Keeps the attempt a test saw. The first settled attempt wins (a conditional update): a second tab, or a later
 * check, cannot replace what was seen with a different reading. Returns the test as stored.
 */
export async function recordSignInTestAttempt(database: Database, id: string, attempt: SignInAttempt, now: Date = new Date()): Promise<SignInTestView | null> {
  await database.signInTest.updateMany({
    where: { id, seenAt: null },
    data: { seenAt: now, outcome: attempt.outcome, attempt: signInAttemptColumn.encode(attempt) },
  });
  const row = await database.signInTest.findUnique({ where: { id } });
  return row ? viewOf(row) : null;
}
