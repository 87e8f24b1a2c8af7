import { checkAwsReplyUrls } from "./check-reply-urls";
import { identifyAwsServiceProvider } from "./identify-provider";
import { readBoolean, readCertificates, readIndexedEndpoints, readNameIdFormats } from "./read-role-descriptor";
import type { ReadContext } from "./read-certificate";
import { MetadataRefusal } from "./refusal";
import type { ServiceProviderMetadata, SignatureStatus } from "./types";
import type { XmlElement } from "./xml-tree";

export async function readServiceProvider(
  entityId: string,
  descriptor: XmlElement,
  signature: SignatureStatus,
  context: ReadContext,
): Promise<ServiceProviderMetadata> {
  const assertionConsumerServices = readIndexedEndpoints(descriptor, "AssertionConsumerService", context);
  if (assertionConsumerServices.length === 0)
    throw new MetadataRefusal("missing-endpoint", "This service provider metadata has no AssertionConsumerService, so there is no reply URL to give Entra.");
  const aws = identifyAwsServiceProvider(entityId);
  // The issuer says this is IAM Identity Center: then its reply URLs must be too, in the issuer's Region.
  if (aws) checkAwsReplyUrls(assertionConsumerServices, aws.region, context);
  else
    context.warnings.push({
      code: "unrecognised-provider",
      message: `The entity id ${entityId} is not an IAM Identity Center issuer URL (https://<region>.signin.aws.amazon.com/platform/saml/d-…). Check that this is the file from the AWS console.`,
    });
  return {
    side: "sp",
    entityId,
    assertionConsumerServices,
    nameIdFormats: readNameIdFormats(descriptor),
    wantAssertionsSigned: readBoolean(descriptor, "WantAssertionsSigned"),
    authnRequestsSigned: readBoolean(descriptor, "AuthnRequestsSigned"),
    certificates: await readCertificates(descriptor, context),
    aws,
    signature,
  };
}
