const AWS_ISSUER = /^https:\/\/([a-z]{2}(?:-[a-z]+)+-\d+)\.signin\.aws\.amazon\.com\/platform\/saml\/(d-[0-9a-f]{10})$/;
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ENTRA_ISSUER = new RegExp(`^https://sts\\.windows\\.net/(${GUID})/$`, "i");
// login.microsoftonline.com/<tenant>/saml2 in Entra, <sandbox>/login/<tenant>/saml2 in the sandbox cloud.
const ENTRA_SSO_PATH = new RegExp(`/(${GUID})/saml2/?$`, "i");
const ENTRA_SSO_HOSTS = new Set(["login.microsoftonline.com", "127.0.0.1", "localhost"]);

/** The IAM Identity Center issuer URL carries the region and identity store id (https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source-idp.html). */
export function identifyAwsServiceProvider(entityId: string): { region: string; identityStoreId: string; accessPortalUrl: string } | null {
  const match = AWS_ISSUER.exec(entityId);
  if (!match?.[1] || !match[2]) return null;
  return { region: match[1], identityStoreId: match[2], accessPortalUrl: `https://${match[2]}.awsapps.com/start` };
}

/** Entra's federation metadata names the tenant in its entity id (https://learn.microsoft.com/entra/identity-platform/federation-metadata). */
export function identifyEntraTenant(entityId: string, ssoLocations: readonly string[]): { tenantId: string } | null {
  const fromIssuer = ENTRA_ISSUER.exec(entityId)?.[1];
  if (fromIssuer) return { tenantId: fromIssuer.toLowerCase() };
  for (const location of ssoLocations) {
    const url = new URL(location);
    if (!ENTRA_SSO_HOSTS.has(url.hostname)) continue;
    const fromSso = ENTRA_SSO_PATH.exec(url.pathname)?.[1];
    if (fromSso) return { tenantId: fromSso.toLowerCase() };
  }
  return null;
}
