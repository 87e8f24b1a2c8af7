import "server-only";
import { eventsForUser, type AwsSignInEvent } from "../../../aws/lookup-sign-in-events";
import { launchUrl, readAssumeRoleEvents } from "../../../sign-in/legacy-evidence";
import { userAppRoles } from "../../../entra/user-app-roles";
import { watchedAttempt } from "../../../sign-in/evidence";
import { isRolePair, LEGACY_WORDS, noAwsRole } from "../../../sign-in/legacy-outcome";
import type { SignInAttempt } from "../../../sign-in/outcome";
import { signInReads, WATCH_TTL_MS } from "../../../sign-in/shared-read";
import type { SignInTestView } from "../../../sign-in/test-store";
import { StepError, type SetupContext } from "../../context";
import type { FederationFacts } from "../../facts";
import { settleTest, startTestFor, testSignInInput, watchedTest, type TestSignInInput } from "../shared/test-sign-in";
import { defineStep, stepInputView } from "../types";
import { appOf, callerAccountOf, legacyRef } from "./shared";
import { stepTitle } from "../../step-catalog";

const launchUrlOf = (context: SetupContext) => launchUrl(appOf(context).appId, context.isSandbox ? { sandboxUrl: context.sandboxUrl } : null);

/** The accounts the user's roles are in (from their role values), among the accounts this checklist set up. */
function accountsFor(facts: FederationFacts, roleValues: readonly string[]) {
  const accounts = facts.legacyAccounts?.accounts ?? [];
  const wanted = new Set(roleValues.flatMap((v) => v.split(",").map((p) => p.trim().split(":")[4] ?? "")));
  const chosen = accounts.filter((a) => wanted.has(a.accountId));
  return chosen.length ? chosen : accounts;
}

/**
 * The attempt the watched test has produced: Entra's sign-in log for the app and user, joined with the
 * AssumeRoleWithSAML events in the accounts of the user's roles. Entra letting the user in with no AWS event
 * is explained by the user's roles when they hold no AWS role (AWS then refuses without logging anything).
 */
export async function readLegacyAttempt(
  context: Pick<SetupContext, "entra" | "aws" | "facts" | "federationId">,
  test: SignInTestView,
): Promise<SignInAttempt | null> {
  const app = context.facts.app;
  if (!app) throw new StepError(`Create the enterprise app first (${legacyRef("gallery-app")}).`);
  // The user's roles now, read once per watch interval however many tabs watch (like the logs).
  const roles = await signInReads.read(`roles|${context.federationId}|${app.appId}|${test.entraUserId}`, WATCH_TTL_MS, async () =>
    userAppRoles(await context.entra(), test.entraUserId, app.appId),
  );
  const pairs = roles.appRoles.filter(isRolePair);
  const awsEvents = async (since: Date): Promise<AwsSignInEvent[]> =>
    eventsForUser(
      (
        await Promise.all(
          accountsFor(context.facts, pairs).map((a) => readAssumeRoleEvents({ ...context, callerAccountId: callerAccountOf(context) }, a, since, WATCH_TTL_MS)),
        )
      ).flat(),
      { userName: test.userPrincipalName },
    );
  const attempt = await watchedAttempt(
    { graph: context.entra, aws: context.aws, federationId: context.federationId, appId: app.appId, awsEvents, words: LEGACY_WORDS },
    test,
  );
  if (attempt && attempt.entra?.errorCode === 0 && !attempt.aws && !pairs.length)
    return {
      ...attempt,
      status: "fail",
      ...noAwsRole(
        test.userPrincipalName,
        roles.appRoles.filter((v) => v !== "msiam_access"),
      ),
    };
  return attempt;
}

export const testSignIn = defineStep<TestSignInInput>({
  id: "test-sign-in",
  side: "Both",
  title: stepTitle("legacy-iam", "test-sign-in"),
  guide:
    "Pick a user assigned with a role and open the app's My Apps launch link in a new tab; the user signs in with Entra, picks a role if they hold several, and lands in the AWS console (in live mode, sign in as them in a private window or ask them). The portal watches Entra's sign-in log and CloudTrail (AssumeRoleWithSAML) in the role's account.",
  how: "input",
  verifiedBy:
    "Entra's sign-in log shows the user's sign-in to the app since the test started, and CloudTrail in the role's account shows AssumeRoleWithSAML for them (with AWS's error when it refused).",
  requires: ["role-assignments"],
  input: testSignInInput,
  async run(context, input) {
    const launch = launchUrlOf(context);
    if ("watchId" in input) {
      const latest = await watchedTest(context, input.watchId);
      return { evidence: { launchUrl: launch, watching: latest.userPrincipalName, since: latest.startedAt } };
    }
    const { test, user } = await startTestFor(context, input.userPrincipalName);
    const roles = (await userAppRoles(await context.entra(), user.id, appOf(context).appId)).appRoles.filter(isRolePair);
    return {
      evidence: {
        launchUrl: launch,
        watching: test.userPrincipalName,
        since: test.startedAt,
        watchId: test.id,
        roles: roles.length
          ? roles.map((r) => r.split(",")[0] ?? r)
          : `${test.userPrincipalName} holds no AWS role on the app: expect AWS to refuse the sign-in.`,
      },
    };
  },
  async verify(context) {
    const launch = launchUrlOf(context);
    const { test, attempt } = await settleTest(context, (t) => readLegacyAttempt(context, t), launch);
    return { evidence: { user: test.userPrincipalName, signedInAt: attempt.at, outcome: attempt.cause, launchUrl: launch } };
  },
  async preview(context, input) {
    const launch = launchUrlOf(context);
    if ("watchId" in input) return { changes: ["Nothing changes in Entra or AWS: the portal records the attempt it saw."] };
    return {
      changes: [
        `Nothing changes in Entra or AWS. The portal starts watching for ${input.userPrincipalName}'s sign-in; open ${launch} in a new tab and sign in as them.`,
      ],
    };
  },
  labels: { run: "Start test sign-in" },
  view: stepInputView(
    () => import("@/components/setup/test-sign-in-client").then((m) => m.TestSignInStepInput),
    (view) => ({
      users: (view.facts.legacyAssignments ?? []).filter((a) => a.type === "User").map((a) => a.principal),
      startUrl: view.facts.app ? launchUrl(view.facts.app.appId, view.sandbox ? { sandboxUrl: view.sandboxUrl } : null) : null,
      startLabel: "the app in My Apps",
    }),
  ),
  panels: [],
  screens: ["legacy-assign"],
});
