import { X509Certificate, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { entraIdpMetadataXml, signMetadata, testCertificateBase64, testCertificatePem } from "./fixtures/test-fixtures";
import { parseMetadata } from "./parse-metadata";
import { parseMetadataOnServer } from "./parse-metadata-on-server";
import { verifyMetadataSignature } from "./verify-signature";

const TENANT = "8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05";
const NOW = new Date(new Date(new X509Certificate(testCertificatePem).validFrom).getTime() + 30 * 24 * 60 * 60 * 1000);
const signed = signMetadata(entraIdpMetadataXml());

describe("metadata signature", () => {
  it("the fixture really is signed with an enveloped RSA-SHA256 signature", () => {
    expect(signed).toContain('<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(signed).toContain('Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"');
  });

  it("is verified on the server", async () => {
    const result = await parseMetadataOnServer(signed, "idp", { now: NOW });
    expect(result.ok && result.metadata.signature).toBe("valid");
    expect(verifyMetadataSignature(signed, [testCertificateBase64])).toEqual({ status: "valid", certificateBase64: testCertificateBase64 });
  });

  it("is left for the server by the isomorphic parser", async () => {
    const result = await parseMetadata(signed, "idp", { now: NOW });
    expect(result.ok && result.metadata.signature).toBe("not-checked-in-browser");
  });

  it("is reported absent on an unsigned document", async () => {
    const result = await parseMetadataOnServer(entraIdpMetadataXml(), "idp", { now: NOW });
    expect(result.ok && result.metadata.signature).toBe("absent");
  });

  it("survives a byte order mark in front of the signed document", async () => {
    const result = await parseMetadataOnServer(`\uFEFF${signed}`, "idp", { now: NOW });
    expect(result.ok && result.metadata.signature).toBe("valid");
  });

  it("refuses a document with one attribute changed after signing", async () => {
    const location = `https://login.microsoftonline.com/${TENANT}/saml2`;
    const tampered = signed.replace(
      `Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${location}"`,
      `Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://evil.example/${TENANT}/saml2"`,
    );
    expect(tampered).not.toBe(signed);
    const result = await parseMetadataOnServer(tampered, "idp", { now: NOW });
    expect(result).toEqual({ ok: false, error: { code: "signature-invalid", message: expect.stringContaining("changed after it was signed") as unknown } });
    // The browser cannot tell; it must not claim the signature is fine either.
    const inBrowser = await parseMetadata(tampered, "idp", { now: NOW });
    expect(inBrowser.ok && inBrowser.metadata.signature).toBe("not-checked-in-browser");
  });

  it("refuses a document signed by a key other than the listed certificate's", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const foreign = signMetadata(entraIdpMetadataXml(), privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const result = await parseMetadataOnServer(foreign, "idp", { now: NOW });
    expect(!result.ok && result.error.code).toBe("signature-invalid");
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
