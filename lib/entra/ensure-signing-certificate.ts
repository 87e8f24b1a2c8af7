import "server-only";
import { createHash } from "node:crypto";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";
import { patchServicePrincipal, readServicePrincipal, type KeyCredentialRow } from "./service-principal";

export interface SigningCertificate {
  thumbprint: string;
  displayName: string | null;
  notBefore: string | null;
  notAfter: string | null;
  active: boolean;
}

export type EnsureSigningCertificateResult = {
  /** adopted: an active, unexpired one was there; activated: an unexpired inactive one (e.g. left by a crash) was switched on. */
  outcome: "adopted" | "activated" | "created";
  thumbprint: string;
  notAfter: string | null;
  daysLeft: number | null;
  certificates: SigningCertificate[];
};

/** SHA-1 of the DER, upper-case hex: what Entra and the federation metadata call the thumbprint. */
function thumbprintOf(k: KeyCredentialRow): string | null {
  if (k.key) return createHash("sha1").update(Buffer.from(k.key, "base64")).digest("hex").toUpperCase();
  const id = k.customKeyIdentifier;
  if (!id) return null;
  if (/^[0-9a-f]{40}$/i.test(id)) return id.toUpperCase();
  // Graph reports customKeyIdentifier as the base64 of the thumbprint bytes.
  const bytes = Buffer.from(id, "base64");
  return bytes.length === 20 ? bytes.toString("hex").toUpperCase() : null;
}

export function signingCertificatesOf(keys: KeyCredentialRow[], preferred: string | null): SigningCertificate[] {
  const out: SigningCertificate[] = [];
  for (const k of keys) {
    if (k.usage !== "Verify" || k.type !== "AsymmetricX509Cert") continue;
    const thumbprint = thumbprintOf(k);
    if (!thumbprint || out.some((c) => c.thumbprint === thumbprint)) continue;
    out.push({ thumbprint, displayName: k.displayName, notBefore: k.startDateTime, notAfter: k.endDateTime, active: thumbprint === preferred?.toUpperCase() });
  }
  return out;
}

const unexpired = (c: SigningCertificate, now: number) => !c.notAfter || Date.parse(c.notAfter) > now;
const daysLeft = (notAfter: string | null, now: number) => (notAfter ? Math.floor((Date.parse(notAfter) - now) / 86_400_000) : null);

/**
 * Step 5's signing certificate (https://learn.microsoft.com/graph/api/serviceprincipal-addtokensigningcertificate): adopts the active unexpired one; otherwise activates an
 * unexpired one already there with this name (a retry after a crash), or adds one and makes it the preferred key.
 */
export async function ensureSigningCertificate(
  gateway: GraphGateway,
  input: { servicePrincipalId: string; displayName: string; endDateTime?: string },
  now: () => number = Date.now,
): Promise<EnsureSigningCertificateResult> {
  if (!input.displayName.startsWith("CN="))
    throw new EntraGatewayError({
      kind: "validation",
      operation: "AddTokenSigningCertificate",
      message: 'The certificate name must start with "CN=", e.g. CN=AWS IAM Identity Center.',
    });
  const sp = await readServicePrincipal(gateway, input.servicePrincipalId);
  const certs = signingCertificatesOf(sp.keyCredentials, sp.preferredTokenSigningKeyThumbprint);
  const active = certs.find((c) => c.active && unexpired(c, now()));
  if (active)
    return { outcome: "adopted", thumbprint: active.thumbprint, notAfter: active.notAfter, daysLeft: daysLeft(active.notAfter, now()), certificates: certs };

  let outcome: EnsureSigningCertificateResult["outcome"] = "activated";
  let chosen = certs.find((c) => !c.active && unexpired(c, now()) && c.displayName === input.displayName);
  if (!chosen) {
    const added = await callGraph<{ thumbprint: string; endDateTime?: string; startDateTime?: string; displayName?: string }>(
      gateway,
      "AddTokenSigningCertificate",
      () =>
        gateway
          .api(`/servicePrincipals/${input.servicePrincipalId}/addTokenSigningCertificate`)
          .post({ displayName: input.displayName, ...(input.endDateTime ? { endDateTime: input.endDateTime } : {}) }),
    );
    outcome = "created";
    chosen = {
      thumbprint: added.thumbprint.toUpperCase(),
      displayName: added.displayName ?? input.displayName,
      notBefore: added.startDateTime ?? null,
      notAfter: added.endDateTime ?? null,
      active: false,
    };
  }
  // The resource reference calls this property internal, yet it is how Microsoft's own tutorial activates the key (https://learn.microsoft.com/graph/application-saml-sso-configure-api).
  await patchServicePrincipal(gateway, input.servicePrincipalId, { preferredTokenSigningKeyThumbprint: chosen.thumbprint });
  const after = await readServicePrincipal(gateway, input.servicePrincipalId);
  if (after.preferredTokenSigningKeyThumbprint?.toUpperCase() !== chosen.thumbprint)
    throw new EntraGatewayError({
      kind: "unknown",
      operation: "UpdateServicePrincipal",
      message: "Entra added the certificate but does not report it as the active signing key. Check the app's SAML certificates in Entra.",
    });
  const final = signingCertificatesOf(after.keyCredentials, after.preferredTokenSigningKeyThumbprint);
  const notAfter = final.find((c) => c.thumbprint === chosen.thumbprint)?.notAfter ?? chosen.notAfter;
  return { outcome, thumbprint: chosen.thumbprint, notAfter, daysLeft: daysLeft(notAfter, now()), certificates: final };
}
