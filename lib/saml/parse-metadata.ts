import { checkEntityId } from "./check-values";
import { DS_NS, MD_NS } from "./namespaces";
import { readIdentityProvider } from "./read-identity-provider";
import { readServiceProvider } from "./read-service-provider";
import { MetadataRefusal } from "./refusal";
import { DEFAULT_MAX_BYTES, screenRawText } from "./screen-raw-text";
import type { IdentityProviderMetadata, MetadataResult, MetadataSide, ParseMetadataOptions, SamlMetadata, ServiceProviderMetadata } from "./types";
import { childElements, firstChild, parseXmlTree, type XmlElement } from "./xml-tree";

const SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const MAX_ENTITY_ID_LENGTH = 1024;

const DESCRIPTOR: Record<MetadataSide, string> = { sp: "SPSSODescriptor", idp: "IDPSSODescriptor" };
const WRONG_SIDE: Record<MetadataSide, string> = {
  sp: "This is identity provider metadata (such as Entra's Federation Metadata XML), but this step needs the service provider metadata you download from the AWS IAM Identity Center console.",
  idp: "This is service provider metadata (such as the file from the AWS IAM Identity Center console), but this step needs Entra's Federation Metadata XML.",
};

/**
 * Parses and validates SAML 2.0 metadata for one side of the federation. Isomorphic: the setup page runs it
 * on the dropped file and the server runs it again (parse-metadata-on-server.ts adds the signature check).
 * Never throws: every refusal comes back as { ok: false } with a message meant for an administrator.
 */
export function parseMetadata(xml: string, expected: "sp", options?: ParseMetadataOptions): Promise<MetadataResult<ServiceProviderMetadata>>;
export function parseMetadata(xml: string, expected: "idp", options?: ParseMetadataOptions): Promise<MetadataResult<IdentityProviderMetadata>>;
export function parseMetadata(xml: string, expected: MetadataSide, options?: ParseMetadataOptions): Promise<MetadataResult>;
export async function parseMetadata(xml: string, expected: MetadataSide, options: ParseMetadataOptions = {}): Promise<MetadataResult> {
  try {
    const { text, warnings } = screenRawText(xml, options.maxBytes ?? DEFAULT_MAX_BYTES);
    const root = parseXmlTree(text);
    const sandbox = options.sandbox ?? false;
    const entityId = readEntityDescriptor(root);
    checkEntityId(entityId, { warnings, sandbox });
    const descriptor = findRoleDescriptor(root, expected);
    const signature = firstChild(root, DS_NS, "Signature") ? "not-checked-in-browser" : "absent";
    const context = { side: expected, now: options.now ?? new Date(), warnings, sandbox };
    const metadata: SamlMetadata =
      expected === "sp"
        ? await readServiceProvider(entityId, descriptor, signature, context)
        : await readIdentityProvider(entityId, descriptor, signature, context);
    return { ok: true, metadata, warnings };
  } catch (error) {
    if (error instanceof MetadataRefusal) return { ok: false, error: error.toError() };
    // Whatever a library throws on input we did not foresee is still bad input, not a crash of the page.
    return { ok: false, error: { code: "not-xml", message: "This file could not be read as SAML metadata." } };
  }
}

function readEntityDescriptor(root: XmlElement): string {
  if (root.namespace === MD_NS && root.localName === "EntitiesDescriptor")
    throw new MetadataRefusal(
      "entities-descriptor",
      "This file holds a collection of entities (EntitiesDescriptor). Export the metadata of the single application instead.",
    );
  if (root.localName !== "EntityDescriptor")
    throw new MetadataRefusal(
      "wrong-root",
      `This file is XML but not SAML 2.0 metadata: it starts with <${shown(root.localName)}> instead of <EntityDescriptor> in the namespace ${MD_NS}.`,
    );
  if (root.namespace !== MD_NS)
    throw new MetadataRefusal(
      "wrong-root",
      `This file is XML but not SAML 2.0 metadata: its <EntityDescriptor> is ${root.namespace === null ? "in no namespace" : `in the namespace ${shown(root.namespace)}`}, but SAML 2.0 metadata's is in the namespace ${MD_NS}.`,
    );
  const entityId = root.attributes.get("entityID");
  if (entityId === undefined || entityId.trim() === "")
    throw new MetadataRefusal("missing-entity-id", "This metadata has no entityID, so it does not say which application it describes.");
  if (entityId.length > MAX_ENTITY_ID_LENGTH)
    throw new MetadataRefusal("unsafe-value", `The entity id in this file is longer than the ${MAX_ENTITY_ID_LENGTH} characters SAML allows.`);
  return entityId;
}

/** A name or namespace from the file, as a message may repeat it: printable, without markup, and short. */
function shown(value: string): string {
  const safe = value.replace(/[^\x21-\x7e]|[<>"'`&\\]/g, "?");
  return safe.length > 80 ? `${safe.slice(0, 79)}…` : safe;
}

function findRoleDescriptor(root: XmlElement, expected: MetadataSide): XmlElement {
  const supportsSaml2 = (descriptor: XmlElement) => (descriptor.attributes.get("protocolSupportEnumeration") ?? "").split(/\s+/).includes(SAML2_PROTOCOL);
  const descriptor = childElements(root, MD_NS, DESCRIPTOR[expected]).find(supportsSaml2);
  if (descriptor) return descriptor;
  const other: MetadataSide = expected === "sp" ? "idp" : "sp";
  if (childElements(root, MD_NS, DESCRIPTOR[other]).length > 0) throw new MetadataRefusal("wrong-role", WRONG_SIDE[expected]);
  throw new MetadataRefusal(
    "missing-role",
    `This metadata has no SAML 2.0 ${DESCRIPTOR[expected]}, so it does not describe ${expected === "sp" ? "a service provider" : "an identity provider"}.`,
  );
}
