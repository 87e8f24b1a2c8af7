import "server-only";
import {
  awsMetadata,
  awsPreflight,
  enableInstance,
  idpMetadataUpload,
  permissionSets,
  permissionSetsInput,
  scimEndpoint,
  scimInput,
  spMetadataInput,
} from "./aws-steps";
import { StepError } from "./context";
import {
  basicSaml,
  entraPreflight,
  federationMetadata,
  galleryApp,
  mappings,
  mappingsInput,
  proveInput,
  proveUser,
  provisioningCredentials,
  samlMode,
  scopeAssignments,
  scopeInput,
  startProvisioning,
} from "./entra-steps";
import { registerStep, type StepRegistry } from "./registry";

/** Every step the portal can run or verify, by id. */
export const SETUP_STEPS: StepRegistry = {
  connect: registerStep({
    async verify(context) {
      // The two clouds are checked at once: neither answer depends on the other.
      const [entra, aws] = await Promise.all([entraPreflight(context), awsPreflight(context)]);
      const missingGraph = entra.facts.preflight.entra?.missing ?? [];
      const missingAws = aws.facts?.preflight?.aws?.missing ?? [];
      const problems = [
        missingGraph.length ? `the Graph app lacks ${missingGraph.join(", ")} (grant them with admin consent)` : "",
        missingAws.length ? `the AWS credentials lack ${missingAws.join(", ")}` : "",
      ].filter(Boolean);
      if (problems.length) throw new StepError(`Not ready: ${problems.join("; ")}. Then verify again.`);
      return {
        facts: { preflight: { entra: entra.facts.preflight.entra, aws: aws.facts?.preflight?.aws } },
        evidence: { ...entra.evidence, ...aws.evidence },
      };
    },
  }),
  "enable-instance": registerStep(enableInstance),
  "gallery-app": registerStep(galleryApp),
  "saml-mode": registerStep(samlMode),
  "aws-metadata": registerStep(awsMetadata, spMetadataInput),
  "basic-saml": registerStep(basicSaml),
  "federation-metadata": registerStep(federationMetadata),
  "idp-metadata-upload": registerStep(idpMetadataUpload),
  "scim-endpoint": registerStep(scimEndpoint, scimInput),
  "provisioning-credentials": registerStep(provisioningCredentials),
  mappings: registerStep(mappings, mappingsInput),
  "scope-assignments": registerStep(scopeAssignments, scopeInput),
  "start-provisioning": registerStep(startProvisioning),
  "prove-user": registerStep(proveUser, proveInput),
  "permission-sets": registerStep(permissionSets, permissionSetsInput),
};
