import "server-only";
import { preflightAws } from "../../../aws/preflight-aws";
import { probeSignInLog } from "../../../entra/list-sign-ins";
import { preflightEntra } from "../../../entra/preflight-entra";
import { toProblem } from "../../../problems/problem";
import { ATTENTION_KEY } from "../../attention";
import { StepError, type SetupContext } from "../../context";
import { changesNothing, defineStep } from "../types";
import { connectRequirementsPanel } from "./panels";
import { stepTitle } from "../../step-catalog";

async function entraPreflight(context: SetupContext) {
  const result = await preflightEntra(await context.entra());
  const missing = result.missing.map((m) => m.permission);
  return { granted: result.granted, missing };
}

async function awsPreflight(context: SetupContext) {
  const result = await preflightAws(context.aws());
  const denied = result.checks.filter((c) => c.outcome === "denied");
  // A permission one feature needs does not hold setup up: the feature says what is missing, and so does this card.
  return {
    result,
    missing: denied.filter((c) => !c.degrades).map((c) => c.permission),
    degraded: denied.flatMap((c) => (c.degrades ? [`${c.permission}: ${c.degrades}`] : [])),
  };
}

/**
 * Whether Entra's sign-in log can be read (a P1/P2 licence, AuditLog.Read.All with Directory.Read.All): null when it
 * can, else the words saying what is missing and who grants it. Never holds setup up: only the sign-in evidence needs it.
 */
async function signInLogPreflight(context: SetupContext): Promise<string | null> {
  try {
    await probeSignInLog(await context.entra());
    return null;
  } catch (error) {
    const problem = toProblem(error);
    if (!problem) throw error;
    return problem.transient ? `Entra's sign-in log could not be checked now: ${problem.message}` : problem.message;
  }
}

export const connect = defineStep({
  id: "connect",
  side: "Both",
  title: stepTitle("identity-center", "connect"),
  guide: "Give the portal an Entra app registration with the Microsoft Graph application permissions below, and AWS credentials with the IAM policy below.",
  how: "automated",
  verifiedBy: "Preflight: the Graph token's roles claim, and one AWS call per permission the portal needs.",
  requires: [],
  input: null,
  async verify(context) {
    // The two clouds are checked at once: neither answer depends on the other.
    const [entra, aws, signInLog] = await Promise.all([entraPreflight(context), awsPreflight(context), signInLogPreflight(context)]);
    const problems = [
      entra.missing.length ? `the Graph app lacks ${entra.missing.join(", ")} (grant them with admin consent)` : "",
      aws.missing.length ? `the AWS credentials lack ${aws.missing.join(", ")}` : "",
    ].filter(Boolean);
    if (problems.length) throw new StepError(`Not ready: ${problems.join("; ")}. Then verify again.`);
    return {
      facts: { preflight: { entra: { granted: entra.granted, missing: entra.missing }, aws: { account: aws.result.caller?.account, missing: aws.missing } } },
      evidence: {
        graphPermissions: entra.granted,
        missingGraphPermissions: entra.missing,
        caller: aws.result.caller?.arn ?? null,
        checks: aws.result.checks.map((c) => `${c.permission}: ${c.outcome}`),
        signInLog: signInLog ?? "readable",
        ...(aws.degraded.length || signInLog
          ? { [ATTENTION_KEY]: { summary: "Sign-in evidence is not readable", items: [...aws.degraded, ...(signInLog ? [signInLog] : [])] } }
          : {}),
      },
    };
  },
  preview: changesNothing("This step changes nothing in either cloud: it only checks."),
  labels: {},
  view: null,
  panels: [connectRequirementsPanel],
  screens: [],
});
