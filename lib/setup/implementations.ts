import "server-only";
import { awsMetadata, awsPreflight, enableInstance, idpMetadataUpload, permissionSets, permissionSetsInput, scimEndpoint, scimInput, spMetadataInput } from "./aws-steps";
import { StepError } from "./context";
import { registerStep, type StepRegistry } from "./registry";

/** Every step the portal can run or verify, by id. */
export const SETUP_STEPS: StepRegistry = {
  connect: registerStep({
    async verify(context) {
      const aws = await awsPreflight(context);
      const missing = aws.facts?.preflight?.aws?.missing ?? [];
      if (missing.length) throw new StepError(`The AWS credentials lack: ${missing.join(", ")}. Grant the policy below, then verify again.`, aws.requestIds);
      return aws;
    },
  }),
  "enable-instance": registerStep(enableInstance),
  "aws-metadata": registerStep(awsMetadata, spMetadataInput),
  "idp-metadata-upload": registerStep(idpMetadataUpload),
  "scim-endpoint": registerStep(scimEndpoint, scimInput),
  "permission-sets": registerStep(permissionSets, permissionSetsInput),
};
