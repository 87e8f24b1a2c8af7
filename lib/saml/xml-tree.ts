import { XMLParser, XMLValidator } from "fast-xml-parser";
import { MetadataRefusal } from "./refusal";

/** An element with its namespace resolved, so `md:EntityDescriptor` and a default-namespace one look alike. */
export interface XmlElement {
  namespace: string | null;
  localName: string;
  /** Attribute values with the five XML entities and character references decoded; keys as written. */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Entities are decoded by decodeEntities below, which knows only the XML built-ins; nothing is expanded.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
});

type OrderedNode = Record<string, unknown>;

const NOT_XML = "This file is not well-formed XML. Download the metadata again and drop the file as it is.";

export function parseXmlTree(text: string): XmlElement {
  if (XMLValidator.validate(text, { allowBooleanAttributes: false }) !== true) throw new MetadataRefusal("not-xml", NOT_XML);
  let nodes: unknown;
  try {
    nodes = parser.parse(text);
  } catch {
    throw new MetadataRefusal("not-xml", NOT_XML);
  }
  const roots = asNodes(nodes).flatMap((node) => toElements(node, new Map()));
  const root = roots[0];
  if (!root || roots.length > 1) throw new MetadataRefusal("not-xml", NOT_XML);
  return root;
}

function asNodes(value: unknown): OrderedNode[] {
  return Array.isArray(value) ? value.filter((v): v is OrderedNode => typeof v === "object" && v !== null) : [];
}

function toElements(node: OrderedNode, inherited: ReadonlyMap<string, string>): XmlElement[] {
  const name = Object.keys(node).find((key) => key !== ":@" && !key.startsWith("#"));
  if (name === undefined) return [];
  const attributes = new Map<string, string>();
  const rawAttributes = node[":@"];
  if (typeof rawAttributes === "object" && rawAttributes !== null) {
    for (const [key, value] of Object.entries(rawAttributes)) {
      if (typeof value !== "string") throw new MetadataRefusal("not-xml", NOT_XML);
      attributes.set(key, decodeEntities(value));
    }
  }
  const scope = new Map(inherited);
  for (const [key, value] of attributes) {
    if (key === "xmlns") scope.set("", value);
    else if (key.startsWith("xmlns:")) scope.set(key.slice("xmlns:".length), value);
  }
  const colon = name.indexOf(":");
  const prefix = colon === -1 ? "" : name.slice(0, colon);
  const localName = colon === -1 ? name : name.slice(colon + 1);
  const namespace = scope.get(prefix) || null;
  if (prefix !== "" && namespace === null) throw new MetadataRefusal("not-xml", NOT_XML);

  const children: XmlElement[] = [];
  let text = "";
  for (const child of asNodes(node[name])) {
    if (typeof child["#text"] === "string") text += decodeEntities(child["#text"]);
    else if (child["#cdata"] !== undefined)
      text += asNodes(child["#cdata"])
        .map((c) => String(c["#text"] ?? ""))
        .join("");
    else children.push(...toElements(child, scope));
  }
  return [{ namespace, localName, attributes, children, text }];
}

const BUILT_IN: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Only the XML built-ins and character references exist without a DOCTYPE; anything else is not XML. */
function decodeEntities(value: string): string {
  return value.replace(/&([^;&\s]*);?/g, (match, body: string) => {
    if (!match.endsWith(";")) throw new MetadataRefusal("not-xml", NOT_XML);
    const builtIn = BUILT_IN[body];
    if (builtIn !== undefined) return builtIn;
    const code = /^#x[0-9a-f]+$/i.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]+$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
    if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) throw new MetadataRefusal("not-xml", NOT_XML);
    return String.fromCodePoint(code);
  });
}

export const childElements = (parent: XmlElement, namespace: string, localName: string): XmlElement[] =>
  parent.children.filter((child) => child.namespace === namespace && child.localName === localName);

export const firstChild = (parent: XmlElement, namespace: string, localName: string): XmlElement | undefined => childElements(parent, namespace, localName)[0];
