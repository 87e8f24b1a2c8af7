import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { awsSpMetadataXml, entraIdpMetadataXml, testCertificatePem } from "./fixtures/test-fixtures";
import { parseMetadata } from "./parse-metadata";
import { primaryAssertionConsumerService, summarizeMetadata } from "./summarize-metadata";

const validTo = new Date(new X509Certificate(testCertificatePem).validTo);
const NOW = new Date(validTo.getTime() - 100 * 24 * 60 * 60 * 1000 - 60_000);

const factsOf = (summary: { facts: { label: string; value: string }[] }) => Object.fromEntries(summary.facts.map((f) => [f.label, f.value]));

describe("summarizeMetadata", () => {
  it("shows the values the admin needs from the AWS metadata", async () => {
    const result = await parseMetadata(awsSpMetadataXml(), "sp", { now: NOW });
    if (!result.ok) throw new Error(result.error.message);
    const summary = summarizeMetadata(result.metadata);
    expect(summary.heading).toBe("Service provider metadata (AWS)");
    expect(factsOf(summary)).toEqual({
      "Identifier (Entity ID)": "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f",
      "Reply URL (Assertion Consumer Service URL)": "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/85f2a8f3-9efd-4a5d-82d4-536a359a8c35",
      "Further reply URLs": "1 (dual-stack)",
      "AWS Region": "eu-central-1",
      "Identity store ID": "d-996719544f",
      "Sign on URL (AWS access portal)": "https://d-996719544f.awsapps.com/start",
      Signature: "Not signed",
    });
  });

  it("shows the Entra values with the certificate's thumbprint and expiry", async () => {
    const result = await parseMetadata(entraIdpMetadataXml(), "idp", { now: NOW });
    if (!result.ok) throw new Error(result.error.message);
    const facts = factsOf(summarizeMetadata(result.metadata));
    expect(facts["Login URL (Single Sign-On URL)"]).toBe("https://login.microsoftonline.com/8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05/saml2");
    expect(facts["Tenant ID"]).toBe("8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05");
    expect(facts.Thumbprint).toBe(new X509Certificate(testCertificatePem).fingerprint.replace(/:/g, ""));
    expect(facts.Expires).toBe(`${validTo.toISOString().slice(0, 10)} (100 days left)`);
  });
});

describe("summary heading", () => {
  it("does not call service provider metadata AWS's when its issuer is not IAM Identity Center", async () => {
    const xml = awsSpMetadataXml().replace("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f", "https://sp.example.com/saml");
    const result = await parseMetadata(xml, "sp", { now: NOW });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.metadata.aws).toBeNull();
    const { heading } = summarizeMetadata(result.metadata);
    expect(heading).toBe("Service provider metadata (not recognised as AWS)");
    expect(heading).not.toMatch(/\(AWS\)/);
  });

  it("does not call identity provider metadata Entra's when it names no Entra tenant", async () => {
    const xml = entraIdpMetadataXml()
      .replace("https://sts.windows.net/8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05/", "https://idp.example.com/issuer")
      .replaceAll("https://login.microsoftonline.com/8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05/", "https://idp.example.com/");
    const result = await parseMetadata(xml, "idp", { now: NOW });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.metadata.entra).toBeNull();
    expect(summarizeMetadata(result.metadata).heading).toBe("Identity provider metadata (not recognised as Entra)");
  });
});

describe("primaryAssertionConsumerService", () => {
  const acs = (location: string, index: number | null, isDefault = false) => ({ binding: "b", location, index, isDefault });
  it("prefers isDefault, then the lowest index, then the first listed", () => {
    expect(primaryAssertionConsumerService([acs("a", 0), acs("b", 1, true)])?.location).toBe("b");
    expect(primaryAssertionConsumerService([acs("a", 3), acs("b", 1)])?.location).toBe("b");
    expect(primaryAssertionConsumerService([acs("a", null), acs("b", null)])?.location).toBe("a");
  });
});
