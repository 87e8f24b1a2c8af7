import { LOCAL_HOSTS } from "./check-reply-urls";
import { MetadataRefusal } from "./refusal";
import type { MetadataWarning } from "./types";

/** What the URL checks need: where warnings go, and whether the portal runs in sandbox mode. */
export interface UrlCheckContext {
  warnings: MetadataWarning[];
  /** True only in sandbox mode (IB_MODE=sandbox): then the sandbox cloud's local endpoints are accepted. */
  sandbox: boolean;
}
// Markup, quotes, whitespace and control characters never belong in an entity id or endpoint URL; their
// presence means the value was crafted to break out of wherever the portal later shows or sends it.
const UNSAFE_CHARACTERS = /[<>"'`\\\s\u0000-\u001f\u007f]/;
const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,\-.:=@;$_!*%/?#]+$/i;

const unsafe = (what: string, why: string) =>
  new MetadataRefusal("unsafe-value", `The ${what} in this file ${why}, so the file was refused. Download the metadata again from the console.`);

/**
 * AWS and Entra endpoints are always https; plain http is allowed only on this machine and only in sandbox mode,
 * so that the sandbox cloud (http://127.0.0.1:4010) works, and it is reported so nobody mistakes it for a real
 * tenant. A live portal never accepts a local endpoint: metadata naming one was not made by AWS or Entra.
 */
export function checkUrl(value: string, what: string, { warnings, sandbox }: UrlCheckContext): string {
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
    if (!sandbox) throw unsafe(what, `is a local endpoint on plain http (${url.hostname}), which only the sandbox uses`);
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
export function checkEntityId(value: string, context: UrlCheckContext): string {
  if (/^urn:/i.test(value)) {
    if (!URN.test(value)) throw unsafe("entity id", "contains characters an entity id never has");
    return value;
  }
  return checkUrl(value, "entity id", context);
}
