import "server-only";
import type { SigningCertificate } from "../entra/ensure-signing-certificate";
import { activateSigningCertificate, addRolloverCertificate, listSigningCertificates } from "../entra/signing-certificate-rollover";
import { requireFact, type SetupContext } from "./context";
import { stepRef } from "./step-ref";
import { federationMetadata } from "./steps/identity-center/federation-metadata";
import { mergeFacts } from "./store";

/**
 * Guided rollover of Entra's SAML signing certificate (https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on): add the new certificate beside the
 * active one → make it active and fetch the new federation metadata → the admin uploads that file in the AWS
 * console (Setup's idp-metadata-upload step, the only way: AWS has no API for it) → that step's check confirms AWS sends
 * sign-ins to Entra. Between activation and the upload, AWS still trusts only the old certificate, so
 * sign-ins fail: the page says so before the admin confirms.
 */
export interface RolloverStatus {
  active: SigningCertificate | null;
  /** A certificate added for the rollover, not yet active. */
  waiting: SigningCertificate | null;
  /** The metadata the portal holds (and AWS should have) was signed with another certificate than the active one. */
  awsNeedsNewMetadata: boolean;
}

const ROLLOVER_NAME = "CN=Microsoft Azure Federated SSO Certificate";

export async function certificateRolloverStatus(context: SetupContext): Promise<RolloverStatus> {
  const app = requireFact(context, "app", `The AWS app does not exist in Entra yet (Setup ${stepRef("gallery-app")}).`);
  const { certificates } = await listSigningCertificates(await context.entra(), app.servicePrincipalId);
  const active = certificates.find((c) => c.active) ?? null;
  const waiting =
    certificates
      .filter((c) => !c.active && (c.notAfter ?? "") > (active?.notAfter ?? ""))
      .sort((a, b) => (b.notAfter ?? "").localeCompare(a.notAfter ?? ""))[0] ?? null;
  const held = context.facts.idpMetadata?.thumbprint?.toUpperCase();
  return { active, waiting, awsNeedsNewMetadata: Boolean(active && held && held !== active.thumbprint) };
}

export async function startCertificateRollover(context: SetupContext): Promise<{ message: string; certificate: SigningCertificate }> {
  const app = requireFact(context, "app", `The AWS app does not exist in Entra yet (Setup ${stepRef("gallery-app")}).`);
  const result = await addRolloverCertificate(await context.entra(), { servicePrincipalId: app.servicePrincipalId, displayName: ROLLOVER_NAME });
  return {
    message: `${result.outcome === "created" ? "New certificate created" : "The new certificate was already there"} (${result.certificate.thumbprint}, valid until ${result.certificate.notAfter?.slice(0, 10) ?? "unknown"}). It is not active yet: sign-ins still use the old one.`,
    certificate: result.certificate,
  };
}

export async function activateRolloverCertificate(context: SetupContext, thumbprint: string): Promise<{ message: string }> {
  const app = requireFact(context, "app", `The AWS app does not exist in Entra yet (Setup ${stepRef("gallery-app")}).`);
  const activated = await activateSigningCertificate(await context.entra(), { servicePrincipalId: app.servicePrincipalId, thumbprint });
  const signing = {
    thumbprint: activated.certificate.thumbprint,
    notAfter: activated.certificate.notAfter ?? "",
    notificationEmail: context.facts.signing?.notificationEmail ?? context.actor.email,
  };
  context.facts = await mergeFacts(context.database, context.federationId, { signing });
  // The new federation metadata, checked and kept for download exactly as the federation-metadata step does.
  const metadata = await federationMetadata.run!(context, undefined);
  if (metadata.facts) context.facts = await mergeFacts(context.database, context.federationId, metadata.facts);
  return {
    message: `The new certificate is active and Entra's new federation metadata is ready. Upload it in the AWS console now: until then AWS rejects sign-ins. Then prove it with Setup ${stepRef("test-sign-in")}.`,
  };
}
