import "server-only";
import { z } from "zod";
import { foreignReplyUrl } from "../../../saml/check-reply-urls";
import { parseMetadataOnServer } from "../../../saml/parse-metadata-on-server";
import { inventoryLines, readIdentitySourceInventory } from "../../identity-source-inventory";
import { requireFact, StepError } from "../../context";
import { StepInputError } from "../../step-input-error";
import { defineStep, stepInputView } from "../types";
import { identitySourceInventoryPanel, sandboxConsolePanel } from "./panels";
import { instanceOf } from "./shared";
import { stepTitle } from "../../step-catalog";

export const spMetadataInput = z.object({
  xml: z
    .string()
    .min(1, "drop the AWS metadata file first")
    .max(512 * 1024, "that file is too large to be SAML metadata"),
});

export const awsMetadata = defineStep<z.infer<typeof spMetadataInput>>({
  id: "aws-metadata",
  side: "AWS",
  title: stepTitle("identity-center", "aws-metadata"),
  guide:
    "IAM Identity Center → Settings → Identity source → Actions → Change identity source → External identity provider → Next. Download the service provider metadata file and drop it here.",
  how: "input",
  verifiedBy:
    "The file is parsed and validated in your browser and again on the server; its identity store id must match the instance, and every reply URL must be AWS's for the instance's Region.",
  requires: ["enable-instance"],
  input: spMetadataInput,
  async run(context, { xml }) {
    const instance = instanceOf(context);
    const parsed = await parseMetadataOnServer(xml, "sp", { sandbox: context.isSandbox });
    // A refused file changes nothing: StepInputError keeps the step's standing result (a Done step stays Done).
    if (!parsed.ok) throw new StepInputError(parsed.error.message);
    const aws = parsed.metadata.aws;
    if (!aws)
      throw new StepInputError(
        "This is service provider metadata, but not from AWS IAM Identity Center: its entity id is not a …signin.aws.amazon.com/platform/saml/d-… URL.",
      );
    if (aws.identityStoreId !== instance.identityStoreId)
      throw new StepInputError(
        `This metadata belongs to identity store ${aws.identityStoreId}, but your IAM Identity Center instance uses ${instance.identityStoreId}. Download it again from the right instance.`,
      );
    const spMetadata = {
      entityId: parsed.metadata.entityId,
      acsUrls: parsed.metadata.assertionConsumerServices.map((a) => a.location),
      region: aws.region,
      identityStoreId: aws.identityStoreId,
      accessPortalUrl: aws.accessPortalUrl,
      certificateExpiry: parsed.metadata.certificates[0]?.notAfter,
    };
    return {
      facts: { spMetadata },
      evidence: { entityId: spMetadata.entityId, acsUrls: spMetadata.acsUrls, warnings: parsed.warnings.map((w) => w.message) },
    };
  },
  async verify(context) {
    const sp = requireFact(context, "spMetadata", "Drop the AWS service provider metadata file here first.");
    const instance = instanceOf(context);
    if (sp.identityStoreId !== instance.identityStoreId)
      throw new StepError(`The stored metadata is for identity store ${sp.identityStoreId}, not ${instance.identityStoreId}. Upload it again.`);
    // Kept by a portal that did not check reply URLs yet: the same rule the parser applies now.
    const foreign = foreignReplyUrl(
      sp.acsUrls.map((location) => ({ location, isDefault: false })),
      sp.region,
      { sandbox: context.isSandbox },
    );
    if (foreign) throw new StepError(`${foreign} Upload the metadata again.`);
    return { evidence: { entityId: sp.entityId, acsUrls: sp.acsUrls, accessPortalUrl: sp.accessPortalUrl } };
  },
  // The portal changes nothing here, but the switch the admin makes in the AWS console does: the preview lists the
  // identity store's users and groups and what the switch does to each (seed 003's warning, per user).
  async preview(context) {
    const instance = instanceOf(context);
    const inventory = await readIdentitySourceInventory(context.aws(), instance.identityStoreId);
    return { changes: ["The portal changes nothing in either cloud here: it only checks the metadata.", ...inventoryLines(inventory)] };
  },
  labels: { run: "Use this metadata" },
  view: stepInputView(
    () => import("@/components/setup/step-inputs-client").then((m) => m.AwsMetadataStepInput),
    // The browser's parse must apply the same mode rule as the server's: local endpoints only in sandbox mode.
    (view) => ({ sandbox: view.sandbox }),
  ),
  panels: [identitySourceInventoryPanel, sandboxConsolePanel],
  screens: ["aws-identity-source", "aws-choose-identity-source", "aws-sp-metadata"],
});
