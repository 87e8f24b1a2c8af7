import { MetadataRefusal } from "./refusal";
import type { MetadataWarning } from "./types";

export const DEFAULT_MAX_BYTES = 512 * 1024;

const BOM = "\uFEFF";

/**
 * Checks on the raw text, before any parser sees it: a DOCTYPE is where XXE and billion-laughs live, and
 * refusing it outright is safer than trusting any parser setting to neutralise it.
 */
export function screenRawText(input: unknown, maxBytes: number): { text: string; warnings: MetadataWarning[] } {
  if (typeof input !== "string" || input.trim() === "" || input.trim() === BOM)
    throw new MetadataRefusal("empty", "The file is empty. Choose the metadata XML file you downloaded.");
  // A UTF-16 string is never shorter than its UTF-8 encoding in code units, so the cheap check comes first.
  if (input.length > maxBytes || new TextEncoder().encode(input).byteLength > maxBytes)
    throw new MetadataRefusal(
      "too-large",
      `This file is larger than ${formatSize(maxBytes)}. SAML metadata for one entity is a few kilobytes; check that you chose the right file.`,
    );
  const warnings: MetadataWarning[] = [];
  let text = input;
  if (text.startsWith(BOM)) {
    text = text.slice(1);
    warnings.push({
      code: "byte-order-mark",
      message: "The file starts with a byte order mark. It was ignored here, but AWS IAM refuses metadata with one.",
    });
  }
  if (/<!DOCTYPE/i.test(text))
    throw new MetadataRefusal("doctype", "This file declares a DOCTYPE, which SAML metadata never needs; it was refused to keep entity tricks out.");
  if (/<!(ENTITY|ELEMENT|ATTLIST|NOTATION)/i.test(text))
    throw new MetadataRefusal(
      "entity-declaration",
      "This file declares XML entities, which SAML metadata never needs; it was refused to keep entity tricks out.",
    );
  if (!text.trimStart().startsWith("<")) throw new MetadataRefusal("not-xml", "This file is not XML. Choose the SAML metadata XML file you downloaded.");
  return { text, warnings };
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
