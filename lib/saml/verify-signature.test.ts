import { X509Certificate, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSelfSignedCertificate } from "@/sandbox/entra/saml/certificates";
import { entraIdpMetadataXml, signMetadata, testCertificateBase64, testCertificatePem } from "./fixtures/test-fixtures";
import { parseMetadata } from "./parse-metadata";
import { parseMetadataOnServer } from "./parse-metadata-on-server";
import { verifyMetadataSignature } from "./verify-signature";

const TENANT = "8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05";
const NOW = new Date(new Date(new X509Certificate(testCertificatePem).validFrom).getTime() + 30 * 24 * 60 * 60 * 1000);
const signed = signMetadata(entraIdpMetadataXml());
// What Graph reports as the app's active signing key (preferredTokenSigningKeyThumbprint): the fixture certificate's SHA-1.
const ACTIVE = new X509Certificate(testCertificatePem).fingerprint.replace(/:/g, "");
const trusted = { now: NOW, signedBy: ACTIVE };

describe("metadata signature", () => {
  it("the fixture really is signed with an enveloped RSA-SHA256 signature", () => {
    expect(signed).toContain('<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(signed).toContain('Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"');
  });

  it("is verified on the server", async () => {
    const result = await parseMetadataOnServer(signed, "idp", trusted);
    expect(result.ok && result.metadata.signature).toBe("valid");
    // Graph's thumbprint may come in lower case or with colons; it names the same key.
    const spelled = await parseMetadataOnServer(signed, "idp", { now: NOW, signedBy: ACTIVE.toLowerCase().replace(/(..)(?!$)/g, "$1:") });
    expect(spelled.ok && spelled.metadata.signature).toBe("valid");
    expect(verifyMetadataSignature(signed, [testCertificateBase64])).toEqual({ status: "valid", certificateBase64: testCertificateBase64 });
  });

  it("is left for the server by the isomorphic parser", async () => {
    const result = await parseMetadata(signed, "idp", { now: NOW });
    expect(result.ok && result.metadata.signature).toBe("not-checked-in-browser");
  });

  it("is required of identity provider metadata: an unsigned document is refused", async () => {
    const result = await parseMetadataOnServer(entraIdpMetadataXml(), "idp", trusted);
    expect(result).toEqual({
      ok: false,
      error: { code: "signature-untrusted", message: expect.stringContaining(`must be signed by the active signing certificate ${ACTIVE}`) as unknown },
    });
  });

  it("survives a byte order mark in front of the signed document", async () => {
    const result = await parseMetadataOnServer(`\uFEFF${signed}`, "idp", trusted);
    expect(result.ok && result.metadata.signature).toBe("valid");
  });

  it("refuses a document with one attribute changed after signing", async () => {
    const location = `https://login.microsoftonline.com/${TENANT}/saml2`;
    const tampered = signed.replace(
      `Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${location}"`,
      `Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://evil.example/${TENANT}/saml2"`,
    );
    expect(tampered).not.toBe(signed);
    const result = await parseMetadataOnServer(tampered, "idp", trusted);
    expect(result).toEqual({ ok: false, error: { code: "signature-untrusted", message: expect.stringContaining("changed after it was signed") as unknown } });
    // The browser cannot tell; it must not claim the signature is fine either.
    const inBrowser = await parseMetadata(tampered, "idp", { now: NOW });
    expect(inBrowser.ok && inBrowser.metadata.signature).toBe("not-checked-in-browser");
  });

  it("refuses a document signed by a key other than the listed certificate's", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const foreign = signMetadata(entraIdpMetadataXml(), privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const result = await parseMetadataOnServer(foreign, "idp", trusted);
    expect(!result.ok && result.error.code).toBe("signature-untrusted");
  });

  describe("proves who signed: Graph's active signing key, not the document's own certificate", () => {
    // Someone else's key with a certificate of its own: a self-consistent document that verifies against itself.
    const other = createSelfSignedCertificate(
      "CN=Microsoft Azure Federated SSO Certificate",
      new Date(NOW.getTime() - 86_400_000),
      new Date(NOW.getTime() + 365 * 86_400_000),
    );
    const pem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;
    const signedByOther = async (xml: string) => {
      const { der, privateKey } = await other;
      return signMetadata(xml, privateKey.export({ type: "pkcs8", format: "pem" }).toString(), pem(der));
    };

    it("refuses a document signed by another key that carries that key's certificate (it verifies against itself)", async () => {
      const { der, thumbprint } = await other;
      const xml = await signedByOther(entraIdpMetadataXml(der.toString("base64")));
      // Checked only against itself, the document is fine: that is what the old check accepted.
      expect(verifyMetadataSignature(xml, [der.toString("base64")]).status).toBe("valid");
      const result = await parseMetadataOnServer(xml, "idp", trusted);
      expect(result).toEqual({
        ok: false,
        error: {
          code: "signature-untrusted",
          message: expect.stringContaining(`does not carry the active signing certificate ${ACTIVE}; it carries ${thumbprint}`) as unknown,
        },
      });
    });

    it("refuses a document signed by another key that also carries the active certificate, naming the key that signed", async () => {
      const { der, thumbprint } = await other;
      // The active certificate is public (any copy of the real metadata has it); an attacker can list it beside theirs.
      const both = entraIdpMetadataXml().replace(
        "<SingleLogoutService",
        `<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${der.toString("base64")}</X509Certificate></X509Data></KeyInfo></KeyDescriptor><SingleLogoutService`,
      );
      const xml = await signedByOther(both);
      const result = await parseMetadataOnServer(xml, "idp", trusted);
      expect(result).toEqual({
        ok: false,
        error: {
          code: "signature-untrusted",
          message: expect.stringContaining(`signed by the certificate ${thumbprint}, not by the active signing certificate ${ACTIVE}`) as unknown,
        },
      });
    });

    it("accepts the same document when Graph reports that other key as the active one", async () => {
      const { der, thumbprint } = await other;
      const xml = await signedByOther(entraIdpMetadataXml(der.toString("base64")));
      const result = await parseMetadataOnServer(xml, "idp", { now: NOW, signedBy: thumbprint });
      expect(result.ok && result.metadata.signature).toBe("valid");
    });
  });

  it("refuses a signature that covers only part of the document", () => {
    const partial = signMetadataPart(entraIdpMetadataXml().replace("<IDPSSODescriptor ", '<IDPSSODescriptor ID="_part" '));
    const wrapped = partial.replace(`https://sts.windows.net/${TENANT}/`, "https://sts.windows.net/00000000-0000-0000-0000-000000000000/");
    expect(verifyMetadataSignature(wrapped, [testCertificateBase64])).toEqual({
      status: "invalid",
      reason: expect.stringContaining("whole metadata") as unknown,
    });
  });

  it("refuses a signed document that smuggles a DOCTYPE", () => {
    const smuggled = signed.replace("<EntityDescriptor", "<!DOCTYPE x><EntityDescriptor");
    expect(verifyMetadataSignature(smuggled, [testCertificateBase64]).status).toBe("invalid");
  });

  it("refuses a signature when there is no certificate to check it with", () => {
    expect(verifyMetadataSignature(signed, []).status).toBe("invalid");
  });
});

function signMetadataPart(xml: string): string {
  // Signs only the IDPSSODescriptor yet places the signature on the root, as a wrapping attack would.
  return signMetadata(xml, undefined, undefined, "//*[local-name(.)='IDPSSODescriptor']");
}
