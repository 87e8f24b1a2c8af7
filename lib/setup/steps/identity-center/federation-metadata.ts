import "server-only";
import { fetchFederationMetadata } from "../../../entra/fetch-federation-metadata";
import { activeSigningCertificate } from "../../../entra/signing-certificate-rollover";
import { parseMetadataOnServer } from "../../../saml/parse-metadata-on-server";
import { requireFact, StepError } from "../../context";
import { stepRef } from "../../step-ref";
import { changesNothing, defineStep } from "../types";
import { federationMetadataDownloadPanel } from "./panels";
import { appOf, signingOf } from "./shared";

export const federationMetadata = defineStep({
  id: "federation-metadata",
  side: "Entra",
  title: "Download Entra's Federation Metadata XML",
  guide: "SAML Signing Certificate → Federation Metadata XML → Download.",
  how: "automated",
  verifiedBy:
    "The downloaded XML must be signed by the active signing certificate Entra reports for the app; its certificate, expiry and entity id are checked.",
  requires: ["basic-saml"],
  input: null,
  async run(context) {
    const app = appOf(context);
    signingOf(context); // the signing certificate is added and activated there; this step needs it done
    const gateway = await context.entra();
    // Who signed the metadata is proven by the key Graph reports as the app's active signing certificate, not by the
    // certificate the document carries (https://learn.microsoft.com/entra/identity-platform/federation-metadata).
    const active = await activeSigningCertificate(gateway, app.servicePrincipalId);
    if (!active)
      throw new StepError(`Entra reports no active SAML signing certificate for the app. Run ${stepRef("basic-saml")} again to add and activate one.`);
    const result = await fetchFederationMetadata(gateway, { appId: app.appId });
    const parsed = await parseMetadataOnServer(result.xml, "idp", { signedBy: active.thumbprint, sandbox: context.isSandbox });
    if (!parsed.ok) throw new StepError(`Entra's federation metadata did not pass the checks: ${parsed.error.message}`);
    const certificate = parsed.metadata.certificates.find((x) => x.use === "signing" && x.sha1Thumbprint === active.thumbprint);
    if (!certificate || parsed.metadata.signature !== "valid")
      throw new StepError(`The federation metadata is not signed by the active signing certificate ${active.thumbprint}.`);
    const sso = parsed.metadata.singleSignOnServices.find((s) => s.binding.endsWith("HTTP-Redirect")) ?? parsed.metadata.singleSignOnServices[0];
    if (!sso) throw new StepError("The federation metadata has no single sign-on URL.");
    return {
      facts: {
        idpMetadata: {
          entityId: parsed.metadata.entityId,
          ssoUrl: sso.location,
          thumbprint: certificate.sha1Thumbprint,
          notAfter: certificate.notAfter,
          fileName: result.fileName,
          xml: result.xml,
        },
      },
      evidence: {
        entityId: parsed.metadata.entityId,
        signature: parsed.metadata.signature,
        certificate: certificate.sha1Thumbprint,
        expires: certificate.notAfter,
        ssoUrl: sso.location,
      },
    };
  },
  async verify(context) {
    const idp = requireFact(context, "idpMetadata", "Run this step to fetch and check the metadata.");
    const signing = signingOf(context);
    if (idp.thumbprint.toUpperCase() !== signing.thumbprint.toUpperCase())
      throw new StepError(
        `The metadata was signed with another certificate than the active one. Run this step again and upload the new file to AWS (${stepRef("idp-metadata-upload")}).`,
      );
    return { evidence: { entityId: idp.entityId, certificate: idp.thumbprint, expires: idp.notAfter, fileName: idp.fileName } };
  },
  preview: changesNothing("Nothing changes: the signed metadata is fetched and checked."),
  labels: { run: "Run this step" },
  view: null,
  panels: [federationMetadataDownloadPanel],
  screens: ["entra-saml-certificate"],
});
