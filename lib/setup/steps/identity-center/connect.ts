import "server-only";
import { preflightAws } from "../../../aws/preflight-aws";
import { preflightEntra } from "../../../entra/preflight-entra";
import { StepError, type SetupContext } from "../../context";
import { changesNothing, defineStep } from "../types";
import { connectRequirementsPanel } from "./panels";

async function entraPreflight(context: SetupContext) {
  const result = await preflightEntra(await context.entra());
  const missing = result.missing.map((m) => m.permission);
  return { granted: result.granted, missing };
}

async function awsPreflight(context: SetupContext) {
  const result = await preflightAws(context.aws());
  const missing = result.checks.filter((c) => c.outcome === "denied").map((c) => c.permission);
  return { result, missing };
}

export const connect = defineStep({
  id: "connect",
  side: "Both",
  title: "Connect to Entra ID and AWS",
  guide: "Give the portal an Entra app registration with the Microsoft Graph application permissions below, and AWS credentials with the IAM policy below.",
  how: "automated",
  verifiedBy: "Preflight: the Graph token's roles claim, and one AWS call per permission the portal needs.",
  requires: [],
  input: null,
  async verify(context) {
    // The two clouds are checked at once: neither answer depends on the other.
    const [entra, aws] = await Promise.all([entraPreflight(context), awsPreflight(context)]);
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
      },
    };
  },
  preview: changesNothing("This step changes nothing in either cloud: it only checks."),
  labels: {},
  view: null,
  panels: [connectRequirementsPanel],
  screens: [],
});
