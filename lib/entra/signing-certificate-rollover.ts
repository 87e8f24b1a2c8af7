import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { signingCertificatesOf, type SigningCertificate } from "./ensure-signing-certificate";
import { EntraGatewayError } from "./errors";
import { patchServicePrincipal, readServicePrincipal } from "./service-principal";

/** The app's SAML signing certificates, the active one marked (https://learn.microsoft.com/graph/api/serviceprincipal-addtokensigningcertificate). */
export async function listSigningCertificates(gateway: GraphGateway, servicePrincipalId: string): Promise<{ certificates: SigningCertificate[] }> {
  const sp = await readServicePrincipal(gateway, servicePrincipalId);
  return { certificates: signingCertificatesOf(sp.keyCredentials, sp.preferredTokenSigningKeyThumbprint) };
}

/**
 * The certificate Entra signs the app's SAML tokens and federation metadata with: the Verify key credential whose
 * thumbprint is the service principal's preferredTokenSigningKeyThumbprint
 * (https://learn.microsoft.com/graph/api/resources/serviceprincipal). Null when Entra reports none active.
 */
export async function activeSigningCertificate(gateway: GraphGateway, servicePrincipalId: string): Promise<SigningCertificate | null> {
  const { certificates } = await listSigningCertificates(gateway, servicePrincipalId);
  return certificates.find((c) => c.active) ?? null;
}

const laterThan = (a: SigningCertificate, b: SigningCertificate | undefined) => !b || (a.notAfter ?? "") > (b.notAfter ?? "");

/**
 * Rollover stage 1: a new certificate beside the active one, not yet active (sign-ins keep using the old one).
 * Adopts an inactive certificate that outlives the active one, so a retry never adds a second new one.
 */
export async function addRolloverCertificate(
  gateway: GraphGateway,
  input: { servicePrincipalId: string; displayName: string },
): Promise<{ outcome: "created" | "adopted"; certificate: SigningCertificate }> {
  const { certificates } = await listSigningCertificates(gateway, input.servicePrincipalId);
  const active = certificates.find((c) => c.active);
  const waiting = certificates.filter((c) => !c.active && laterThan(c, active) && (!c.notAfter || Date.parse(c.notAfter) > Date.now()));
  const adopted = waiting.sort((a, b) => (b.notAfter ?? "").localeCompare(a.notAfter ?? ""))[0];
  if (adopted) return { outcome: "adopted", certificate: adopted };
  const added = await callGraph<{ thumbprint: string; endDateTime?: string; startDateTime?: string; displayName?: string }>(
    gateway,
    "AddTokenSigningCertificate",
    () => gateway.api(`/servicePrincipals/${input.servicePrincipalId}/addTokenSigningCertificate`).post({ displayName: input.displayName }),
  );
  return {
    outcome: "created",
    certificate: {
      thumbprint: added.thumbprint.toUpperCase(),
      displayName: added.displayName ?? input.displayName,
      notBefore: added.startDateTime ?? null,
      notAfter: added.endDateTime ?? null,
      active: false,
    },
  };
}

/** Rollover stage 2: make the new certificate the one Entra signs with, and read it back. */
export async function activateSigningCertificate(
  gateway: GraphGateway,
  input: { servicePrincipalId: string; thumbprint: string },
): Promise<{ certificate: SigningCertificate }> {
  const thumbprint = input.thumbprint.toUpperCase();
  const before = await listSigningCertificates(gateway, input.servicePrincipalId);
  const chosen = before.certificates.find((c) => c.thumbprint === thumbprint);
  if (!chosen)
    throw new EntraGatewayError({
      kind: "validation",
      operation: "UpdateServicePrincipal",
      message: `The app has no signing certificate ${thumbprint}. Create the new certificate first.`,
    });
  if (!chosen.active) await patchServicePrincipal(gateway, input.servicePrincipalId, { preferredTokenSigningKeyThumbprint: thumbprint });
  const after = await listSigningCertificates(gateway, input.servicePrincipalId);
  const now = after.certificates.find((c) => c.thumbprint === thumbprint);
  if (!now?.active)
    throw new EntraGatewayError({
      kind: "unknown",
      operation: "UpdateServicePrincipal",
      message: "Entra did not make the new certificate the active signing key. Check the app's SAML certificates in Entra.",
    });
  return { certificate: now };
}
