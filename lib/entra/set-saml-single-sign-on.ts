import "server-only";
import type { WithRequestIds } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";
import { patchServicePrincipal, readServicePrincipal } from "./service-principal";

export type SetSamlResult = WithRequestIds & { changed: boolean; previousMode: string | null; preferredSingleSignOnMode: "saml" };

/** Step 3 (graph-api.md §5.1): SAML as the sign-on method — first, so the identifier URIs are accepted afterwards. */
export async function setSamlSingleSignOn(gateway: GraphGateway, servicePrincipalId: string): Promise<SetSamlResult> {
  const requestIds: string[] = [];
  const before = await readServicePrincipal(gateway, servicePrincipalId, requestIds);
  if (before.preferredSingleSignOnMode === "saml") return { changed: false, previousMode: "saml", preferredSingleSignOnMode: "saml", requestIds };
  await patchServicePrincipal(gateway, servicePrincipalId, { preferredSingleSignOnMode: "saml" }, requestIds);
  const after = await readServicePrincipal(gateway, servicePrincipalId, requestIds);
  if (after.preferredSingleSignOnMode !== "saml")
    throw new EntraGatewayError({
      kind: "unknown",
      operation: "UpdateServicePrincipal",
      message: `Entra accepted the change but still reports the sign-on mode as "${after.preferredSingleSignOnMode ?? "none"}". Try again in a minute.`,
    });
  return { changed: true, previousMode: before.preferredSingleSignOnMode, preferredSingleSignOnMode: "saml", requestIds };
}
