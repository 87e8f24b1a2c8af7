import "server-only";
import { accessPortalStartUrl } from "../../../aws/access-portal";
import { watchedAttempt } from "../../../sign-in/evidence";
import type { SignInTestView } from "../../../sign-in/test-store";
import { SANDBOX } from "../../../../sandbox/fixtures";
import { StepError, type SetupContext } from "../../context";
import type { FederationFacts } from "../../facts";
import { settleTest, startTestFor, testSignInInput, watchedTest, type TestSignInInput } from "../shared/test-sign-in";
import { defineStep, stepInputView } from "../types";
import { appOf, instanceOf } from "./shared";
import { stepTitle } from "../../step-catalog";

/** Where the user starts: the sandbox's own access portal, live the start URL AWS's metadata gave setup. */
export function startUrlOf(context: Pick<SetupContext, "aws" | "facts">): string {
  const instance = context.facts.instance;
  if (!instance) throw new StepError("Enable IAM Identity Center first.");
  const target = context.aws().target;
  return target.kind === "sandbox"
    ? accessPortalStartUrl(target, instance.identityStoreId)
    : (context.facts.spMetadata?.accessPortalUrl ?? accessPortalStartUrl(target, instance.identityStoreId));
}

/** The attempt the watched test has produced, read from the evidence (one read of each log, shared between watchers). */
export function readWatchedAttempt(context: Pick<SetupContext, "entra" | "aws" | "facts" | "federationId">, test: SignInTestView) {
  const app = context.facts.app;
  if (!app) throw new StepError("Create the enterprise app first.");
  return watchedAttempt({ graph: context.entra, aws: context.aws, federationId: context.federationId, appId: app.appId }, test);
}

export const testSignIn = defineStep<TestSignInInput>({
  id: "test-sign-in",
  side: "Both",
  title: stepTitle("identity-center", "test-sign-in"),
  guide:
    "Pick a user in scope and open the AWS access portal start URL in a new tab; the user signs in with Entra (in live mode, sign in as them in a private window or ask them). The portal watches Entra's sign-in log and AWS CloudTrail for the attempt.",
  how: "input",
  verifiedBy:
    "Entra's sign-in log shows the user's sign-in to the AWS app since the test started, and CloudTrail shows IAM Identity Center's UserAuthentication for them (ExternalIdPDirectoryLogin when AWS refused it).",
  requires: ["account-access"],
  input: testSignInInput,
  async run(context, input) {
    appOf(context);
    instanceOf(context);
    const startUrl = startUrlOf(context);
    if ("watchId" in input) {
      const latest = await watchedTest(context, input.watchId);
      return { evidence: { startUrl, watching: latest.userPrincipalName, since: latest.startedAt } };
    }
    const { test } = await startTestFor(context, input.userPrincipalName);
    return { evidence: { startUrl, watching: test.userPrincipalName, since: test.startedAt, watchId: test.id } };
  },
  async verify(context) {
    const startUrl = startUrlOf(context);
    const { test, attempt } = await settleTest(context, (t) => readWatchedAttempt(context, t), startUrl);
    return { evidence: { user: test.userPrincipalName, signedInAt: attempt.at, outcome: attempt.cause, startUrl } };
  },
  async preview(context, input) {
    const startUrl = startUrlOf(context);
    if ("watchId" in input) return { changes: ["Nothing changes in Entra or AWS: the portal records the attempt it saw."] };
    return {
      changes: [
        `Nothing changes in Entra or AWS. The portal starts watching for ${input.userPrincipalName}'s sign-in; open ${startUrl} in a new tab and sign in as them.`,
      ],
    };
  },
  labels: { run: "Start test sign-in" },
  view: stepInputView(
    () => import("@/components/setup/test-sign-in-client").then((m) => m.TestSignInStepInput),
    (view) => ({
      users: usersToOffer(view.facts, view.sandbox),
      startUrl: view.facts.instance
        ? view.sandbox
          ? `${view.sandboxUrl.replace(/\/+$/, "")}/awsapps/${view.facts.instance.identityStoreId}/start`
          : (view.facts.spMetadata?.accessPortalUrl ?? `https://${view.facts.instance.identityStoreId}.awsapps.com/start`)
        : null,
    }),
  ),
  panels: [],
  screens: ["aws-access-portal"],
});

/**
 * The users the picker offers: the one proved on demand and those assigned directly (by UPN); in the sandbox also
 * its seeded cases (one who signs in, one not assigned, one whose mail is not their UPN). Any UPN can be typed.
 */
function usersToOffer(facts: FederationFacts, sandbox: boolean): string[] {
  const users = new Set<string>();
  if (facts.proof?.userPrincipalName) users.add(facts.proof.userPrincipalName);
  for (const p of facts.assignments?.principals ?? []) if (p.type === "User" && p.displayName.includes("@")) users.add(p.displayName);
  if (sandbox)
    for (const local of ["jane.doe", "john.smith", "priya.patel", "nick.unassigned", "ben.disabled"]) users.add(`${local}@${SANDBOX.entra.tenantDomain}`);
  return [...users];
}
