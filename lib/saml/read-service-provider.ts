import { identifyAwsServiceProvider } from "./identify-provider";
import { readBoolean, readCertificates, readIndexedEndpoints, readNameIdFormats } from "./read-role-descriptor";
import type { ReadCertificateContext } from "./read-certificate";
import { MetadataRefusal } from "./refusal";
import type { ServiceProviderMetadata, SignatureStatus } from "./types";
import type { XmlElement } from "./xml-tree";

export async function readServiceProvider(
  entityId: string,
  descriptor: XmlElement,
  signature: SignatureStatus,
  context: ReadCertificateContext,
): Promise<ServiceProviderMetadata> {
  const assertionConsumerServices = readIndexedEndpoints(descriptor, "AssertionConsumerService", context.warnings);
  if (assertionConsumerServices.length === 0)
    throw new MetadataRefusal("missing-endpoint", "This service provider metadata has no AssertionConsumerService, so there is no reply URL to give Entra.");
  const aws = identifyAwsServiceProvider(entityId);
  if (!aws)
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
