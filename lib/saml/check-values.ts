import { MetadataRefusal } from "./refusal";
import type { MetadataWarning } from "./types";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
// Markup, quotes, whitespace and control characters never belong in an entity id or endpoint URL; their
// presence means the value was crafted to break out of wherever the portal later shows or sends it.
const UNSAFE_CHARACTERS = /[<>"'`\\\s\u0000-\u001f\u007f]/;
const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,\-.:=@;$_!*%/?#]+$/i;

const unsafe = (what: string, why: string) =>
  new MetadataRefusal("unsafe-value", `The ${what} in this file ${why}, so the file was refused. Download the metadata again from the console.`);

/**
 * AWS and Entra endpoints are always https; plain http is allowed only on this machine so that the sandbox
 * cloud (http://127.0.0.1:4010) works, and it is reported so nobody mistakes it for a real tenant.
 */
export function checkUrl(value: string, what: string, warnings: MetadataWarning[]): string {
  if (value === "") throw unsafe(what, "is empty");
  if (UNSAFE_CHARACTERS.test(value)) throw unsafe(what, "contains markup or characters a URL never has");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw unsafe(what, "is not a URL");
  }
  if (url.username !== "" || url.password !== "") throw unsafe(what, "carries a user name or password");
  if (url.protocol === "https:") return value;
  if (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)) {
    if (!warnings.some((w) => w.code === "local-endpoint"))
      warnings.push({
        code: "local-endpoint",
        message: `The ${what} ${value} is a sandbox/local endpoint on plain http. Real AWS and Entra endpoints are always https.`,
      });
    return value;
  }
  throw unsafe(what, `uses ${url.protocol.replace(/:$/, "")} instead of https`);
}

/** SAML allows URN entity ids (AWS's legacy SP is urn:amazon:webservices); everything else must be a safe URL. */
export function checkEntityId(value: string, warnings: MetadataWarning[]): string {
  if (/^urn:/i.test(value)) {
    if (!URN.test(value)) throw unsafe("entity id", "contains characters an entity id never has");
    return value;
  }
  return checkUrl(value, "entity id", warnings);
}
