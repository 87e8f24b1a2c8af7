import "server-only";
import type { AwsTarget } from "./clients";

/** The AWS access portal start URL users open; the sandbox serves its own under /awsapps. */
export function accessPortalStartUrl(target: AwsTarget, identityStoreId: string): string {
  return target.kind === "sandbox" ? `${target.sandboxUrl}/awsapps/${identityStoreId}/start` : `https://${identityStoreId}.awsapps.com/start`;
}

/**
 * Where the access portal sends an anonymous browser: to AWS's own sign-in while the identity source
 * is the Identity Center directory, to the external IdP's SAML endpoint once one is configured.
 */
export async function probeAccessPortal(startUrl: string, timeoutMs = 10_000): Promise<{ status: number; location: string | null }> {
  const response = await fetch(startUrl, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, location: response.headers.get("location") };
}
