import { checkUrl, type UrlCheckContext } from "./check-values";
import { DS_NS, MD_NS } from "./namespaces";
import { readCertificate, type ReadCertificateContext } from "./read-certificate";
import { MetadataRefusal } from "./refusal";
import type { CertificateInfo, Endpoint, IndexedEndpoint } from "./types";
import { childElements, firstChild, type XmlElement } from "./xml-tree";

/** Parts every SSO role descriptor shares (SAML metadata §2.4.1–2.4.2). */

export function readEndpoints(descriptor: XmlElement, localName: string, context: UrlCheckContext): Endpoint[] {
  return childElements(descriptor, MD_NS, localName).map((element) => ({
    binding: readBinding(element, localName),
    location: checkUrl(element.attributes.get("Location") ?? "", `${localName} location`, context),
  }));
}

export function readIndexedEndpoints(descriptor: XmlElement, localName: string, context: UrlCheckContext): IndexedEndpoint[] {
  return childElements(descriptor, MD_NS, localName).map((element) => {
    const index = element.attributes.get("index");
    if (index !== undefined && !/^\d{1,5}$/.test(index))
      throw new MetadataRefusal("unsafe-value", `A ${localName} in this file has an index that is not a number.`);
    return {
      binding: readBinding(element, localName),
      location: checkUrl(element.attributes.get("Location") ?? "", `${localName} location`, context),
      index: index === undefined ? null : Number(index),
      isDefault: readBoolean(element, "isDefault") ?? false,
    };
  });
}

function readBinding(element: XmlElement, localName: string): string {
  const binding = element.attributes.get("Binding") ?? "";
  if (!/^urn:oasis:names:tc:SAML:[0-9.]+:bindings:[A-Za-z0-9-]+$/.test(binding))
    throw new MetadataRefusal("unsafe-value", `A ${localName} in this file has a binding that is not a SAML binding.`);
  return binding;
}

export function readNameIdFormats(descriptor: XmlElement): string[] {
  return childElements(descriptor, MD_NS, "NameIDFormat").map((element) => {
    const format = element.text.trim();
    if (!/^urn:[A-Za-z0-9:._-]+$/.test(format)) throw new MetadataRefusal("unsafe-value", "This file lists a NameID format that is not a SAML URN.");
    return format;
  });
}

export function readBoolean(element: XmlElement, name: string): boolean | null {
  const value = element.attributes.get(name);
  if (value === undefined) return null;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new MetadataRefusal("unsafe-value", `The attribute ${name} in this file is neither true nor false.`);
}

export async function readCertificates(descriptor: XmlElement, context: ReadCertificateContext): Promise<CertificateInfo[]> {
  const found = childElements(descriptor, MD_NS, "KeyDescriptor").flatMap((keyDescriptor) => {
    const useAttribute = keyDescriptor.attributes.get("use");
    // A KeyDescriptor without "use" serves both purposes (SAML metadata §2.4.1.1); for us it signs.
    const use = useAttribute === "encryption" ? "encryption" : "signing";
    const keyInfo = firstChild(keyDescriptor, DS_NS, "KeyInfo");
    const x509Data = keyInfo ? childElements(keyInfo, DS_NS, "X509Data") : [];
    return x509Data.flatMap((data) => childElements(data, DS_NS, "X509Certificate")).map((cert) => ({ use, base64: cert.text }) as const);
  });
  return Promise.all(found.map(({ use, base64 }) => readCertificate(base64, use, context)));
}
