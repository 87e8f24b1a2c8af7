import "server-only";
import { ensureSigningCertificate, signingCertificatesOf } from "../../../entra/ensure-signing-certificate";
import { fetchFederationMetadata } from "../../../entra/fetch-federation-metadata";
import type { readServicePrincipal } from "../../../entra/service-principal";
import { setNotificationEmails } from "../../../entra/set-notification-emails";
import { activeSigningCertificate } from "../../../entra/signing-certificate-rollover";
import { parseMetadataOnServer } from "../../../saml/parse-metadata-on-server";
import { StepError, type SetupContext } from "../../context";
import type { FederationFacts } from "../../facts";

export const CERTIFICATE_NAME = "CN=Microsoft Azure Federated SSO Certificate";

type Principal = Awaited<ReturnType<typeof readServicePrincipal>>;

/**
 * The app's SAML signing certificate (added and made active when none is) and the acting admin as the address
 * Entra warns before it expires (https://learn.microsoft.com/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on).
 */
export async function ensureSigningAndNotification(context: SetupContext, servicePrincipalId: string) {
  const gateway = await context.entra();
  const certificate = await ensureSigningCertificate(gateway, { servicePrincipalId, displayName: CERTIFICATE_NAME });
  await setNotificationEmails(gateway, servicePrincipalId, [context.actor.email]);
  const signing: NonNullable<FederationFacts["signing"]> = {
    thumbprint: certificate.thumbprint,
    notAfter: certificate.notAfter ?? "",
    notificationEmail: context.actor.email,
  };
  return { signing, outcome: `${certificate.outcome} ${certificate.thumbprint}` };
}

/** The preview lines of ensureSigningAndNotification, from the service principal as it is. */
export function signingPreviewLines(context: SetupContext, principal: Principal): string[] {
  const now = Date.now();
  const certificates = signingCertificatesOf(principal.keyCredentials, principal.preferredTokenSigningKeyThumbprint);
  const active = certificates.find((c) => c.active && (!c.notAfter || Date.parse(c.notAfter) > now));
  const emails = principal.notificationEmailAddresses;
  return [
    active
      ? `Signing certificate: kept (the active one, ${active.thumbprint}, expires ${active.notAfter?.slice(0, 10) ?? "never"}).`
      : "Signing certificate: add a new one and make it active (none is active and unexpired).",
    emails.length === 1 && emails[0]?.toLowerCase() === context.actor.email.toLowerCase()
      ? `Notification email: kept (${context.actor.email}).`
      : `Notification email: ${emails.length ? emails.join(", ") : "(none)"} → ${context.actor.email}.`,
  ];
}

/**
 * Entra's federation metadata for the app, fetched and checked: it must be signed by the certificate Graph reports
 * as the app's active signing certificate (https://learn.microsoft.com/entra/identity-platform/federation-metadata),
 * not merely by the certificate the document carries. `repair` names the step that adds and activates one.
 */
export async function fetchCheckedFederationMetadata(context: SetupContext, app: { appId: string; servicePrincipalId: string }, repair: string) {
  const gateway = await context.entra();
  const active = await activeSigningCertificate(gateway, app.servicePrincipalId);
  if (!active) throw new StepError(`Entra reports no active SAML signing certificate for the app. Run ${repair} again to add and activate one.`);
  const result = await fetchFederationMetadata(gateway, { appId: app.appId });
  const parsed = await parseMetadataOnServer(result.xml, "idp", { signedBy: active.thumbprint, sandbox: context.isSandbox });
  if (!parsed.ok) throw new StepError(`Entra's federation metadata did not pass the checks: ${parsed.error.message}`);
  const certificate = parsed.metadata.certificates.find((x) => x.use === "signing" && x.sha1Thumbprint === active.thumbprint);
  if (!certificate || parsed.metadata.signature !== "valid")
    throw new StepError(`The federation metadata is not signed by the active signing certificate ${active.thumbprint}.`);
  const sso = parsed.metadata.singleSignOnServices.find((s) => s.binding.endsWith("HTTP-Redirect")) ?? parsed.metadata.singleSignOnServices[0];
  if (!sso) throw new StepError("The federation metadata has no single sign-on URL.");
  const idpMetadata: NonNullable<FederationFacts["idpMetadata"]> = {
    entityId: parsed.metadata.entityId,
    ssoUrl: sso.location,
    thumbprint: certificate.sha1Thumbprint,
    notAfter: certificate.notAfter,
    fileName: result.fileName,
    xml: result.xml,
  };
  return {
    idpMetadata,
    evidence: {
      entityId: parsed.metadata.entityId,
      signature: parsed.metadata.signature,
      certificate: certificate.sha1Thumbprint,
      expires: certificate.notAfter,
      ssoUrl: sso.location,
    },
  };
}
