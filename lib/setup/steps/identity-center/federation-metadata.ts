import "server-only";
import { fetchFederationMetadata } from "../../../entra/fetch-federation-metadata";
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
  verifiedBy: "The signature, certificate, expiry and entity id of the downloaded XML are checked.",
  requires: ["basic-saml"],
  input: null,
  async run(context) {
    const app = appOf(context);
    const result = await fetchFederationMetadata(await context.entra(), { appId: app.appId });
    const parsed = await parseMetadataOnServer(result.xml, "idp");
    if (!parsed.ok) throw new StepError(`Entra's federation metadata did not pass the checks: ${parsed.error.message}`);
    const signing = signingOf(context);
    const certificate =
      parsed.metadata.certificates.find((x) => x.sha1Thumbprint.toUpperCase() === signing.thumbprint.toUpperCase()) ?? parsed.metadata.certificates[0];
    if (!certificate) throw new StepError("The federation metadata carries no signing certificate.");
    if (parsed.metadata.signature !== "valid") throw new StepError("The federation metadata is not signed by its certificate.");
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
