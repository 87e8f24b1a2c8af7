import "server-only";
import type { SetupStepModule } from "../types";
import { connect } from "./connect";
import { galleryApp } from "./gallery-app";
import { iamRoles } from "./iam-roles";
import { iamSamlProvider } from "./iam-saml-provider";
import { legacyCertificate } from "./legacy-certificate";
import { legacySaml } from "./legacy-saml";
import { roleAssignments } from "./role-assignments";
import { roleImport } from "./role-import";
import { testSignIn } from "./test-sign-in";

/**
 * The legacy per-account checklist (Microsoft's tutorial "AWS Single-Account Access",
 * https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial), in order: a step's number is
 * its position here. A function, for the same reason as identityCenterSteps.
 */
export function legacyIamSteps(): readonly SetupStepModule<unknown>[] {
  return [connect, galleryApp, legacySaml, legacyCertificate, iamSamlProvider, iamRoles, roleImport, roleAssignments, testSignIn];
}
