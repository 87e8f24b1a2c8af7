import "server-only";
import { z } from "zod";
import { findUser } from "../../../entra/find-user";
import type { SignInAttempt } from "../../../sign-in/outcome";
import { latestSignInTest, recordSignInTestAttempt, startSignInTest, type SignInTestView } from "../../../sign-in/test-store";
import { StepError, type SetupContext } from "../../context";
import { StepInputError } from "../../step-input-error";

/**
 * The Test sign-in step of either checklist, the parts they share. Start a test for a user (userPrincipalName), or
 * settle the test being watched (watchId: the card's watcher saw an attempt and asks the step to record it). Never
 * a password or token: the user signs in to Entra in their own tab.
 */
export const testSignInInput = z.union([
  z.object({ userPrincipalName: z.string().trim().min(3, "pick a user in scope").max(256) }),
  z.object({ watchId: z.string().uuid() }),
]);
export type TestSignInInput = z.infer<typeof testSignInInput>;

export const utc = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;

/** The watched test the card asks to settle, or the words why it cannot (a newer test started since). */
export async function watchedTest(context: Pick<SetupContext, "database" | "federationId">, watchId: string): Promise<SignInTestView> {
  const latest = await latestSignInTest(context.database, context.federationId);
  if (!latest || latest.id !== watchId) throw new StepInputError("A newer test sign-in has started since; the card watches that one.");
  return latest;
}

/** Starts watching for one Entra user's sign-in (by UPN), noting the signing certificate active now. */
export async function startTestFor(context: SetupContext, userPrincipalName: string) {
  const found = await findUser(await context.entra(), userPrincipalName);
  if (!found.user) throw new StepInputError(`${userPrincipalName} was not found in Entra ID.`, { userPrincipalName: ["no such user in Entra ID"] });
  const test = await startSignInTest(context.database, {
    federationId: context.federationId,
    userPrincipalName: found.user.userPrincipalName,
    entraUserId: found.user.id,
    startedBy: context.actor.email,
    certificateThumbprint: context.facts.signing?.thumbprint ?? null,
  });
  return { test, user: found.user };
}

/**
 * The check of a Test sign-in: the outcome already seen, else one read of the evidence (`read`); a settled attempt
 * is recorded once and stays the outcome. Passes with the attempt, throws its words and fix otherwise. Offered
 * again after a certificate rollover: a sign-in proved with the old certificate says nothing about the new one.
 */
export async function settleTest(
  context: Pick<SetupContext, "database" | "federationId" | "facts">,
  read: (test: SignInTestView) => Promise<SignInAttempt | null>,
  where: string,
): Promise<{ test: SignInTestView; attempt: NonNullable<SignInTestView["seen"]>["attempt"] }> {
  const test = await latestSignInTest(context.database, context.federationId);
  if (!test) throw new StepError("Pick a user in scope and start a test sign-in.");
  const current = context.facts.signing?.thumbprint;
  if (test.seen && current && test.certificateThumbprint && test.certificateThumbprint !== current)
    throw new StepError(
      `The SAML signing certificate changed since ${test.userPrincipalName}'s test sign-in (${test.certificateThumbprint} → ${current}): start a new test to prove sign-in works with the new one.`,
    );
  let attempt = test.seen?.attempt ?? null;
  if (!attempt) {
    const found = await read(test);
    if (!found)
      throw new StepError(
        `Waiting for ${test.userPrincipalName} to sign in at ${where} (watching since ${utc(test.startedAt)}). Entra's sign-in log can take a few minutes to show an attempt.`,
      );
    if (found.status === "warn") throw new StepError(`${test.userPrincipalName}, ${utc(found.at)}: ${found.cause} ${found.remedy}`);
    await recordSignInTestAttempt(context.database, test.id, found);
    attempt = found;
  }
  if (attempt.status !== "pass")
    throw new StepError(`${test.userPrincipalName} could not sign in (${utc(attempt.at)}): ${attempt.cause} Fix: ${attempt.remedy}`);
  return { test, attempt };
}
