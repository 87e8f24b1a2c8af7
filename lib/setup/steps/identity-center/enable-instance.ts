import "server-only";
import { findIdentityCenterInstance } from "../../../aws/find-identity-center-instance";
import { StepError } from "../../context";
import { changesNothing, defineStep } from "../types";
import { sandboxConsolePanel } from "./panels";
import { stepTitle } from "../../step-catalog";

export const enableInstance = defineStep({
  id: "enable-instance",
  side: "AWS",
  title: stepTitle("identity-center", "enable-instance"),
  guide: "In the AWS console, search for IAM Identity Center (formerly AWS SSO), check the region in the top-right corner, and choose Enable.",
  how: "manual",
  verifiedBy: "ListInstances returns the instance ARN and identity store id.",
  requires: ["connect"],
  input: null,
  async verify(context) {
    const result = await findIdentityCenterInstance(context.aws());
    if (!result.enabled)
      throw new StepError(
        `IAM Identity Center is not enabled in ${context.aws().target.region} yet. Enable it in the AWS console (check the region in the top-right corner), then verify again.`,
      );
    const { instanceArn, identityStoreId } = result.instance;
    return {
      facts: { instance: { instanceArn, identityStoreId, region: context.aws().target.region } },
      evidence: { instanceArn, identityStoreId, status: result.instance.status },
    };
  },
  preview: changesNothing("The portal changes nothing here: you enable IAM Identity Center in the AWS console, and the portal checks it."),
  labels: { check: "I did it, check now" },
  view: null,
  panels: [sandboxConsolePanel],
  screens: ["aws-service-search", "aws-enable-identity-center"],
});
