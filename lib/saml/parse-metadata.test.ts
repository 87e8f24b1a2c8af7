import { X509Certificate as NodeX509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  awsSpMetadataXml,
  entraIdpMetadataXml,
  testCertificateBase64,
  testCertificatePem,
  weak1024CertificateBase64,
  weak512CertificateBase64,
} from "./fixtures/test-fixtures";
import { parseMetadata } from "./parse-metadata";
import type { MetadataResult, MetadataWarning, SamlMetadata } from "./types";

// node's own X.509 reader is the independent oracle for what @peculiar/x509 reports.
const oracle = new NodeX509Certificate(testCertificatePem);
const DAY = 24 * 60 * 60 * 1000;
const validFrom = new Date(oracle.validFrom);
const validTo = new Date(oracle.validTo);
const NOW = new Date(validFrom.getTime() + 30 * DAY);

function refused(result: MetadataResult) {
  if (result.ok) throw new Error(`expected a refusal, got metadata for ${result.metadata.entityId}`);
  return result.error;
}

function accepted<M extends SamlMetadata>(result: MetadataResult<M>): { metadata: M; warnings: MetadataWarning[] } {
  if (!result.ok) throw new Error(`expected metadata, got ${result.error.code}: ${result.error.message}`);
  return result;
}

describe("parseMetadata: AWS service provider metadata", () => {
  it("reads entity id, both ACS URLs, NameID formats, flags, region and identity store id", async () => {
    const { metadata, warnings } = accepted(await parseMetadata(awsSpMetadataXml(), "sp", { now: NOW }));
    expect(warnings).toEqual([]);
    expect(metadata.entityId).toBe("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f");
    expect(metadata.assertionConsumerServices).toEqual([
      {
        binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
        location: "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/85f2a8f3-9efd-4a5d-82d4-536a359a8c35",
        index: 0,
        isDefault: true,
      },
      {
        binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
        location: "https://eu-central-1.sso.signin.aws/platform/saml/acs/85f2a8f3-9efd-4a5d-82d4-536a359a8c35",
        index: 1,
        isDefault: false,
      },
    ]);
    expect(metadata.nameIdFormats).toEqual(["urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"]);
    expect(metadata.wantAssertionsSigned).toBe(true);
    expect(metadata.authnRequestsSigned).toBe(false);
    expect(metadata.aws).toEqual({ region: "eu-central-1", identityStoreId: "d-996719544f", accessPortalUrl: "https://d-996719544f.awsapps.com/start" });
    expect(metadata.signature).toBe("absent");
  });

  it("derives region and identity store id from whatever entity id the file has", async () => {
    // The reply URLs move with the issuer: they must be AWS's for the issuer's Region.
    const xml = awsSpMetadataXml().replaceAll("eu-central-1", "us-gov-west-1").replace("d-996719544f", "d-9a6709eac6");
    const { metadata } = accepted(await parseMetadata(xml, "sp", { now: NOW }));
    expect(metadata.aws).toMatchObject({ region: "us-gov-west-1", identityStoreId: "d-9a6709eac6" });
  });

  it("accepts the default namespace as well as the md: prefix, and warns on a non-AWS entity id", async () => {
    const xml = awsSpMetadataXml()
      .replaceAll("md:", "")
      .replace('xmlns:md="', 'xmlns="')
      .replace("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f", "https://sp.example.com/saml");
    const { metadata, warnings } = accepted(await parseMetadata(xml, "sp", { now: NOW }));
    expect(metadata.assertionConsumerServices).toHaveLength(2);
    expect(metadata.aws).toBeNull();
    expect(warnings.map((w) => w.code)).toEqual(["unrecognised-provider"]);
  });

  it("reads signing and encryption certificates of a service provider", async () => {
    const keyDescriptor = (use: string) =>
      `<md:KeyDescriptor use="${use}"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${testCertificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
    const xml = awsSpMetadataXml().replace("<md:NameIDFormat>", `${keyDescriptor("signing")}${keyDescriptor("encryption")}<md:NameIDFormat>`);
    const { metadata } = accepted(await parseMetadata(xml, "sp", { now: NOW }));
    expect(metadata.certificates.map((c) => c.use)).toEqual(["signing", "encryption"]);
  });

  it("refuses Entra metadata where the AWS metadata is expected", async () => {
    expect(refused(await parseMetadata(entraIdpMetadataXml(), "sp", { now: NOW }))).toMatchObject({
      code: "wrong-role",
      message: expect.stringContaining("AWS IAM Identity Center console") as unknown,
    });
  });

  it("refuses SP metadata without an AssertionConsumerService", async () => {
    const xml = awsSpMetadataXml().replace(/<md:AssertionConsumerService[^>]*\/>/g, "");
    expect(refused(await parseMetadata(xml, "sp", { now: NOW })).code).toBe("missing-endpoint");
  });
});

describe("parseMetadata: Entra federation metadata", () => {
  it("reads SSO and SLO endpoints, NameID formats, tenant id and the signing certificate", async () => {
    const { metadata, warnings } = accepted(await parseMetadata(entraIdpMetadataXml(), "idp", { now: NOW }));
    expect(warnings).toEqual([]);
    expect(metadata.entityId).toBe("https://sts.windows.net/8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05/");
    expect(metadata.entra).toEqual({ tenantId: "8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05" });
    expect(metadata.singleSignOnServices.map((s) => s.binding)).toEqual([
      "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
      "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
    ]);
    expect(metadata.singleSignOnServices[0]?.location).toBe("https://login.microsoftonline.com/8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05/saml2");
    expect(metadata.singleLogoutServices).toHaveLength(1);
    expect(metadata.nameIdFormats).toHaveLength(3);
    expect(metadata.signature).toBe("absent");
    // Only the IDPSSODescriptor's key counts, not the WS-Federation RoleDescriptor's copy.
    expect(metadata.certificates).toHaveLength(1);
  });

  it("reports the certificate as Entra and openssl see it", async () => {
    const { metadata } = accepted(await parseMetadata(entraIdpMetadataXml(), "idp", { now: NOW }));
    const certificate = metadata.certificates[0];
    expect(certificate).toMatchObject({
      use: "signing",
      subject: oracle.subject.replace(/\n/g, ", "),
      issuer: oracle.issuer.replace(/\n/g, ", "),
      serialNumber: oracle.serialNumber.toUpperCase(),
      sha1Thumbprint: oracle.fingerprint.replace(/:/g, ""),
      sha256Thumbprint: oracle.fingerprint256.replace(/:/g, ""),
      notBefore: validFrom.toISOString(),
      notAfter: validTo.toISOString(),
      daysLeft: Math.floor((validTo.getTime() - NOW.getTime()) / DAY),
      keyAlgorithm: "RSA",
      keySize: oracle.publicKey.asymmetricKeyDetails?.modulusLength,
    });
    expect(certificate?.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
  });

  it("allows the sandbox cloud's http://127.0.0.1 endpoints with a warning in sandbox mode, and refuses them otherwise", async () => {
    const xml = entraIdpMetadataXml().replaceAll("https://login.microsoftonline.com/", "http://127.0.0.1:4010/login/");
    expect(refused(await parseMetadata(xml, "idp", { now: NOW }))).toMatchObject({
      code: "unsafe-value",
      message: expect.stringContaining("local endpoint on plain http (127.0.0.1), which only the sandbox uses") as unknown,
    });
    const { metadata, warnings } = accepted(await parseMetadata(xml, "idp", { now: NOW, sandbox: true }));
    expect(metadata.singleSignOnServices[0]?.location).toBe("http://127.0.0.1:4010/login/8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05/saml2");
    expect(warnings).toEqual([{ code: "local-endpoint", message: expect.stringContaining("sandbox/local endpoint") as unknown }]);
  });

  it("finds the tenant from the sign-in URL when the issuer is not sts.windows.net", async () => {
    const xml = entraIdpMetadataXml().replace("https://sts.windows.net/8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05/", "https://idp.example.com/issuer");
    const { metadata } = accepted(await parseMetadata(xml, "idp", { now: NOW }));
    expect(metadata.entra).toEqual({ tenantId: "8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05" });
  });

  it("refuses AWS metadata where Entra's is expected", async () => {
    expect(refused(await parseMetadata(awsSpMetadataXml(), "idp", { now: NOW })).code).toBe("wrong-role");
  });

  it("refuses IdP metadata without a signing certificate", async () => {
    const xml = entraIdpMetadataXml().replace(/<KeyDescriptor use="signing">[\s\S]*?<\/KeyDescriptor>/g, "");
    expect(refused(await parseMetadata(xml, "idp", { now: NOW })).code).toBe("missing-signing-certificate");
  });

  it("marks a signed document as not checked, since the browser cannot verify it", async () => {
    const xml = entraIdpMetadataXml().replace("<RoleDescriptor", '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/><RoleDescriptor');
    const { metadata } = accepted(await parseMetadata(xml, "idp", { now: NOW }));
    expect(metadata.signature).toBe("not-checked-in-browser");
  });
});

describe("parseMetadata: certificate validity", () => {
  it("refuses an expired certificate", async () => {
    const now = new Date(validTo.getTime() + DAY);
    const error = refused(await parseMetadata(entraIdpMetadataXml(), "idp", { now }));
    expect(error.code).toBe("certificate-expired");
    expect(error.message).toContain(validTo.toISOString().slice(0, 10));
  });

  it("warns with the days left when a certificate expires within 60 days", async () => {
    const now = new Date(validTo.getTime() - 20 * DAY - 60_000);
    const { warnings, metadata } = accepted(await parseMetadata(entraIdpMetadataXml(), "idp", { now }));
    expect(metadata.certificates[0]?.daysLeft).toBe(20);
    expect(warnings).toEqual([{ code: "certificate-expiring", message: expect.stringContaining("expires in 20 days") as unknown }]);
  });

  it("does not warn at 61 days", async () => {
    const now = new Date(validTo.getTime() - 61 * DAY - 60_000);
    expect(accepted(await parseMetadata(entraIdpMetadataXml(), "idp", { now })).warnings).toEqual([]);
  });

  it("warns on a certificate that is not valid yet", async () => {
    const now = new Date(validFrom.getTime() - DAY);
    expect(accepted(await parseMetadata(entraIdpMetadataXml(), "idp", { now })).warnings.map((w) => w.code)).toEqual(["certificate-not-yet-valid"]);
  });

  it("refuses an RSA key IAM refuses (under 1024 bits) and warns on one under 2048", async () => {
    const weak = refused(await parseMetadata(entraIdpMetadataXml(weak512CertificateBase64), "idp", { now: NOW }));
    expect(weak).toMatchObject({ code: "certificate-weak-key", message: expect.stringContaining("512-bit") as unknown });
    const short = accepted(await parseMetadata(entraIdpMetadataXml(weak1024CertificateBase64), "idp", { now: NOW }));
    expect(short.warnings.map((w) => w.code)).toEqual(["certificate-short-key"]);
    expect(short.metadata.certificates[0]?.keySize).toBe(1024);
  });

  it("refuses a certificate that is not X.509", async () => {
    const error = refused(await parseMetadata(entraIdpMetadataXml("SGVsbG8gd29ybGQ="), "idp", { now: NOW }));
    expect(error.code).toBe("certificate-unreadable");
  });

  it("refuses an IdP certificate longer than Identity Center accepts", async () => {
    const error = refused(await parseMetadata(entraIdpMetadataXml("A".repeat(2504)), "idp", { now: NOW }));
    expect(error.code).toBe("certificate-too-long");
  });
});
