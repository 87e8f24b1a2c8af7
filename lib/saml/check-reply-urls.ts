import { MetadataRefusal } from "./refusal";
import type { IndexedEndpoint } from "./types";

/** The hosts the sandbox cloud serves from; their endpoints are accepted only when the portal runs in sandbox mode. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]"]);

// The ACS path IAM Identity Center publishes: /platform/saml/acs/<id>, the id hex groups joined by hyphens (a UUID,
// sometimes with a 16-hex first group). No query, no fragment, no port: AWS's reply URLs have none.
const ACS_PATH = /^\/platform\/saml\/acs\/[0-9a-f]{1,32}(?:-[0-9a-f]{1,32}){0,7}$/i;

/**
 * The hosts at which IAM Identity Center in `region` receives SAML responses: the IPv4 one,
 * `<region>.signin.aws.amazon.com` (https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source-idp.html),
 * and the dual-stack one, `<region>.sso.signin.aws`, which the metadata lists beside it since Identity Center
 * supports IPv6 (https://aws.amazon.com/blogs/security/iam-identity-center-now-supports-ipv6/).
 */
export const awsReplyHosts = (region: string): string[] => [`${region}.signin.aws.amazon.com`, `${region}.sso.signin.aws`];

/**
 * Every AssertionConsumerService of IAM Identity Center metadata becomes a reply URL in Entra, and Entra posts signed
 * assertions to whichever one a request names or the metadata marks default (SAML metadata §2.4.4,
 * https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf; Entra's reply URLs:
 * https://learn.microsoft.com/entra/identity/enterprise-apps/configure-saml-single-sign-on). One foreign ACS is
 * enough to have sign-ins delivered to someone who replays them to AWS, so every ACS must be AWS's own endpoint
 * for the Region of the metadata's issuer. Plain-http local endpoints are the sandbox cloud's, accepted only in
 * sandbox mode. The refusal names the foreign host (a URL parser's hostname never carries markup).
 */
export function checkAwsReplyUrls(services: readonly IndexedEndpoint[], region: string, options: { sandbox: boolean }): void {
  const problem = foreignReplyUrl(services, region, options);
  if (problem !== null)
    throw new MetadataRefusal("foreign-reply-url", `${problem} The file was refused; download the metadata again from the IAM Identity Center console.`);
}

/**
 * The same rule, for reply URLs already stored (kept by a portal that did not check them yet): a sentence naming
 * the first foreign one, or null when every one is AWS's for the Region.
 */
export function foreignReplyUrl(
  services: readonly Pick<IndexedEndpoint, "location" | "isDefault">[],
  region: string,
  options: { sandbox: boolean },
): string | null {
  const hosts = awsReplyHosts(region);
  for (const service of services) {
    let url: URL;
    try {
      url = new URL(service.location);
    } catch {
      return "A reply URL (AssertionConsumerService) is not a URL.";
    }
    if (options.sandbox && LOCAL_HOSTS.has(url.hostname)) continue;
    const problem = replyUrlProblem(url, hosts);
    if (problem === null) continue;
    return (
      `A reply URL (AssertionConsumerService${service.isDefault ? ", marked default" : ""}) ${problem}. ` +
      `IAM Identity Center in ${region} receives sign-ins only at https://${hosts.join(" and https://")}, so Entra would send signed sign-ins elsewhere.`
    );
  }
  return null;
}

function replyUrlProblem(url: URL, hosts: readonly string[]): string | null {
  const host = url.hostname.toLowerCase();
  if (LOCAL_HOSTS.has(host)) return `points at ${host}, a local address that only the sandbox uses`;
  if (!hosts.includes(host)) {
    const otherRegion = /^([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:signin\.aws\.amazon\.com|sso\.signin\.aws)$/.exec(host)?.[1];
    return otherRegion ? `is at ${host}, AWS's endpoint for another Region (${otherRegion})` : `is at ${host}, which is not an AWS sign-in host`;
  }
  if (url.protocol !== "https:") return `on ${host} does not use https`;
  if (url.port !== "") return `on ${host} names a port (${url.port}), which AWS's reply URLs never do`;
  if (url.search !== "" || url.hash !== "" || !ACS_PATH.test(url.pathname))
    return `on ${host} is not an IAM Identity Center reply URL (https://${host}/platform/saml/acs/<id>)`;
  return null;
}
