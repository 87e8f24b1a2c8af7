import "server-only";
import { requireFact, StepError } from "../../context";
import { stepRef } from "../../step-ref";
import { fetchCheckedFederationMetadata } from "../shared/signing";
import { changesNothing, defineStep } from "../types";
import { federationMetadataDownloadPanel } from "./panels";
import { appOf, signingOf } from "./shared";
import { stepTitle } from "../../step-catalog";

export const federationMetadata = defineStep({
  id: "federation-metadata",
  side: "Entra",
  title: stepTitle("identity-center", "federation-metadata"),
  guide: "SAML Signing Certificate → Federation Metadata XML → Download.",
  how: "automated",
  verifiedBy:
    "The downloaded XML must be signed by the active signing certificate Entra reports for the app; its certificate, expiry and entity id are checked.",
  requires: ["basic-saml"],
  input: null,
  async run(context) {
    const app = appOf(context);
    signingOf(context); // the signing certificate is added and activated there; this step needs it done
    const { idpMetadata, evidence } = await fetchCheckedFederationMetadata(context, app, stepRef("basic-saml"));
    return { facts: { idpMetadata }, evidence };
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
