import "server-only";
import type { SetupStepModule } from "../types";
import { accountAccess } from "./account-access";
import { awsMetadata } from "./aws-metadata";
import { basicSaml } from "./basic-saml";
import { connect } from "./connect";
import { enableInstance } from "./enable-instance";
import { federationMetadata } from "./federation-metadata";
import { galleryApp } from "./gallery-app";
import { idpMetadataUpload } from "./idp-metadata-upload";
import { mappings } from "./mappings";
import { permissionSets } from "./permission-sets";
import { provisioningCredentials } from "./provisioning-credentials";
import { proveUser } from "./prove-user";
import { samlMode } from "./saml-mode";
import { scimEndpoint } from "./scim-endpoint";
import { scopeAssignments } from "./scope-assignments";
import { startProvisioning } from "./start-provisioning";
import { testSignIn } from "./test-sign-in";

/**
 * The IAM Identity Center checklist, in order: a step's number is its position here. Microsoft's tutorial
 * (https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-single-sign-on-tutorial) and its provisioning
 * companion (https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-single-sign-on-provisioning-tutorial).
 * A function, not a constant: the step modules name each other through step-ref, which reads this list, so it is
 * built on first use rather than while those modules are still loading.
 */
export function identityCenterSteps(): readonly SetupStepModule<unknown>[] {
  return [
    connect,
    enableInstance,
    galleryApp,
    samlMode,
    awsMetadata,
    basicSaml,
    federationMetadata,
    idpMetadataUpload,
    scimEndpoint,
    provisioningCredentials,
    mappings,
    scopeAssignments,
    startProvisioning,
    proveUser,
    permissionSets,
    accountAccess,
    testSignIn,
  ];
}
