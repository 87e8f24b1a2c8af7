import "server-only";
import { configureBasicSaml, previewBasicSaml, type BasicSamlSpec } from "../../../entra/configure-basic-saml";
import { readServicePrincipal } from "../../../entra/service-principal";
import { foreignReplyUrl } from "../../../saml/check-reply-urls";
import { requireFact, StepError, type SetupContext } from "../../context";
import { stepRef } from "../../step-ref";
import { ensureSigningAndNotification, signingPreviewLines } from "../shared/signing";
import { defineStep } from "../types";
import { appOf, show, spMetadataOf } from "./shared";
import { stepTitle } from "../../step-catalog";

/**
 * The Basic SAML configuration the AWS metadata asks for. Reply URLs kept before the parser checked them are checked
 * again here, where they would be written to Entra: each must be AWS's for the metadata's Region.
 */
function specOf(context: SetupContext): BasicSamlSpec {
  const app = appOf(context);
  const sp = spMetadataOf(context);
  const foreign = foreignReplyUrl(
    sp.acsUrls.map((location) => ({ location, isDefault: false })),
    sp.region,
    { sandbox: context.isSandbox },
  );
  if (foreign) throw new StepError(`The stored AWS metadata is refused: ${foreign} Bring the metadata again (${stepRef("aws-metadata")}).`);
  return {
    applicationObjectId: app.applicationObjectId,
    servicePrincipalId: app.servicePrincipalId,
    identifierUri: sp.entityId,
    replyUrls: sp.acsUrls,
    signOnUrl: sp.accessPortalUrl,
  };
}

export const basicSaml = defineStep({
  id: "basic-saml",
  side: "Entra",
  title: stepTitle("identity-center", "basic-saml"),
  guide:
    "Single sign-on → Upload metadata file (the AWS file) → Identifier and Reply URL are filled in; set Sign on URL to the AWS access portal URL; Save. SAML Signing Certificate: add one and set the notification email.",
  how: "automated",
  verifiedBy: "Identifier, reply URLs and sign-on URL read back equal to the AWS metadata; an active signing certificate exists.",
  requires: ["saml-mode", "aws-metadata"],
  input: null,
  async run(context) {
    const gateway = await context.entra();
    const spec = specOf(context);
    const saml = await configureBasicSaml(gateway, spec);
    const { signing, outcome } = await ensureSigningAndNotification(context, spec.servicePrincipalId);
    return { facts: { signing }, evidence: { changed: saml.applied.map((a) => a.field), certificate: outcome } };
  },
  async verify(context) {
    const spec = specOf(context);
    const sp = spMetadataOf(context);
    const signing = requireFact(context, "signing", "Run this step to add the signing certificate.");
    const gateway = await context.entra();
    // The preview reads what Entra has and diffs it against the metadata: no difference is what verified means.
    const [state, principal] = await Promise.all([previewBasicSaml(gateway, spec), readServicePrincipal(gateway, spec.servicePrincipalId)]);
    const problems: string[] = [];
    if (!state.current.identifierUris.includes(sp.entityId)) problems.push(`Identifier is not ${sp.entityId}`);
    const missingReplies = sp.acsUrls.filter((url) => !state.current.replyUrls.includes(url));
    if (missingReplies.length) problems.push(`Reply URL missing: ${missingReplies.join(", ")}`);
    if (state.current.signOnUrl !== sp.accessPortalUrl) problems.push(`Sign on URL is ${state.current.signOnUrl ?? "empty"}, not ${sp.accessPortalUrl}`);
    if (principal.preferredTokenSigningKeyThumbprint?.toUpperCase() !== signing.thumbprint.toUpperCase())
      problems.push("The signing certificate is not the active one");
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run this step again to repair it.`);
    return {
      evidence: {
        identifier: sp.entityId,
        replyUrls: sp.acsUrls,
        signOnUrl: sp.accessPortalUrl,
        signingCertificate: signing.thumbprint,
        certificateExpires: signing.notAfter,
      },
    };
  },
  async preview(context) {
    const spec = specOf(context);
    const gateway = await context.entra();
    const [preview, principal] = await Promise.all([previewBasicSaml(gateway, spec), readServicePrincipal(gateway, spec.servicePrincipalId)]);
    const changes = preview.changes.map((c) => `${c.field}: ${show(c.from)} → ${show(c.to)}`);
    return {
      changes: [
        ...(changes.length ? changes : ["Basic SAML configuration already matches the AWS metadata."]),
        ...signingPreviewLines(context, principal),
        ...preview.warnings,
      ],
    };
  },
  labels: { run: "Run this step" },
  view: null,
  panels: [],
  screens: ["entra-saml-upload"],
});
