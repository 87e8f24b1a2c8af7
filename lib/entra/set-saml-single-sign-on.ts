import "server-only";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";
import { patchServicePrincipal, readServicePrincipal } from "./service-principal";

export type SetSamlResult = { changed: boolean; previousMode: string | null; preferredSingleSignOnMode: "saml" };

/** Step 3 (https://learn.microsoft.com/graph/application-saml-sso-configure-api): SAML as the sign-on method — first, so the identifier URIs are accepted afterwards. */
export async function setSamlSingleSignOn(gateway: GraphGateway, servicePrincipalId: string): Promise<SetSamlResult> {
  const before = await readServicePrincipal(gateway, servicePrincipalId);
  if (before.preferredSingleSignOnMode === "saml") return { changed: false, previousMode: "saml", preferredSingleSignOnMode: "saml" };
  await patchServicePrincipal(gateway, servicePrincipalId, { preferredSingleSignOnMode: "saml" });
  const after = await readServicePrincipal(gateway, servicePrincipalId);
  if (after.preferredSingleSignOnMode !== "saml")
    throw new EntraGatewayError({
      kind: "unknown",
      operation: "UpdateServicePrincipal",
      message: `Entra accepted the change but still reports the sign-on mode as "${after.preferredSingleSignOnMode ?? "none"}". Try again in a minute.`,
    });
  return { changed: true, previousMode: before.preferredSingleSignOnMode, preferredSingleSignOnMode: "saml" };
}
