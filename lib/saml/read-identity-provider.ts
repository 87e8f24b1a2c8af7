import { identifyEntraTenant } from "./identify-provider";
import { readCertificates, readEndpoints, readNameIdFormats } from "./read-role-descriptor";
import type { ReadContext } from "./read-certificate";
import { MetadataRefusal } from "./refusal";
import type { IdentityProviderMetadata, SignatureStatus } from "./types";
import type { XmlElement } from "./xml-tree";

export async function readIdentityProvider(
  entityId: string,
  descriptor: XmlElement,
  signature: SignatureStatus,
  context: ReadContext,
): Promise<IdentityProviderMetadata> {
  const singleSignOnServices = readEndpoints(descriptor, "SingleSignOnService", context);
  if (singleSignOnServices.length === 0)
    throw new MetadataRefusal(
      "missing-endpoint",
      "This identity provider metadata has no SingleSignOnService, so AWS would not know where to send users to sign in.",
    );
  const singleLogoutServices = readEndpoints(descriptor, "SingleLogoutService", context);
  const certificates = await readCertificates(descriptor, context);
  if (!certificates.some((certificate) => certificate.use === "signing"))
    throw new MetadataRefusal(
      "missing-signing-certificate",
      "This identity provider metadata has no signing certificate, so AWS could not check who signed a sign-in. Activate a SAML signing certificate in Entra and download the metadata again.",
    );
  const entra = identifyEntraTenant(
    entityId,
    singleSignOnServices.map((service) => service.location),
  );
  if (!entra)
    context.warnings.push({
      code: "unrecognised-provider",
      message: `The entity id ${entityId} is not an Entra ID issuer (https://sts.windows.net/<tenant id>/). Check that this is the Federation Metadata XML from Entra.`,
    });
  return {
    side: "idp",
    entityId,
    singleSignOnServices,
    singleLogoutServices,
    nameIdFormats: readNameIdFormats(descriptor),
    certificates,
    entra,
    signature,
  };
}
