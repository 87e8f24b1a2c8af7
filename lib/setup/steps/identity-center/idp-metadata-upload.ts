import "server-only";
import { accessPortalStartUrl, probeAccessPortal } from "../../../aws/access-portal";
import { requireFact, StepError } from "../../context";
import { stepRef } from "../../step-ref";
import { changesNothing, defineStep } from "../types";
import { federationMetadataDownloadPanel } from "./panels";
import { instanceOf } from "./shared";
import { stepTitle } from "../../step-catalog";

export const idpMetadataUpload = defineStep({
  id: "idp-metadata-upload",
  side: "AWS",
  title: stepTitle("identity-center", "idp-metadata-upload"),
  guide:
    "Back in AWS (Configure external identity provider): IdP SAML metadata → Choose file → the Entra file → Next → review → type ACCEPT → Change identity source.",
  how: "manual",
  verifiedBy: "The AWS access portal start URL now redirects to this tenant's SAML sign-in endpoint.",
  requires: ["federation-metadata"],
  input: null,
  async verify(context) {
    const instance = instanceOf(context);
    const idp = requireFact(context, "idpMetadata", `Download Entra's federation metadata first (${stepRef("federation-metadata")}).`);
    const startUrl = accessPortalStartUrl(context.aws().target, instance.identityStoreId);
    let probe: Awaited<ReturnType<typeof probeAccessPortal>>;
    try {
      probe = await probeAccessPortal(startUrl);
    } catch {
      throw new StepError(`The AWS access portal (${startUrl}) could not be reached. Try again in a moment.`);
    }
    const target = probe.location ? new URL(probe.location, startUrl) : null;
    const expected = new URL(idp.ssoUrl);
    if (!target || target.origin !== expected.origin || target.pathname !== expected.pathname)
      throw new StepError(
        `The AWS access portal still sends people to ${target ? `${target.origin}${target.pathname}` : "its own sign-in page"}, not to Entra (${expected.origin}${expected.pathname}). Upload the Entra metadata in the AWS console and type ACCEPT.`,
      );
    return { evidence: { accessPortal: startUrl, redirectsTo: `${target.origin}${target.pathname}` } };
  },
  preview: changesNothing("The portal changes nothing here: you upload the metadata in the AWS console, and the portal checks it."),
  labels: { check: "I did it, check now" },
  view: null,
  panels: [federationMetadataDownloadPanel],
  screens: ["aws-idp-metadata"],
});
