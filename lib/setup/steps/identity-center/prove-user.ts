import "server-only";
import { z } from "zod";
import { findUserByUserName } from "../../../aws/find-user-by-user-name";
import { findUser } from "../../../entra/find-user";
import { failedStepOf, provisionOnDemand, type ProvisionOnDemandResult } from "../../../entra/provision-on-demand";
import { requireFact, StepError } from "../../context";
import { defineStep, stepInputView } from "../types";
import { instanceOf, jobOf } from "./shared";
import { stepTitle } from "../../step-catalog";

const CONFLICT_RETRIES = 3;
const CONFLICT_WAIT_MS = 1_500;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** AWS's SCIM answers 409 when the user exists already; Entra reports it as a failed export. */
const isDuplicateRace = (result: ProvisionOnDemandResult) =>
  result.errorCode === "SystemForCrossDomainIdentityManagementConflict" ||
  /\b409\b/.test(result.errorMessage ?? "") ||
  /\b409\b/.test(failedStepOf(result)?.description ?? "");

export const proveInput = z.object({ userPrincipalName: z.string().trim().min(3, "enter the UPN of a user in scope").max(256) });

/** The sandbox tenant's user in the project groups, proposed for the proof there. */
const SANDBOX_TEST_USER = "jane.doe@contoso-sandbox.onmicrosoft.com";

export const proveUser = defineStep<z.infer<typeof proveInput>>({
  id: "prove-user",
  side: "Both",
  title: stepTitle("identity-center", "prove-user"),
  guide: "Provisioning → Provision on demand → pick a user. Then IAM Identity Center → Users shows them.",
  how: "input",
  verifiedBy: "provisionOnDemand succeeds and GetUserId finds the user's UPN as userName in the identity store.",
  requires: ["start-provisioning"],
  input: proveInput,
  async run(context, { userPrincipalName }) {
    const gateway = await context.entra();
    const found = await findUser(gateway, userPrincipalName);
    if (!found.user) throw new StepError(`${userPrincipalName} was not found in Entra ID.`);
    const upn = found.user.userPrincipalName;
    const user = found.user;
    const attempt = () => provisionOnDemand(gateway, { ...jobOf(context), userId: user.id });
    let result = await attempt();
    // The first cycle starts with the previous step and may be creating this very user: AWS then answers the
    // on-demand export with 409 (duplicate). That is a race, not a refusal: a new attempt matches the user the cycle
    // created (matching by userName) and updates it instead.
    for (let retry = 1; retry <= CONFLICT_RETRIES && result.outcome === "failed" && isDuplicateRace(result); retry++) {
      context.onProgress?.({
        waitingFor: `the provisioning cycle creating ${upn} (AWS reported a duplicate); trying again`,
        attempt: retry,
        left: `${CONFLICT_RETRIES - retry + 1} of ${CONFLICT_RETRIES} tries left`,
        nextCheckMs: CONFLICT_WAIT_MS * retry,
      });
      await sleep(CONFLICT_WAIT_MS * retry);
      result = await attempt();
    }
    // Graph's summary alone is not the outcome: a failed step (AWS refusing the export) fails the attempt.
    if (result.outcome === "failed")
      throw new StepError(`Provisioning ${upn} failed: ${result.errorMessage ?? failedStepOf(result)?.description ?? result.errorCode ?? "no reason given"}`);
    if (result.outcome === "unknown") throw new StepError(`Entra did not say whether provisioning ${upn} worked. Try again.`);
    if (result.outcome === "skipped" && result.errorCode !== "RedundantExport")
      throw new StepError(`Entra skipped ${upn}: ${result.errorMessage ?? result.errorCode ?? "the user is not in the provisioning scope"}.`);
    const steps = result.steps.map((s) => `${s.name}: ${s.status}`);
    return {
      facts: { proof: { userPrincipalName: found.user.userPrincipalName, awsUserId: "" } },
      evidence: { onDemand: `${result.result} (${result.action ?? "no change"})`, steps },
    };
  },
  async verify(context) {
    const proof = requireFact(context, "proof", "Provision a user on demand first.");
    const instance = instanceOf(context);
    const found = await findUserByUserName(context.aws(), instance.identityStoreId, proof.userPrincipalName);
    if (!found.user) throw new StepError(`${proof.userPrincipalName} is not in the AWS identity store (no user with that userName).`);
    return {
      facts: { proof: { userPrincipalName: proof.userPrincipalName, awsUserId: found.user.userId } },
      evidence: { awsUserName: proof.userPrincipalName, awsUserId: found.user.userId },
    };
  },
  async preview(context, { userPrincipalName }) {
    const instance = instanceOf(context);
    jobOf(context); // provisioning on demand runs in the job: without one there is nothing to preview
    const found = await findUser(await context.entra(), userPrincipalName);
    if (!found.user) return { changes: [`Blocked: ${userPrincipalName} was not found in Entra ID.`] };
    // AWS knows the user by userName, which the mapping fills from the UPN.
    const upn = found.user.userPrincipalName;
    const inAws = await findUserByUserName(context.aws(), instance.identityStoreId, upn);
    if (!inAws.user) return { changes: [`Create the AWS user ${upn} (provision on demand; not in the identity store yet).`] };
    const differs = [
      ["displayName", inAws.user.displayName, found.user.displayName],
      ["givenName", inAws.user.givenName, found.user.givenName],
      ["familyName", inAws.user.familyName, found.user.surname],
    ].filter(([, from, to]) => (from ?? null) !== (to ?? null));
    return {
      changes: differs.length
        ? [`Update the AWS user ${upn}: ${differs.map(([field, from, to]) => `${field} ${from ?? "(none)"} → ${to ?? "(none)"}`).join(", ")}.`]
        : [`No change expected: the AWS user ${upn} (${inAws.user.userId}) already matches; provisioning on demand re-checks it.`],
    };
  },
  // The sandbox's test user; in a real tenant the admin names someone in scope.
  defaultInput: ({ sandbox }) => (sandbox ? { userPrincipalName: SANDBOX_TEST_USER } : null),
  labels: { run: "Provision on demand" },
  view: stepInputView(
    () => import("@/components/setup/step-inputs-client").then((m) => m.ProveUserStepInput),
    (view) => ({ suggestion: view.sandbox ? SANDBOX_TEST_USER : "" }),
  ),
  panels: [],
  screens: ["aws-users"],
});
