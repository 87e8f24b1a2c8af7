import { createHash, createSign, randomUUID, type KeyObject } from "node:crypto";
import type { EntraEnv } from "../env";
import { TENANT_ID } from "../tenant";
import type { SandboxRequest, SandboxResponse } from "../../core/types";
import type { GeneratedCertificate } from "./certificates";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";

const escapeAttr = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;").replace(/\r/g, "&#xD;");

/**
 * The document body is emitted directly in exclusive-c14n form (attributes in canonical order, explicit end
 * tags, no whitespace between elements, namespace declarations only where first used), so the digest over
 * this text is the digest over its canonicalization — which is what a verifier computes.
 */
function entityBody(env: EntraEnv, id: string, cert: GeneratedCertificate): { open: string; rest: string } {
  const certB64 = cert.der.toString("base64");
  const sso = `${env.ctx.baseUrl}/login/${TENANT_ID}/saml2`;
  const open = `<EntityDescriptor xmlns="${MD}" ID="${escapeAttr(id)}" entityID="https://sts.windows.net/${TENANT_ID}/">`;
  const rest =
    `<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<KeyDescriptor use="signing"><KeyInfo xmlns="${DS}"><X509Data><X509Certificate>${certB64}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>` +
    `<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeAttr(sso)}"></SingleLogoutService>` +
    `<NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</NameIDFormat>` +
    `<NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</NameIDFormat>` +
    `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeAttr(sso)}"></SingleSignOnService>` +
    `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeAttr(sso)}"></SingleSignOnService>` +
    `</IDPSSODescriptor></EntityDescriptor>`;
  return { open, rest };
}

function signedInfo(referenceId: string, digest: string, withNs: boolean): string {
  return (
    `<SignedInfo${withNs ? ` xmlns="${DS}"` : ""}>` +
    `<CanonicalizationMethod Algorithm="${EXC_C14N}"></CanonicalizationMethod>` +
    `<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></SignatureMethod>` +
    `<Reference URI="#${escapeAttr(referenceId)}"><Transforms>` +
    `<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></Transform>` +
    `<Transform Algorithm="${EXC_C14N}"></Transform></Transforms>` +
    `<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></DigestMethod>` +
    `<DigestValue>${digest}</DigestValue></Reference></SignedInfo>`
  );
}

/** Enveloped XML-DSig (RSA-SHA256, exclusive c14n, SHA-256 digest) over the whole EntityDescriptor. */
export function signedFederationMetadata(env: EntraEnv, cert: GeneratedCertificate, privateKey: KeyObject): string {
  const id = `_${randomUUID()}`;
  const { open, rest } = entityBody(env, id, cert);
  const digest = createHash("sha256").update(open + rest, "utf8").digest("base64");
  // In the signed node-set SignedInfo is the apex, so c14n renders the inherited ds namespace on it.
  const signature = createSign("RSA-SHA256").update(signedInfo(id, digest, true), "utf8").sign(privateKey).toString("base64");
  const sig =
    `<Signature xmlns="${DS}">${signedInfo(id, digest, false)}<SignatureValue>${signature}</SignatureValue>` +
    `<KeyInfo><X509Data><X509Certificate>${cert.der.toString("base64")}</X509Certificate></X509Data></KeyInfo></Signature>`;
  return `<?xml version="1.0" encoding="utf-8"?>${open}${sig}${rest}`;
}

/** The certificate an app's SAML tokens are signed with: its active one, else the tenant's default. */
export function activeCertificate(env: EntraEnv, appId: string | null): GeneratedCertificate | "unknown-app" {
  if (!appId) return env.tenantSamlCert;
  const sp = env.state.servicePrincipalByAppId(appId);
  if (!sp || sp.visibleAt > env.ctx.clock.now()) return "unknown-app";
  const thumb = sp.preferredTokenSigningKeyThumbprint;
  const active = thumb ? sp.signingCertificates.find((c) => c.cert.thumbprint === thumb) : undefined;
  // Without an activated certificate the app is still signed with the tenant's default key.
  return active?.cert ?? env.tenantSamlCert;
}

export function handleFederationMetadata(env: EntraEnv, req: SandboxRequest): SandboxResponse {
  const appId = req.url.searchParams.get("appid");
  const cert = activeCertificate(env, appId);
  if (cert === "unknown-app")
    return {
      status: 400,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: `<!doctype html><html><body><p>AADSTS700016: Application with identifier '${String(appId).replace(/[<>&"]/g, "")}' was not found in the directory '${TENANT_ID}'.</p></body></html>`,
    };
  return {
    status: 200,
    headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "no-store" },
    body: signedFederationMetadata(env, cert, cert.privateKey),
  };
}
