import "server-only";
import { readServicePrincipal } from "../../../entra/service-principal";
import { StepError } from "../../context";
import { ensureSigningAndNotification, fetchCheckedFederationMetadata, signingPreviewLines } from "../shared/signing";
import { defineStep } from "../types";
import { legacyMetadataDownloadPanel } from "./panels";
import { appOf, idpMetadataOf, legacyRef, signingOf } from "./shared";
import { stepTitle } from "../../step-catalog";

export const legacyCertificate = defineStep({
  id: "legacy-certificate",
  side: "Entra",
  title: stepTitle("legacy-iam", "legacy-certificate"),
  guide:
    "SAML Signing Certificate: add a certificate (if none is active) and set the notification email; then download Federation Metadata XML — it is what each AWS account's IAM identity provider is made from.",
  how: "automated",
  verifiedBy:
    "An active signing certificate exists and Entra warns the notification email before it expires; the federation metadata, fetched again, is signed by that certificate.",
  requires: ["legacy-saml"],
  input: null,
  async run(context) {
    const app = appOf(context);
    const { signing, outcome } = await ensureSigningAndNotification(context, app.servicePrincipalId);
    context.facts = { ...context.facts, signing };
    const { idpMetadata, evidence } = await fetchCheckedFederationMetadata(context, app, legacyRef("legacy-certificate"));
    return { facts: { signing, idpMetadata }, evidence: { ...evidence, signingCertificate: outcome } };
  },
  async verify(context) {
    const app = appOf(context);
    const signing = signingOf(context);
    const stored = idpMetadataOf(context);
    const principal = await readServicePrincipal(await context.entra(), app.servicePrincipalId);
    const problems: string[] = [];
    if (principal.preferredTokenSigningKeyThumbprint?.toUpperCase() !== signing.thumbprint.toUpperCase())
      problems.push("the signing certificate is not the active one");
    if (!principal.notificationEmailAddresses.some((e) => e.toLowerCase() === signing.notificationEmail.toLowerCase()))
      problems.push(`${signing.notificationEmail} is no longer the notification email`);
    if (stored.thumbprint.toUpperCase() !== signing.thumbprint.toUpperCase()) problems.push("the stored federation metadata was signed by another certificate");
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run this step again (and then the IAM provider step) to repair it.`);
    return {
      evidence: { certificate: signing.thumbprint, expires: signing.notAfter, notificationEmail: signing.notificationEmail, metadataEntityId: stored.entityId },
    };
  },
  async preview(context) {
    const principal = await readServicePrincipal(await context.entra(), appOf(context).servicePrincipalId);
    return { changes: [...signingPreviewLines(context, principal), "Federation metadata: fetched again and checked (changes nothing)."] };
  },
  labels: { run: "Run this step" },
  view: null,
  panels: [legacyMetadataDownloadPanel],
  screens: ["legacy-certificate", "legacy-setup-urls"],
});
