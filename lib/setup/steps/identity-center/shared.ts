import "server-only";
import { decryptSecretOrThrow } from "../../../crypto/secrets";
import { requireFact, StepError, type SetupContext } from "../../context";
import { stepRef } from "../../step-ref";

/**
 * The gallery app "AWS IAM Identity Center (successor to AWS Single Sign-On)": its application template id
 * (https://learn.microsoft.com/en-us/graph/application-saml-sso-configure-api#step-1-create-the-application).
 */
export const IDENTITY_CENTER_TEMPLATE_ID = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";
export const DEFAULT_APP_NAME = "AWS IAM Identity Center";

export const SCIM_TOKEN_PURPOSE = "federation:scim-token";
export const YEAR_MS = 365 * 24 * 3_600_000;

/** How a value reads in a preview line: lists joined, nothing as "(none)". */
export const show = (value: string | string[] | null | undefined) =>
  Array.isArray(value) ? (value.length ? value.join(", ") : "(none)") : (value ?? "(none)");

// What later steps need from earlier ones; the message names the step that learns it, by its position.
export const appOf = (c: SetupContext) => requireFact(c, "app", `Create the enterprise app first (${stepRef("gallery-app")}).`);
export const instanceOf = (c: SetupContext) => requireFact(c, "instance", `Enable IAM Identity Center first (${stepRef("enable-instance")}).`);
export const spMetadataOf = (c: SetupContext) => requireFact(c, "spMetadata", `Bring the AWS metadata first (${stepRef("aws-metadata")}).`);
export const signingOf = (c: SetupContext) => requireFact(c, "signing", `Run ${stepRef("basic-saml")} first.`);
export const jobOf = (c: SetupContext) => ({
  servicePrincipalId: appOf(c).servicePrincipalId,
  jobId: requireFact(c, "job", `Set up provisioning credentials first (${stepRef("provisioning-credentials")}).`).jobId,
});

/** The stored SCIM token, decrypted for a call; never returned to a page or written anywhere. */
export async function scimTokenOf(context: SetupContext): Promise<string> {
  const row = await context.database.federation.findUniqueOrThrow({ where: { id: context.federationId }, select: { scimToken: true } });
  if (!row.scimToken) throw new StepError(`No SCIM access token is stored. Paste it in ${stepRef("scim-endpoint")}.`);
  return decryptSecretOrThrow(context.keyring, SCIM_TOKEN_PURPOSE, row.scimToken);
}
