import "server-only";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { DS_NS } from "./namespaces";

export type SignatureCheck = { status: "absent" } | { status: "valid"; certificateBase64: string } | { status: "invalid"; reason: string };

const HOSTILE = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/**
 * Verifies the enveloped signature on a metadata document's root against the given certificates (base64 DER).
 * Against the certificates the metadata itself lists, that proves only that the file was not altered after
 * whoever made it signed it; who signed it is proven by passing only the certificate the signer's directory
 * reports (parseMetadataOnServer's `signedBy`: Entra's active signing key, by its thumbprint).
 */
export function verifyMetadataSignature(xml: string, certificates: readonly string[]): SignatureCheck {
  // parseMetadata has refused these already; checked again because this function is callable on its own.
  if (HOSTILE.test(xml)) return { status: "invalid", reason: "The document declares a DOCTYPE or entities." };
  const root = parseRoot(xml);
  if (!root) return { status: "invalid", reason: "The document is not well-formed XML." };
  const signatures = childElements(root).filter((child) => child.namespaceURI === DS_NS && child.localName === "Signature");
  const signature = signatures[0];
  if (!signature) return { status: "absent" };
  if (signatures.length > 1) return { status: "invalid", reason: "The document carries more than one signature on its root." };
  if (certificates.length === 0) return { status: "invalid", reason: "The document is signed, but lists no certificate to check the signature with." };

  let lastReason = "The signature does not match the document.";
  for (const certificateBase64 of certificates) {
    const verifier = new SignedXml({ publicCert: toPem(certificateBase64) });
    try {
      // xml-crypto types its input as the DOM Node of lib.dom; at run time it takes the @xmldom/xmldom nodes it uses itself.
      verifier.loadSignature(signature as unknown as Node);
      if (!verifier.checkSignature(xml)) {
        lastReason = "The document was changed after it was signed.";
        continue;
      }
    } catch {
      continue;
    }
    // Anything but the whole root being signed would let an attacker wrap unsigned content around a signed part.
    const references = verifier.getReferences();
    const rootId = root.getAttribute("ID");
    const coversRoot = references.length === 1 && (references[0]?.uri === "" || (rootId !== null && rootId !== "" && references[0]?.uri === `#${rootId}`));
    if (!coversRoot) return { status: "invalid", reason: "The signature does not cover the whole metadata document." };
    return { status: "valid", certificateBase64 };
  }
  return { status: "invalid", reason: lastReason };
}

function parseRoot(xml: string): Element | null {
  try {
    const document = new DOMParser({
      onError: (level) => {
        if (level !== "warning") throw new Error("not well-formed");
      },
    }).parseFromString(xml, "text/xml");
    return document.documentElement;
  } catch {
    return null;
  }
}

function childElements(parent: Element): Element[] {
  const elements: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === node.ELEMENT_NODE) elements.push(node as Element);
  return elements;
}

const toPem = (base64: string) => `-----BEGIN CERTIFICATE-----\n${base64.replace(/\s+/g, "").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;
