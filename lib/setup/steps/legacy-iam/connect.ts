import "server-only";
import { preflightLegacyIam } from "../../../aws/preflight-aws";
import { preflightEntra } from "../../../entra/preflight-entra";
import { comparePermissions, LEGACY_GRAPH_PERMISSIONS } from "../../../entra/permissions";
import { StepError } from "../../context";
import { changesNothing, defineStep } from "../types";
import { legacyConnectRequirementsPanel } from "./panels";
import { stepTitle } from "../../step-catalog";

export const connect = defineStep({
  id: "connect",
  side: "Both",
  title: stepTitle("legacy-iam", "connect"),
  guide:
    "Give the portal an Entra app registration with the Microsoft Graph application permissions below (including the claims policy ones), and AWS credentials in the management account with the IAM policy below, legacy statements included.",
  how: "automated",
  verifiedBy: "Preflight: the Graph token's roles claim, then sts:GetCallerIdentity, iam:ListSAMLProviders and iam:ListRoles with the AWS credentials.",
  requires: [],
  input: null,
  async verify(context) {
    const [entra, aws] = await Promise.all([context.entra().then(preflightEntra), preflightLegacyIam(context.aws())]);
    const missingGraph = [...entra.missing, ...comparePermissions(entra.granted, LEGACY_GRAPH_PERMISSIONS).missing].map((m) => m.permission);
    const missingAws = aws.checks.filter((c) => c.outcome === "denied").map((c) => c.permission);
    const failed = aws.checks.filter((c) => c.outcome === "failed").map((c) => `${c.permission}: ${c.detail}`);
    const problems = [
      missingGraph.length ? `the Graph app lacks ${missingGraph.join(", ")} (grant them with admin consent)` : "",
      missingAws.length ? `the AWS credentials lack ${missingAws.join(", ")}` : "",
      ...failed,
    ].filter(Boolean);
    if (problems.length) throw new StepError(`Not ready: ${problems.join("; ")}. Then verify again.`);
    return {
      facts: { preflight: { entra: { granted: entra.granted, missing: missingGraph }, aws: { account: aws.caller?.account, missing: missingAws } } },
      evidence: {
        graphPermissions: entra.granted,
        missingGraphPermissions: missingGraph,
        caller: aws.caller?.arn ?? null,
        checks: aws.checks.map((c) => `${c.permission}: ${c.outcome}`),
      },
    };
  },
  preview: changesNothing("This step changes nothing in either cloud: it only checks."),
  labels: {},
  view: null,
  panels: [legacyConnectRequirementsPanel],
  screens: ["legacy-iam-home"],
});
